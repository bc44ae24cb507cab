import { sql } from 'kysely';
import { collectGarbage, startBenchNode } from './bench-node.js';
import { sampleRecord, timeWrites } from './audit-workload.js';
import type { BenchmarkResult } from './summary.js';

export interface AuditVerifyResult extends BenchmarkResult {
  readonly events: number;
  /** How long filling the log through `audit.record` took, and its rate. */
  readonly fillSeconds: number;
  /** Events per second, best of the runs. */
  readonly verify: number;
  readonly rawRead: number;
}

const events = 50_000;
const runs = 3;
const fillWriters = 8;

/**
 * Audit verification per second on embedded PGlite: `audit.verify()` over a log of 50,000 events, against
 * one raw ordered read of the same rows, so the ratio is the cost of re-hashing the chain and the Merkle
 * checkpoints on top of reading them.
 */
export async function auditVerify(): Promise<AuditVerifyResult> {
  const bench = await startBenchNode();
  try {
    const { audit, db } = bench.node;
    // Through the real append path, so the log carries its checkpoints exactly as a running node's would.
    // Several writers overlap one event's JavaScript with the previous one's store round trips (~20% faster).
    const fillSeconds = await timeWrites(0, events, fillWriters, (i) => audit.record(sampleRecord(i)));
    console.log(
      `  filled the log with ${events.toLocaleString('en-GB')} events via audit.record (${fillWriters} writers) in ${fillSeconds.toFixed(1)} s (${Math.round(events / fillSeconds)} events/s)`,
    );

    const timeVerify = async (): Promise<number> => {
      const t0 = performance.now();
      const result = await audit.verify();
      const seconds = (performance.now() - t0) / 1000;
      if (!result.ok || result.checked !== events)
        throw new Error(`verification did not pass over ${events} events: ${JSON.stringify(result)}`);
      return seconds;
    };
    const timeRawRead = async (): Promise<number> => {
      const t0 = performance.now();
      const { rows } = await sql`SELECT * FROM audit_event ORDER BY seq`.execute(db.kysely);
      const seconds = (performance.now() - t0) / 1000;
      if (rows.length !== events) throw new Error(`the raw read returned ${rows.length} rows, not ${events}`);
      return seconds;
    };
    // Alternated, so drift over the run (heap growth, a noisy neighbour) falls on both alike.
    const verifySeconds: number[] = [];
    const readSeconds: number[] = [];
    for (let r = 0; r < runs; r++) {
      collectGarbage();
      readSeconds.push(await timeRawRead());
      collectGarbage();
      verifySeconds.push(await timeVerify());
    }
    const verify = events / Math.min(...verifySeconds);
    const rawRead = events / Math.min(...readSeconds);
    console.log(
      `  audit.verify: ${Math.round(verify)} events/s (runs: ${verifySeconds.map((s) => `${s.toFixed(2)} s`).join(', ')})`,
    );
    console.log(
      `  raw SELECT * ORDER BY seq: ${Math.round(rawRead)} events/s (runs: ${readSeconds.map((s) => `${s.toFixed(2)} s`).join(', ')})`,
    );
    console.log(`  ratio verify / raw read: ${(verify / rawRead).toFixed(3)}`);
    return {
      name: 'audit-verify',
      events,
      fillSeconds,
      verify,
      rawRead,
      rows: [
        {
          benchmark: 'audit-verify',
          measure: `PGlite (memory), ${events.toLocaleString('en-GB')} events`,
          unit: 'events/s',
          salus: verify,
          baseline: rawRead,
          baselineLabel: 'raw SELECT * ORDER BY seq',
        },
      ],
      notes: [
        `filling the log: ${events.toLocaleString('en-GB')} audit.record calls (${fillWriters} writers) took ${fillSeconds.toFixed(1)} s (${Math.round(events / fillSeconds)} events/s)`,
        `verify and raw read: best of ${runs} alternating runs`,
      ],
    };
  } finally {
    await bench.stop();
  }
}
