import { startPostgresServer, type PostgresServer } from '../test/support/postgres-server.js';
import { collectGarbage, startBenchNode } from './bench-node.js';
import { createPlainTable, insertPlain, sampleRecord, timeWrites } from './audit-workload.js';
import type { BenchmarkResult, SummaryRow } from './summary.js';

/** Events per second on one store. */
export interface AppendFigures {
  readonly store: string;
  readonly sequential: number;
  readonly concurrent: number;
  readonly rawSequential: number;
  readonly rawConcurrent: number;
}

export interface AuditAppendResult extends BenchmarkResult {
  readonly pglite: AppendFigures;
  /** Null when no PostgreSQL server could be started here (the reason is in the notes). */
  readonly postgres: AppendFigures | null;
}

const events = 5_000;
const writers = 8;
const warmup = 300;

/**
 * Audit appends per second, one writer and eight, against raw INSERTs of the same rows into a plain table
 * through the same Kysely instance: the ratio is the cost of the hash chain and the append lock.
 */
export async function auditAppend(): Promise<AuditAppendResult> {
  const notes: string[] = [];
  const pglite = await measureStore('PGlite (memory)', undefined);
  let postgres: AppendFigures | null = null;
  let server: PostgresServer | null = null;
  try {
    server = await startPostgresServer();
  } catch (e) {
    notes.push(`real PostgreSQL variant skipped: ${(e as Error).message}`);
  }
  if (server !== null) {
    try {
      notes.push(
        `real PostgreSQL: ${server.version}, fsync and synchronous_commit off (the test server's settings)`,
      );
      postgres = await measureStore('PostgreSQL', server.url);
    } finally {
      server.stop();
    }
  }
  const rows: SummaryRow[] = [];
  for (const f of [pglite, postgres]) {
    if (f === null) continue;
    rows.push(
      {
        benchmark: 'audit-append',
        measure: `${f.store}, 1 writer`,
        unit: 'events/s',
        salus: f.sequential,
        baseline: f.rawSequential,
        baselineLabel: 'raw INSERT, plain table',
      },
      {
        benchmark: 'audit-append',
        measure: `${f.store}, ${writers} writers`,
        unit: 'events/s',
        salus: f.concurrent,
        baseline: f.rawConcurrent,
        baselineLabel: 'raw INSERT, plain table',
      },
    );
  }
  notes.push(
    `${events.toLocaleString('en-GB')} events per phase after ${warmup} warm-up events of each kind`,
  );
  return { name: 'audit-append', pglite, postgres, rows, notes };
}

async function measureStore(store: string, databaseUrl: string | undefined): Promise<AppendFigures> {
  const bench = await startBenchNode(databaseUrl === undefined ? {} : { databaseUrl });
  try {
    const { audit, db } = bench.node;
    await createPlainTable(db);
    // Sequence numbers for the plain table; the chain finds its own.
    let plainSeq = 0;
    const raw = (i: number): Promise<void> => insertPlain(db, ++plainSeq, sampleRecord(i));
    const chained = (i: number): Promise<unknown> => audit.record(sampleRecord(i));

    await timeWrites(0, warmup, 1, raw);
    await timeWrites(0, warmup, 1, chained);

    const rate = async (writerCount: number, write: (i: number) => Promise<unknown>): Promise<number> => {
      collectGarbage();
      return events / (await timeWrites(0, events, writerCount, write));
    };
    const rawSequential = await rate(1, raw);
    const sequential = await rate(1, chained);
    const rawConcurrent = await rate(writers, raw);
    const concurrent = await rate(writers, chained);

    // Eight writers racing must still leave one unbroken chain, or the figure is of a broken log.
    const verification = await audit.verify();
    if (!verification.ok)
      throw new Error(
        `the audit chain is broken after concurrent appends: ${JSON.stringify(verification.firstBroken)}`,
      );

    const figures = { store, sequential, concurrent, rawSequential, rawConcurrent };
    const line = (label: string, salus: number, baseline: number): string =>
      `  ${store}, ${label}: audit.record ${Math.round(salus)} events/s, raw INSERT ${Math.round(baseline)} events/s, ratio ${(salus / baseline).toFixed(3)}`;
    console.log(line('1 writer', sequential, rawSequential));
    console.log(line(`${writers} writers`, concurrent, rawConcurrent));
    return figures;
  } finally {
    await bench.stop();
  }
}
