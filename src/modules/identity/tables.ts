import type { ColumnType } from 'kysely';

export type OrganisationKind = 'hdab' | 'data_holder' | 'applicant';

export interface OrganisationTable {
  id: string;
  name: string;
  kind: OrganisationKind;
  identifier: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface UserTable {
  id: string;
  display_name: string;
  email: string | null;
  organisation_id: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_login_at: Date | null;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie's secret: a stolen table cannot be replayed as cookies. */
  id_hash: string;
  user_id: string;
  id_token: string | null;
  created_at: ColumnType<Date, Date, never>;
  expires_at: Date;
  last_seen_at: Date;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  roles: ColumnType<string[], string, string>;
  created_at: ColumnType<Date, Date, never>;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

// A type literal, not an interface: Kysely needs its index signature.
export type IdentityTables = {
  organisation: OrganisationTable;
  app_user: UserTable;
  user_role: UserRoleTable;
  user_session: SessionTable;
  api_token: ApiTokenTable;
};
