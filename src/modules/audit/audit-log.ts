import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { eventHash, genesisHash, type AuditEventContent } from './chain.js';
import {
  appendLeaf,
  emptyFrontier,
  frontierRoot,
  inclusionProof,
  leafHash,
  type Frontier,
} from './merkle.js';
import type { AuditEventTable, AuditOutcome, AuditTables } from './tables.js';

/** Serialises appends across every connection and process that writes the log. */
const appendLockKey = 7_270_001;

export interface AuditActor {
  readonly id: string | null;
  readonly label: string;
  readonly roles: readonly string[];
}

export interface AuditRecord {
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly actor: AuditActor;
  readonly target?: { readonly type: string; readonly id: string | null } | undefined;
  readonly requestId?: string | null | undefined;
  readonly clientAddress?: string | null | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

export interface AuditEvent extends AuditEventContent {
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditFilter {
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  readonly outcome?: AuditOutcome | undefined;
  readonly targetType?: string | undefined;
  readonly targetId?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  /** Only events with a smaller sequence number: the cursor of the previous page. */
  readonly before?: number | undefined;
  readonly limit: number;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly checkpointsChecked: number;
  readonly firstBroken: { readonly seq: number; readonly id: string | null; readonly reason: string } | null;
}

export interface InclusionProof {
  readonly seq: number;
  readonly eventHash: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly proof: string[];
}

export interface Checkpoint {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly createdAt: string;
}

export const systemActor: AuditActor = { id: null, label: 'system', roles: [] };

/** The append-only, hash-chained audit log with RFC 6962 checkpoints. */
export class AuditLog {
  private readonly db: Kysely<AuditTables>;

  constructor(
    database: Database,
    private readonly checkpointInterval: number,
  ) {
    this.db = database.kysely.withTables<AuditTables>();
  }

  async record(entry: AuditRecord): Promise<AuditEvent> {
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${appendLockKey})`.execute(trx);
      const last = await trx
        .selectFrom('audit_event')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const content: AuditEventContent = {
        seq: (last?.seq ?? 0) + 1,
        id: randomUUID(),
        occurredAt: new Date().toISOString(),
        actorId: entry.actor.id,
        actorLabel: entry.actor.label,
        roles: [...entry.actor.roles],
        action: entry.action,
        targetType: entry.target?.type ?? null,
        targetId: entry.target?.id ?? null,
        outcome: entry.outcome,
        requestId: entry.requestId ?? null,
        clientAddress: entry.clientAddress ?? null,
        details: entry.details ?? {},
      };
      const prevHash = last?.hash ?? genesisHash;
      const hash = eventHash(prevHash, content);
      await trx
        .insertInto('audit_event')
        .values({
          seq: content.seq,
          id: content.id,
          occurred_at: new Date(content.occurredAt),
          actor_id: content.actorId,
          actor_label: content.actorLabel,
          roles: JSON.stringify(content.roles),
          action: content.action,
          target_type: content.targetType,
          target_id: content.targetId,
          outcome: content.outcome,
          request_id: content.requestId,
          client_address: content.clientAddress,
          details: JSON.stringify(content.details),
          prev_hash: prevHash,
          hash,
        })
        .execute();
      if (content.seq % this.checkpointInterval === 0) await this.checkpointWithin(trx, content.seq);
      return { ...content, prevHash, hash };
    });
  }

  async list(filter: AuditFilter): Promise<{ events: AuditEvent[]; nextBefore: number | null }> {
    let q = this.db
      .selectFrom('audit_event')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(filter.limit + 1);
    if (filter.actor !== undefined) {
      const actor = filter.actor;
      q = q.where((eb) =>
        eb.or([eb('actor_id', '=', actor), eb('actor_label', 'ilike', `%${escapeLike(actor)}%`)]),
      );
    }
    if (filter.action !== undefined) q = q.where('action', 'like', `${escapeLike(filter.action)}%`);
    if (filter.outcome !== undefined) q = q.where('outcome', '=', filter.outcome);
    if (filter.targetType !== undefined) q = q.where('target_type', '=', filter.targetType);
    if (filter.targetId !== undefined) q = q.where('target_id', '=', filter.targetId);
    if (filter.from !== undefined) q = q.where('occurred_at', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('occurred_at', '<=', filter.to);
    if (filter.before !== undefined) q = q.where('seq', '<', filter.before);
    const rows = await q.execute();
    const page = rows.slice(0, filter.limit).map(fromRow);
    return {
      events: page,
      nextBefore: rows.length > filter.limit ? (page[page.length - 1]?.seq ?? null) : null,
    };
  }

  /** Recomputes every hash from the first event on and names the first event that does not hold. */
  async verify(onProgress?: (checked: number) => void): Promise<ChainVerification> {
    const checkpoints = await this.db
      .selectFrom('audit_checkpoint')
      .selectAll()
      .orderBy('tree_size')
      .execute();
    let nextCheckpoint = 0;
    let prevHash = genesisHash;
    let frontier: Frontier = emptyFrontier;
    let expectedSeq = 1;
    let checked = 0;
    const pageSize = 5000;
    const broken = (seq: number, id: string | null, reason: string): ChainVerification => ({
      ok: false,
      checked,
      checkpointsChecked: nextCheckpoint,
      firstBroken: { seq, id, reason },
    });
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_event')
        .selectAll()
        .where('seq', '>=', expectedSeq)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const row of rows) {
        const event = fromRow(row);
        if (event.seq !== expectedSeq) {
          return broken(
            expectedSeq,
            null,
            `events ${expectedSeq} to ${event.seq - 1} are missing: the log has a gap before event ${event.seq}`,
          );
        }
        if (event.prevHash !== prevHash) {
          return broken(
            event.seq,
            event.id,
            `its link to the previous event is broken: event ${event.seq - 1} was altered or removed`,
          );
        }
        if (eventHash(prevHash, contentOf(event)) !== event.hash) {
          return broken(
            event.seq,
            event.id,
            'its content no longer matches its hash: the event was altered after it was written',
          );
        }
        frontier = appendLeaf(frontier, leafHash(event.hash));
        const checkpoint = checkpoints[nextCheckpoint];
        if (checkpoint !== undefined && checkpoint.tree_size === event.seq) {
          if (frontierRoot(frontier) !== checkpoint.root_hash) {
            return broken(
              event.seq,
              event.id,
              `the Merkle checkpoint at ${checkpoint.tree_size} events does not match the events up to it`,
            );
          }
          nextCheckpoint++;
        }
        prevHash = event.hash;
        expectedSeq++;
        checked++;
      }
      onProgress?.(checked);
      if (rows.length < pageSize) break;
    }
    const unmet = checkpoints[nextCheckpoint];
    if (unmet !== undefined) {
      return broken(
        expectedSeq,
        null,
        `a checkpoint covers ${unmet.tree_size} events but the log ends at ${expectedSeq - 1}: events were removed from its end`,
      );
    }
    return { ok: true, checked, checkpointsChecked: nextCheckpoint, firstBroken: null };
  }

  /** Publishes the Merkle root of the whole log as it is now. */
  async checkpoint(): Promise<Checkpoint | null> {
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${appendLockKey})`.execute(trx);
      const last = await trx
        .selectFrom('audit_event')
        .select('seq')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last === undefined) return null;
      return this.checkpointWithin(trx, last.seq);
    });
  }

  async checkpoints(): Promise<Checkpoint[]> {
    const rows = await this.db
      .selectFrom('audit_checkpoint')
      .selectAll()
      .orderBy('tree_size', 'desc')
      .limit(100)
      .execute();
    return rows.map((r) => ({
      treeSize: r.tree_size,
      rootHash: r.root_hash,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** Proves that event `seq` is included in the tree of the latest checkpoint (or of `treeSize`). */
  async inclusionProof(seq: number, treeSize?: number): Promise<InclusionProof> {
    const checkpoint = await this.db
      .selectFrom('audit_checkpoint')
      .selectAll()
      .$if(treeSize !== undefined, (q) => q.where('tree_size', '=', treeSize ?? 0))
      .orderBy('tree_size', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (checkpoint === undefined) {
      throw new AppError(
        'not_found',
        'audit.no_checkpoint',
        treeSize === undefined
          ? 'No checkpoint has been made yet.'
          : `There is no checkpoint at ${treeSize} events.`,
      );
    }
    if (seq < 1 || seq > checkpoint.tree_size) {
      throw new AppError(
        'not_found',
        'audit.not_in_checkpoint',
        `Event ${seq} is not covered by the checkpoint at ${checkpoint.tree_size} events.`,
      );
    }
    const rows = await this.db
      .selectFrom('audit_event')
      .select('hash')
      .where('seq', '<=', checkpoint.tree_size)
      .orderBy('seq')
      .execute();
    const leaves = rows.map((r) => leafHash(r.hash));
    const event = rows[seq - 1];
    if (event === undefined)
      throw new AppError(
        'conflict',
        'audit.chain_broken',
        'The log has fewer events than its checkpoint; run audit verification.',
      );
    return {
      seq,
      eventHash: event.hash,
      leafIndex: seq - 1,
      treeSize: checkpoint.tree_size,
      rootHash: checkpoint.root_hash,
      proof: inclusionProof(leaves, seq - 1),
    };
  }

  private async checkpointWithin(trx: Kysely<AuditTables>, treeSize: number): Promise<Checkpoint> {
    const existing = await trx
      .selectFrom('audit_checkpoint')
      .selectAll()
      .where('tree_size', '=', treeSize)
      .executeTakeFirst();
    if (existing !== undefined)
      return { treeSize, rootHash: existing.root_hash, createdAt: existing.created_at.toISOString() };
    const previous = await trx
      .selectFrom('audit_checkpoint')
      .selectAll()
      .where('tree_size', '<', treeSize)
      .orderBy('tree_size', 'desc')
      .limit(1)
      .executeTakeFirst();
    let frontier: Frontier =
      previous === undefined ? emptyFrontier : { size: previous.tree_size, nodes: previous.frontier };
    const rows = await trx
      .selectFrom('audit_event')
      .select('hash')
      .where('seq', '>', frontier.size)
      .where('seq', '<=', treeSize)
      .orderBy('seq')
      .execute();
    for (const r of rows) frontier = appendLeaf(frontier, leafHash(r.hash));
    const createdAt = new Date();
    const rootHash = frontierRoot(frontier);
    await trx
      .insertInto('audit_checkpoint')
      .values({
        tree_size: treeSize,
        root_hash: rootHash,
        frontier: JSON.stringify(frontier.nodes),
        created_at: createdAt,
      })
      .execute();
    return { treeSize, rootHash, createdAt: createdAt.toISOString() };
  }
}

function contentOf(e: AuditEvent): AuditEventContent {
  const { prevHash: _p, hash: _h, ...content } = e;
  return content;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function fromRow(row: Selectable<AuditEventTable>): AuditEvent {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    roles: row.roles,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    outcome: row.outcome,
    requestId: row.request_id,
    clientAddress: row.client_address,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
