import { sql, type Kysely, type Migration } from 'kysely';

export const workspaceMigrations: Readonly<Record<string, Migration>> = {
  '0012_workspace': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      // The data of a workspace live in its folder (the extract, the outputs); the store keeps its state.
      await sql`
        CREATE TABLE workspace (
          id              uuid PRIMARY KEY,
          task_id         uuid NOT NULL UNIQUE,
          permit_id       uuid NOT NULL,
          case_reference  text,
          title           text NOT NULL,
          status          text NOT NULL CHECK (status IN
                            ('preparing', 'failed', 'open', 'read_only', 'locked', 'deleted')),
          status_reason   text,
          extract_report  jsonb,
          valid_until     timestamptz,
          created_at      timestamptz NOT NULL,
          created_by      text NOT NULL,
          updated_at      timestamptz NOT NULL,
          deleted_at      timestamptz
        )`.execute(db);
      await sql`CREATE INDEX workspace_permit ON workspace (permit_id)`.execute(db);
      await sql`
        CREATE TABLE workspace_job (
          id            uuid PRIMARY KEY,
          workspace_id  uuid NOT NULL REFERENCES workspace (id),
          language      text NOT NULL CHECK (language IN ('sql', 'python', 'r')),
          name          text NOT NULL,
          script        text NOT NULL,
          status        text NOT NULL,
          started_by    text NOT NULL,
          started_at    timestamptz NOT NULL,
          ended_at      timestamptz,
          duration_ms   integer,
          exit_code     integer,
          message       text,
          log_tail      text,
          outputs       jsonb NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX workspace_job_ws ON workspace_job (workspace_id, started_at)`.execute(db);
      await sql`
        CREATE TABLE workspace_output_request (
          id            uuid PRIMARY KEY,
          workspace_id  uuid NOT NULL REFERENCES workspace (id),
          title         text NOT NULL,
          status        text NOT NULL CHECK (status IN
                          ('checked', 'submitted', 'returned', 'approved', 'rejected', 'released')),
          requested_by  text NOT NULL,
          files         jsonb NOT NULL,
          created_at    timestamptz NOT NULL,
          updated_at    timestamptz NOT NULL,
          version       integer NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX workspace_output_ws ON workspace_output_request (workspace_id)`.execute(db);
      await sql`CREATE INDEX workspace_output_status ON workspace_output_request (status)`.execute(db);
      await sql`
        CREATE TABLE workspace_output_review (
          id          uuid PRIMARY KEY,
          request_id  uuid NOT NULL REFERENCES workspace_output_request (id),
          reviewer    text NOT NULL,
          decision    text NOT NULL CHECK (decision IN ('approve', 'reject', 'return')),
          comment     text NOT NULL,
          decided_at  timestamptz NOT NULL
        )`.execute(db);
    },
  },
};
