import { sql, type Kysely, type Migration } from 'kysely';

export const auditMigrations: Readonly<Record<string, Migration>> = {
  '0002_audit_log': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      await sql`
        CREATE TABLE audit_event (
          seq            bigint PRIMARY KEY CHECK (seq > 0),
          id             uuid NOT NULL UNIQUE,
          occurred_at    timestamptz NOT NULL,
          actor_id       text,
          actor_label    text NOT NULL,
          roles          jsonb NOT NULL,
          action         text NOT NULL,
          target_type    text,
          target_id      text,
          outcome        text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
          request_id     text,
          client_address text,
          details        jsonb NOT NULL,
          prev_hash      char(64) NOT NULL,
          hash           char(64) NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX audit_event_occurred_at ON audit_event (occurred_at)`.execute(db);
      await sql`CREATE INDEX audit_event_actor ON audit_event (actor_id, seq)`.execute(db);
      await sql`CREATE INDEX audit_event_action ON audit_event (action text_pattern_ops, seq)`.execute(db);
      await sql`CREATE INDEX audit_event_target ON audit_event (target_type, target_id, seq)`.execute(db);
      await sql`
        CREATE TABLE audit_checkpoint (
          tree_size  bigint PRIMARY KEY CHECK (tree_size > 0),
          root_hash  char(64) NOT NULL,
          frontier   jsonb NOT NULL,
          created_at timestamptz NOT NULL
        )`.execute(db);
      // The log is append-only: the store itself refuses to change or remove what was written.
      await sql`
        CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END $$`.execute(db);
      for (const table of ['audit_event', 'audit_checkpoint']) {
        await sql`CREATE TRIGGER ${sql.id(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
                  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`.execute(db);
        await sql`CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
                  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`.execute(db);
      }
    },
  },
};
