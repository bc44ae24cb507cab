import { sql, type Kysely, type Migration } from 'kysely';
import { providerStoreMigration } from './provider-store.js';

export const identityMigrations: Readonly<Record<string, Migration>> = {
  '0001_identity': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      await sql`
        CREATE TABLE organisation (
          id         uuid PRIMARY KEY,
          name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
          kind       text NOT NULL CHECK (kind IN ('hdab', 'data_holder', 'applicant')),
          identifier text UNIQUE,
          created_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`
        CREATE TABLE app_user (
          id              uuid PRIMARY KEY,
          display_name    text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
          email           text UNIQUE,
          organisation_id uuid REFERENCES organisation (id),
          oidc_issuer     text,
          oidc_subject    text,
          created_at      timestamptz NOT NULL DEFAULT now(),
          last_login_at   timestamptz,
          UNIQUE (oidc_issuer, oidc_subject)
        )`.execute(db);
      await sql`
        CREATE TABLE user_role (
          user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
          role    text NOT NULL CHECK (role IN ('data_user', 'data_holder', 'access_officer', 'data_steward', 'output_checker', 'admin')),
          PRIMARY KEY (user_id, role)
        )`.execute(db);
      await sql`
        CREATE TABLE user_session (
          id_hash      char(64) PRIMARY KEY,
          user_id      uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
          id_token     text,
          created_at   timestamptz NOT NULL,
          expires_at   timestamptz NOT NULL,
          last_seen_at timestamptz NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX user_session_user ON user_session (user_id)`.execute(db);
      await sql`
        CREATE TABLE api_token (
          id           uuid PRIMARY KEY,
          user_id      uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
          name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
          secret_hash  char(64) NOT NULL UNIQUE,
          roles        jsonb NOT NULL,
          created_at   timestamptz NOT NULL,
          last_used_at timestamptz,
          expires_at   timestamptz,
          revoked_at   timestamptz
        )`.execute(db);
      await sql`CREATE INDEX api_token_user ON api_token (user_id)`.execute(db);
    },
  },
  '0003_oidc_provider_store': providerStoreMigration,
};
