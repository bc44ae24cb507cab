/** The roles Salus knows, in the order the UI lists them. A user may hold several. */
export const roles = [
  'data_user',
  'data_holder',
  'access_officer',
  'data_steward',
  'output_checker',
  'admin',
] as const;

export type Role = (typeof roles)[number];

// Audit events carry roles as plain strings (a role may have been retired since), so narrowing is needed
// before a name can be looked up in the catalogue.
export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

/** Keeps the catalogue order whatever order the server or the user picked them in. */
export const sortRoles = (picked: readonly Role[]): Role[] => roles.filter((role) => picked.includes(role));
