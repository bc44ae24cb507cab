export { roles, isRole, allow, permits, describeAccess } from './roles.js';
export type { Role, Principal, Access } from './roles.js';
