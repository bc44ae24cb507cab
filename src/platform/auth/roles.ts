/** The roles of EHDS.md; a user may hold several. */
export const roles = [
  'data_user',
  'data_holder',
  'access_officer',
  'data_steward',
  'output_checker',
  'admin',
] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

/**
 * A member of the public signed in through the citizens' sign-in to manage their own opt-out (Art 71). Not
 * a role an administrator gives: the node keeps no account for a citizen, only their pseudonym in the
 * opt-out register, and their session is honoured on the citizens' own API alone.
 */
export const citizenRole = 'citizen';
/** Who a route may admit: the node's roles, or citizens. */
export type AccessRole = Role | typeof citizenRole;

/** Who is calling: a person through a browser session, or a machine through an API token. */
export interface Principal {
  /** The user's id; for a citizen, their pseudonym: the only thing the node knows of them. */
  readonly userId: string;
  readonly displayName: string;
  readonly roles: readonly AccessRole[];
  readonly via: 'session' | 'token' | 'citizen';
  /** The API token's id when `via` is token. */
  readonly tokenId: string | null;
}

/**
 * Who may call a route. Every route must say it: a route without an access declaration is refused to
 * everyone (deny by default).
 * - `public`: anyone, signed in or not;
 * - `authenticated`: any signed-in user or token (a citizen's session counts only on the citizens' API);
 * - a list of roles: a principal holding at least one of them.
 */
export type Access = 'public' | 'authenticated' | { readonly roles: readonly AccessRole[] };

export const allow = (...allowed: AccessRole[]): Access => ({ roles: allowed });

export function permits(access: Access, principal: Principal | null): 'ok' | 'unauthenticated' | 'forbidden' {
  if (access === 'public') return 'ok';
  if (principal === null) return 'unauthenticated';
  if (access === 'authenticated') return 'ok';
  return principal.roles.some((r) => access.roles.includes(r)) ? 'ok' : 'forbidden';
}

export const describeAccess = (access: Access): string =>
  access === 'public'
    ? 'anyone'
    : access === 'authenticated'
      ? 'any signed-in user'
      : access.roles.join(', ');
