import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { Principal, Role } from '../../platform/auth/index.js';
import { auditAs, type AuditContext, type AuditLog } from '../audit/index.js';
import { IdentityRepository, sortRoles, type ApiToken, type Organisation, type User } from './repository.js';
import type { OrganisationKind } from './tables.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const tokenPrefix = 'salus_';

export interface NewUser {
  readonly displayName: string;
  readonly email: string | null;
  readonly organisationId?: string | undefined;
  readonly roles: readonly Role[];
}

export interface LoginClaims {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
}

/** Organisations, users and their roles, browser sessions and API tokens. */
export class IdentityService {
  readonly repo: IdentityRepository;

  constructor(
    database: Database,
    private readonly audit: AuditLog,
    private readonly sessionTtlMinutes: number,
  ) {
    this.repo = new IdentityRepository(database);
  }

  organisations(): Promise<Organisation[]> {
    return this.repo.organisations();
  }

  async createOrganisation(
    input: { name: string; kind: OrganisationKind; identifier?: string | undefined },
    context: AuditContext,
  ): Promise<Organisation> {
    const name = input.name.trim();
    if ((await this.repo.organisationByName(name)) !== undefined) {
      throw new AppError(
        'conflict',
        'organisation.name_taken',
        `An organisation named "${name}" already exists.`,
        [{ path: 'body/name', message: 'is already taken' }],
      );
    }
    const organisation: Organisation = {
      id: randomUUID(),
      name,
      kind: input.kind,
      identifier: input.identifier?.trim() ?? null,
    };
    try {
      await this.repo.insertOrganisation(organisation);
    } catch (e) {
      throw uniqueViolation(
        e,
        'organisation.identifier_taken',
        'body/identifier',
        `The identifier "${organisation.identifier ?? ''}" is already used by another organisation.`,
      );
    }
    await auditAs(this.audit, context, {
      action: 'organisation.create',
      outcome: 'success',
      target: { type: 'organisation', id: organisation.id },
      details: { name, kind: input.kind },
    });
    return organisation;
  }

  users(): Promise<User[]> {
    return this.repo.users();
  }

  async user(id: string): Promise<User> {
    const [user] = await this.repo.users({ id });
    if (user === undefined) throw new AppError('not_found', 'user.not_found', `There is no user ${id}.`);
    return user;
  }

  async createUser(input: NewUser, context: AuditContext): Promise<User> {
    const email = input.email?.trim().toLowerCase() ?? null;
    if (
      input.organisationId !== undefined &&
      (await this.repo.organisation(input.organisationId)) === undefined
    ) {
      throw new AppError(
        'invalid',
        'user.organisation_unknown',
        `There is no organisation ${input.organisationId}.`,
        [{ path: 'body/organisationId', message: 'is not a known organisation' }],
      );
    }
    if (email !== null && (await this.repo.users({ email })).length > 0) {
      throw new AppError('conflict', 'user.email_taken', `A user with the email ${email} already exists.`, [
        { path: 'body/email', message: 'is already taken' },
      ]);
    }
    const id = randomUUID();
    const roles = sortRoles(input.roles);
    await this.repo.db.transaction().execute((trx) =>
      this.repo.insertUser(trx, {
        id,
        displayName: input.displayName.trim(),
        email,
        organisationId: input.organisationId ?? null,
        roles,
      }),
    );
    await auditAs(this.audit, context, {
      action: 'user.create',
      outcome: 'success',
      target: { type: 'user', id },
      details: { roles, email },
    });
    return this.user(id);
  }

  /** Replaces a user's roles. The node always keeps at least one admin. */
  async setRoles(userId: string, roles: readonly Role[], context: AuditContext): Promise<User> {
    const before = await this.user(userId);
    const after = sortRoles(roles);
    await this.repo.db
      .transaction()
      .execute(async (trx) => {
        await this.repo.replaceRoles(trx, userId, after);
        if (
          before.roles.includes('admin') &&
          !after.includes('admin') &&
          (await this.repo.countAdmins(trx)) === 0
        ) {
          throw new AppError(
            'conflict',
            'user.last_admin',
            'This would leave the node without any admin; give the admin role to someone else first.',
            [{ path: 'body/roles', message: 'must keep admin: it is the last admin' }],
          );
        }
      })
      .catch(async (e: unknown) => {
        await auditAs(this.audit, context, {
          action: 'user.roles_change',
          outcome: 'failure',
          target: { type: 'user', id: userId },
          details: {
            before: before.roles,
            requested: after,
            reason: e instanceof AppError ? e.code : 'error',
          },
        });
        throw e;
      });
    await auditAs(this.audit, context, {
      action: 'user.roles_change',
      outcome: 'success',
      target: { type: 'user', id: userId },
      details: { before: before.roles, after },
    });
    return this.user(userId);
  }

  /**
   * Finds the Salus user behind an OpenID Connect login: by issuer and subject once linked, or, the first
   * time, by a verified email address that an admin registered.
   */
  async userForLogin(claims: LoginClaims): Promise<User | null> {
    const now = new Date();
    const [linked] = await this.repo.users({ oidc: { issuer: claims.issuer, subject: claims.subject } });
    if (linked !== undefined) {
      await this.repo.linkLogin(linked.id, claims.issuer, claims.subject, now);
      return linked;
    }
    if (claims.email === null || !claims.emailVerified) return null;
    const id = await this.repo.unlinkedUserByEmail(claims.email.toLowerCase());
    if (id === undefined) return null;
    await this.repo.linkLogin(id, claims.issuer, claims.subject, now);
    return this.user(id);
  }

  /** Starts a browser session; the returned secret goes into the signed cookie and nowhere else. */
  async createSession(userId: string, idToken: string | null): Promise<{ secret: string; expiresAt: Date }> {
    const secret = randomBytes(32).toString('base64url');
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + this.sessionTtlMinutes * 60_000);
    await this.repo.insertSession({ idHash: sha256(secret), userId, idToken, createdAt, expiresAt });
    return { secret, expiresAt };
  }

  async principalForSession(secret: string): Promise<Principal | null> {
    const session = await this.repo.session(sha256(secret));
    if (session === undefined) return null;
    if (session.expiresAt.getTime() <= Date.now()) {
      await this.repo.deleteSession(sha256(secret));
      return null;
    }
    const [user] = await this.repo.users({ id: session.userId });
    if (user === undefined) return null;
    return {
      userId: user.id,
      displayName: user.displayName,
      roles: user.roles,
      via: 'session',
      tokenId: null,
    };
  }

  /** Ends a session and gives back its ID token, for the provider's logout. */
  async endSession(secret: string): Promise<string | null> {
    const session = await this.repo.session(sha256(secret));
    await this.repo.deleteSession(sha256(secret));
    return session?.idToken ?? null;
  }

  async createToken(
    principal: Principal,
    input: { name: string; roles: readonly Role[]; expiresInDays?: number | undefined },
    context: AuditContext,
  ): Promise<{ token: ApiToken; secret: string }> {
    const user = await this.user(principal.userId);
    const notHeld = input.roles.filter((r) => !user.roles.includes(r));
    if (notHeld.length > 0 || principal.via === 'token') {
      await auditAs(this.audit, context, {
        action: 'token.create',
        outcome: 'denied',
        target: { type: 'user', id: user.id },
        details: { requested: input.roles, notHeld, via: principal.via },
      });
      throw principal.via === 'token'
        ? new AppError(
            'forbidden',
            'token.from_token',
            'API tokens are created by a signed-in person, not by another token.',
          )
        : new AppError(
            'forbidden',
            'token.roles_not_held',
            `A token can only carry roles you hold; you do not hold: ${notHeld.join(', ')}.`,
            [{ path: 'body/roles', message: `includes roles you do not hold: ${notHeld.join(', ')}` }],
          );
    }
    const secret = `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
    const createdAt = new Date();
    const token: ApiToken = {
      id: randomUUID(),
      userId: user.id,
      name: input.name.trim(),
      roles: sortRoles(input.roles),
      createdAt: createdAt.toISOString(),
      lastUsedAt: null,
      expiresAt:
        input.expiresInDays === undefined
          ? null
          : new Date(createdAt.getTime() + input.expiresInDays * 86_400_000).toISOString(),
      revokedAt: null,
    };
    await this.repo.insertToken({ ...token, secretHash: sha256(secret) });
    await auditAs(this.audit, context, {
      action: 'token.create',
      outcome: 'success',
      target: { type: 'api_token', id: token.id },
      details: { name: token.name, roles: token.roles, expiresAt: token.expiresAt },
    });
    return { token, secret };
  }

  tokens(userId: string): Promise<ApiToken[]> {
    return this.repo.tokensOf(userId);
  }

  async revokeToken(userId: string, tokenId: string, context: AuditContext): Promise<void> {
    if (!(await this.repo.revokeToken(userId, tokenId, new Date()))) {
      throw new AppError('not_found', 'token.not_found', `You have no active API token ${tokenId}.`);
    }
    await auditAs(this.audit, context, {
      action: 'token.revoke',
      outcome: 'success',
      target: { type: 'api_token', id: tokenId },
    });
  }

  /**
   * The principal behind an API token. A token acts with the roles it was given that its owner still
   * holds, so taking a role from a person takes it from their tokens too.
   */
  async principalForToken(secret: string): Promise<Principal | { problem: string }> {
    if (!secret.startsWith(tokenPrefix)) return { problem: 'is not a Salus API token' };
    const token = await this.repo.tokenBySecretHash(sha256(secret));
    if (token === undefined) return { problem: 'is not known to this node' };
    if (token.revokedAt !== null) return { problem: `was revoked on ${token.revokedAt}` };
    const now = new Date();
    if (token.expiresAt !== null && new Date(token.expiresAt).getTime() <= now.getTime())
      return { problem: `expired on ${token.expiresAt}` };
    const [user] = await this.repo.users({ id: token.userId });
    if (user === undefined) return { problem: 'belongs to a user who no longer exists' };
    // Last use is kept to the minute: a write on every read would cost more than it tells.
    if (token.lastUsedAt === null || now.getTime() - new Date(token.lastUsedAt).getTime() > 60_000) {
      await this.repo.touchToken(token.id, now);
    }
    return {
      userId: user.id,
      displayName: user.displayName,
      roles: token.roles.filter((r) => user.roles.includes(r)),
      via: 'token',
      tokenId: token.id,
    };
  }
}

function uniqueViolation(e: unknown, code: string, path: string, message: string): unknown {
  return (e as { code?: string }).code === '23505'
    ? new AppError('conflict', code, message, [{ path, message: 'is already taken' }])
    : e;
}
