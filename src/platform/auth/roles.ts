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

/** Who is calling: a person through a browser session, or a machine through an API token. */
export interface Principal {
  readonly userId: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly via: 'session' | 'token';
  /** The API token's id when `via` is token. */
  readonly tokenId: string | null;
}

/**
 * Who may call a route. Every route must say it: a route without an access declaration is refused to
 * everyone (deny by default).
 * - `public`: anyone, signed in or not;
 * - `authenticated`: any signed-in person or token;
 * - a list of roles: a principal holding at least one of them.
 */
export type Access = 'public' | 'authenticated' | { readonly roles: readonly Role[] };

export const allow = (...allowed: Role[]): Access => ({ roles: allowed });

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
