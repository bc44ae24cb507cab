import { sql, type Kysely, type Migration } from 'kysely';

const caseStatuses = `'draft', 'expired', 'submitted', 'pre_screening', 'processing', 'awaiting_information', 'decision_issued', 'withdrawn'`;

export const accessMigrations: Readonly<Record<string, Migration>> = {
  '0006_access': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      await sql`CREATE SEQUENCE access_case_number`.execute(db);
      await sql`
        CREATE TABLE access_case (
          id                        uuid PRIMARY KEY,
          reference                 text UNIQUE,
          track                     text NOT NULL CHECK (track IN ('application', 'data_request')),
          public_sector             boolean NOT NULL DEFAULT false,
          status                    text NOT NULL CHECK (status IN (${sql.raw(caseStatuses)})),
          resume_status             text CHECK (resume_status IN (${sql.raw(caseStatuses)})),
          applicant_user_id         uuid NOT NULL REFERENCES app_user (id),
          applicant_organisation_id uuid REFERENCES organisation (id),
          title                     text NOT NULL,
          purpose                   text,
          form                      jsonb NOT NULL,
          basket                    jsonb NOT NULL DEFAULT '[]',
          checklist                 jsonb NOT NULL DEFAULT '[]',
          assessor_user_id          uuid,
          decision                  jsonb,
          decided_by                uuid,
          decided_at                timestamptz,
          clock_started_at          timestamptz,
          paused_ms                 bigint NOT NULL DEFAULT 0,
          paused_since              timestamptz,
          extended                  boolean NOT NULL DEFAULT false,
          extension_reason          text,
          deadline_base             timestamptz,
          closed_at                 timestamptz,
          draft_expires_at          timestamptz,
          cloned_from               uuid,
          revision                  integer NOT NULL DEFAULT 1,
          created_at                timestamptz NOT NULL,
          updated_at                timestamptz NOT NULL,
          submitted_at              timestamptz
        )`.execute(db);
      await sql`CREATE INDEX access_case_status ON access_case (status)`.execute(db);
      await sql`CREATE INDEX access_case_organisation ON access_case (applicant_organisation_id)`.execute(db);
      await sql`CREATE INDEX access_case_applicant ON access_case (applicant_user_id)`.execute(db);
      await sql`CREATE INDEX access_case_submitted ON access_case (submitted_at)`.execute(db);
      await sql`CREATE INDEX access_case_deadline ON access_case (deadline_base)`.execute(db);
      await sql`
        CREATE TABLE access_case_event (
          id            uuid PRIMARY KEY,
          case_id       uuid NOT NULL REFERENCES access_case (id),
          at            timestamptz NOT NULL,
          actor_user_id uuid,
          from_status   text,
          to_status     text NOT NULL,
          note          text
        )`.execute(db);
      await sql`CREATE INDEX access_case_event_case ON access_case_event (case_id, at)`.execute(db);
      await sql`
        CREATE TABLE access_message (
          id             uuid PRIMARY KEY,
          case_id        uuid NOT NULL REFERENCES access_case (id),
          author_user_id uuid NOT NULL,
          author_name    text NOT NULL,
          side           text NOT NULL CHECK (side IN ('applicant', 'hdab')),
          kind           text NOT NULL CHECK (kind IN ('message', 'information_request', 'information_response')),
          body           text NOT NULL,
          fields         jsonb NOT NULL DEFAULT '[]',
          created_at     timestamptz NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX access_message_case ON access_message (case_id, created_at)`.execute(db);
      await sql`
        CREATE TABLE access_appeal (
          id           uuid PRIMARY KEY,
          case_id      uuid NOT NULL REFERENCES access_case (id),
          filed_by     uuid NOT NULL,
          filed_at     timestamptz NOT NULL,
          grounds      text NOT NULL,
          outcome      text CHECK (outcome IN ('upheld', 'dismissed')),
          outcome_note text,
          decided_at   timestamptz
        )`.execute(db);
      await sql`
        CREATE TABLE access_permit (
          id            uuid PRIMARY KEY,
          case_id       uuid NOT NULL REFERENCES access_case (id),
          permit_number text NOT NULL,
          version       integer NOT NULL CHECK (version > 0),
          previous_id   uuid REFERENCES access_permit (id),
          change        text NOT NULL CHECK (change IN ('granted', 'amended', 'renewed')),
          state         text NOT NULL CHECK (state IN ('active', 'superseded', 'revoked', 'expired')),
          elements      jsonb NOT NULL,
          valid_from    timestamptz NOT NULL,
          valid_until   timestamptz NOT NULL,
          renewed       boolean NOT NULL DEFAULT false,
          issued_at     timestamptz NOT NULL,
          issued_by     uuid,
          ended_at      timestamptz,
          end_reason    text,
          UNIQUE (permit_number, version)
        )`.execute(db);
      // One version of a permit is in force at a time: a second concurrent amendment cannot slip in.
      await sql`CREATE UNIQUE INDEX access_permit_one_active ON access_permit (permit_number) WHERE state = 'active'`.execute(
        db,
      );
      await sql`CREATE INDEX access_permit_case ON access_permit (case_id)`.execute(db);
      await sql`
        CREATE TABLE access_preparation_task (
          id          uuid PRIMARY KEY,
          case_id     uuid NOT NULL REFERENCES access_case (id),
          permit_id   uuid REFERENCES access_permit (id),
          status      text NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
          work_order  jsonb NOT NULL,
          created_at  timestamptz NOT NULL,
          updated_at  timestamptz NOT NULL,
          updated_by  uuid
        )`.execute(db);
      // Art 71: only the pseudonym and the time; no name, no national identifier.
      await sql`
        CREATE TABLE access_opt_out (
          pseudonym    text PRIMARY KEY CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
          opted_out_at timestamptz NOT NULL
        )`.execute(db);
    },
  },
  '0007_access_attachments': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      await sql`
        CREATE TABLE access_attachment (
          id          uuid PRIMARY KEY,
          case_id     uuid NOT NULL REFERENCES access_case (id),
          kind        text NOT NULL CHECK (kind IN ('protocol', 'ethics_approval', 'other')),
          filename    text NOT NULL,
          media_type  text NOT NULL,
          size_bytes  integer NOT NULL,
          sha256      text NOT NULL,
          content     bytea NOT NULL,
          uploaded_by uuid NOT NULL,
          uploaded_at timestamptz NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX access_attachment_case ON access_attachment (case_id)`.execute(db);
    },
  },
  '0015_access_reminders_and_dashboard': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      // One row per reminder sent: its key is claimed before the mail goes out, so two nodes sweeping at once,
      // or a sweep run again, never send the same reminder twice.
      await sql`
        CREATE TABLE access_reminder (
          key     text PRIMARY KEY,
          kind    text NOT NULL,
          case_id uuid REFERENCES access_case (id),
          sent_at timestamptz NOT NULL
        )`.execute(db);
      // The dashboard's order, read from indexes rather than sorted over every case: open cases running, by
      // deadline; open cases paused, by the deadline less the pause's start (the deadline itself moves while
      // the pause runs); the others by deadline. Ties: the most recent change first.
      const openCases = sql.raw(
        `status IN ('submitted', 'pre_screening', 'processing', 'awaiting_information')`,
      );
      await sql`CREATE INDEX access_case_running_due ON access_case (deadline_base, updated_at DESC, id)
        WHERE ${openCases} AND paused_since IS NULL`.execute(db);
      await sql`CREATE INDEX access_case_paused_due ON access_case ((deadline_base - paused_since), updated_at DESC, id)
        WHERE ${openCases} AND paused_since IS NOT NULL`.execute(db);
      await sql`CREATE INDEX access_case_other_due ON access_case (deadline_base, updated_at DESC, id)
        WHERE NOT (${openCases})`.execute(db);
    },
  },
};
