import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Stamp = ColumnType<Date, Date | string, Date | string>;

/**
 * A workspace's life: built from a permit's preparation task, open while the permit is in force, read-only
 * once it ends, locked after a grace period, and its data deleted after the retention period.
 */
export type WorkspaceStatus = 'preparing' | 'failed' | 'open' | 'read_only' | 'locked' | 'deleted';
export type JobLanguage = 'sql' | 'python' | 'r';
export type JobStatus =
  'running' | 'succeeded' | 'failed' | 'timed_out' | 'killed_memory' | 'killed_limit' | 'refused';
/**
 * An output request's path through the airlock: the automatic checks run when it is filed ('checked'); the
 * requester remedies and submits it; a checker approves (two when configured), rejects or returns it.
 */
export type OutputStatus = 'checked' | 'submitted' | 'returned' | 'approved' | 'rejected' | 'released';
export type ReviewDecision = 'approve' | 'reject' | 'return';

// Type literals, not interfaces: Kysely needs their index signature.
export type WorkspaceTables = {
  workspace: {
    id: string;
    task_id: string;
    permit_id: string;
    case_reference: string | null;
    title: string;
    status: WorkspaceStatus;
    status_reason: string | null;
    /** The minimisation report of the extract: what was kept and what was dropped. */
    extract_report: Json<Record<string, unknown> | null>;
    valid_until: Stamp | null;
    created_at: Stamp;
    created_by: string;
    updated_at: Stamp;
    deleted_at: Stamp | null;
  };
  workspace_job: {
    id: string;
    workspace_id: string;
    language: JobLanguage;
    name: string;
    script: string;
    status: JobStatus;
    started_by: string;
    started_at: Stamp;
    ended_at: Stamp | null;
    duration_ms: number | null;
    exit_code: number | null;
    message: string | null;
    log_tail: string | null;
    outputs: Json<string[]>;
  };
  workspace_output_request: {
    id: string;
    workspace_id: string;
    title: string;
    status: OutputStatus;
    requested_by: string;
    /** Per file: its name, size, sha-256, the requester's context, the verdict and the remedies applied. */
    files: Json<unknown[]>;
    created_at: Stamp;
    updated_at: Stamp;
    version: number;
  };
  workspace_output_review: {
    id: string;
    request_id: string;
    reviewer: string;
    decision: ReviewDecision;
    comment: string;
    decided_at: Stamp;
  };
};
