import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../src/platform/db/index.js';
import type { AuditRecord, AuditTables } from '../src/modules/audit/index.js';

/**
 * The events the audit benchmarks write: shaped like what a data user's API traffic leaves in the log
 * (an actor with a role, a target, a request id, a few details), varied so no two are identical.
 */
export function sampleRecord(i: number): AuditRecord {
  return {
    action: i % 10 === 0 ? 'permit.read' : 'dataset.read',
    outcome: i % 50 === 0 ? 'denied' : 'success',
    actor: { id: `user-${i % 97}`, label: `Bench User ${i % 97} (API token)`, roles: ['data_user'] },
    target: { type: 'dataset', id: `dataset-${i % 1_000}` },
    requestId: `req-${i}`,
    clientAddress: '127.0.0.1',
    details: { method: 'GET', path: `/api/datasets/dataset-${i % 1_000}`, page: i % 7 },
  };
}

export const plainTable = 'bench_audit_plain';
type PlainTables = { [plainTable]: AuditTables['audit_event'] };

/**
 * The baseline store: a table shaped like `audit_event` with the same keys and indexes, but no chain, no
 * lock and no append-only triggers, so writing to it costs only the INSERT.
 */
export async function createPlainTable(db: Database): Promise<void> {
  await sql`CREATE TABLE ${sql.table(plainTable)} (LIKE audit_event INCLUDING ALL)`.execute(db.kysely);
}

const placeholderHash = '0'.repeat(64);

/** One raw INSERT of the same row `audit.record` would write, with a given sequence number and no hashing. */
export async function insertPlain(db: Database, seq: number, record: AuditRecord): Promise<void> {
  await db.kysely
    .withTables<PlainTables>()
    .insertInto(plainTable)
    .values({
      seq,
      id: randomUUID(),
      occurred_at: new Date(),
      actor_id: record.actor.id,
      actor_label: record.actor.label,
      roles: JSON.stringify(record.actor.roles),
      action: record.action,
      target_type: record.target?.type ?? null,
      target_id: record.target?.id ?? null,
      outcome: record.outcome,
      request_id: record.requestId ?? null,
      client_address: record.clientAddress ?? null,
      details: JSON.stringify(record.details ?? {}),
      prev_hash: placeholderHash,
      hash: placeholderHash,
    })
    .execute();
}

/** Runs `write(i)` for i in [from, from + count) with `writers` callers in flight; returns seconds taken. */
export async function timeWrites(
  from: number,
  count: number,
  writers: number,
  write: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = from;
  const end = from + count;
  const writer = async (): Promise<void> => {
    while (next < end) await write(next++);
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: writers }, writer));
  return (performance.now() - t0) / 1000;
}
