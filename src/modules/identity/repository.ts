import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import { isRole, type Role } from '../../platform/auth/index.js';
import type { ApiTokenTable, IdentityTables, OrganisationKind, OrganisationTable } from './tables.js';

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly identifier: string | null;
}

export interface User {
  readonly id: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly organisation: Organisation | null;
  readonly roles: Role[];
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

export interface ApiToken {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly roles: Role[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** All SQL of the identity module. */
export class IdentityRepository {
  readonly db: Kysely<IdentityTables>;

  constructor(database: Database) {
    this.db = database.kysely.withTables<IdentityTables>();
  }

  async insertOrganisation(o: Organisation): Promise<void> {
    await this.db.insertInto('organisation').values(o).execute();
  }

  async organisations(): Promise<Organisation[]> {
    const rows = await this.db
      .selectFrom('organisation')
      .select(['id', 'name', 'kind', 'identifier'])
      .orderBy('name')
      .execute();
    return rows;
  }

  async organisation(id: string): Promise<Organisation | undefined> {
    return this.db
      .selectFrom('organisation')
      .select(['id', 'name', 'kind', 'identifier'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async organisationByName(name: string): Promise<Organisation | undefined> {
    return this.db
      .selectFrom('organisation')
      .select(['id', 'name', 'kind', 'identifier'])
      .where('name', '=', name)
      .executeTakeFirst();
  }

  async insertUser(
    db: Kysely<IdentityTables>,
    u: {
      id: string;
      displayName: string;
      email: string | null;
      organisationId: string | null;
      roles: readonly Role[];
    },
  ): Promise<void> {
    await db
      .insertInto('app_user')
      .values({
        id: u.id,
        display_name: u.displayName,
        email: u.email,
        organisation_id: u.organisationId,
        oidc_issuer: null,
        oidc_subject: null,
        last_login_at: null,
      })
      .execute();
    if (u.roles.length > 0)
      await db
        .insertInto('user_role')
        .values(u.roles.map((role) => ({ user_id: u.id, role })))
        .execute();
  }

  async replaceRoles(db: Kysely<IdentityTables>, userId: string, roles: readonly Role[]): Promise<void> {
    await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
    if (roles.length > 0)
      await db
        .insertInto('user_role')
        .values(roles.map((role) => ({ user_id: userId, role })))
        .execute();
  }

  async users(
    where: { id?: string; email?: string; oidc?: { issuer: string; subject: string } } = {},
  ): Promise<User[]> {
    let q = this.db
      .selectFrom('app_user as u')
      .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select([
        'u.id',
        'u.display_name',
        'u.email',
        'u.created_at',
        'u.last_login_at',
        'o.id as org_id',
        'o.name as org_name',
        'o.kind as org_kind',
        'o.identifier as org_identifier',
      ])
      .orderBy('u.display_name');
    if (where.id !== undefined) q = q.where('u.id', '=', where.id);
    if (where.email !== undefined) q = q.where('u.email', '=', where.email);
    if (where.oidc !== undefined)
      q = q.where('u.oidc_issuer', '=', where.oidc.issuer).where('u.oidc_subject', '=', where.oidc.subject);
    // Roles come along in the same query: this runs on every authenticated request.
    const rows = await q
      .select(
        sql<
          string[]
        >`coalesce((SELECT json_agg(r.role) FROM user_role r WHERE r.user_id = u.id), '[]'::json)`.as(
          'roles',
        ),
      )
      .execute();
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      email: r.email,
      organisation:
        r.org_id === null || r.org_name === null || r.org_kind === null
          ? null
          : { id: r.org_id, name: r.org_name, kind: r.org_kind, identifier: r.org_identifier },
      roles: sortRoles(r.roles.filter(isRole)),
      createdAt: r.created_at.toISOString(),
      lastLoginAt: r.last_login_at?.toISOString() ?? null,
    }));
  }

  async countAdmins(db: Kysely<IdentityTables>): Promise<number> {
    const r = await db
      .selectFrom('user_role')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    return r.n;
  }

  async linkLogin(userId: string, issuer: string, subject: string, at: Date): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ oidc_issuer: issuer, oidc_subject: subject, last_login_at: at })
      .where('id', '=', userId)
      .execute();
  }

  async unlinkedUserByEmail(email: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', email)
      .where('oidc_subject', 'is', null)
      .executeTakeFirst();
    return r?.id;
  }

  async insertSession(s: {
    idHash: string;
    userId: string;
    idToken: string | null;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('user_session')
      .values({
        id_hash: s.idHash,
        user_id: s.userId,
        id_token: s.idToken,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        last_seen_at: s.createdAt,
      })
      .execute();
  }

  async session(
    idHash: string,
  ): Promise<{ userId: string; expiresAt: Date; idToken: string | null } | undefined> {
    const r = await this.db
      .selectFrom('user_session')
      .select(['user_id', 'expires_at', 'id_token'])
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return r === undefined ? undefined : { userId: r.user_id, expiresAt: r.expires_at, idToken: r.id_token };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('user_session').where('id_hash', '=', idHash).execute();
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.deleteFrom('user_session').where('user_id', '=', userId).execute();
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const r = await this.db.deleteFrom('user_session').where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async insertToken(t: ApiToken & { secretHash: string }): Promise<void> {
    await this.db
      .insertInto('api_token')
      .values({
        id: t.id,
        user_id: t.userId,
        name: t.name,
        secret_hash: t.secretHash,
        roles: JSON.stringify(t.roles),
        created_at: new Date(t.createdAt),
        last_used_at: null,
        expires_at: t.expiresAt === null ? null : new Date(t.expiresAt),
        revoked_at: null,
      })
      .execute();
  }

  async tokensOf(userId: string): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('api_token')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(tokenFromRow);
  }

  async tokenBySecretHash(secretHash: string): Promise<ApiToken | undefined> {
    const r = await this.db
      .selectFrom('api_token')
      .selectAll()
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst();
    return r === undefined ? undefined : tokenFromRow(r);
  }

  async touchToken(id: string, at: Date): Promise<void> {
    await this.db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async revokeToken(userId: string, id: string, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('api_token')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

export const sortRoles = (rs: readonly Role[]): Role[] => {
  const order: readonly Role[] = [
    'data_user',
    'data_holder',
    'access_officer',
    'data_steward',
    'output_checker',
    'admin',
  ];
  return [...new Set(rs)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
};

function tokenFromRow(r: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    roles: sortRoles(r.roles.filter(isRole)),
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}

export type { OrganisationTable };
