import type { ColumnType } from 'kysely';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEventTable {
  seq: number;
  id: string;
  occurred_at: ColumnType<Date, Date, never>;
  actor_id: string | null;
  actor_label: string;
  roles: ColumnType<string[], string, never>;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: AuditOutcome;
  request_id: string | null;
  client_address: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointTable {
  tree_size: number;
  root_hash: string;
  /** The Merkle frontier at this size, so the next checkpoint continues from it. */
  frontier: ColumnType<string[], string, never>;
  created_at: ColumnType<Date, Date, never>;
}

// A type literal, not an interface: Kysely needs its index signature.
export type AuditTables = {
  audit_event: AuditEventTable;
  audit_checkpoint: AuditCheckpointTable;
};
