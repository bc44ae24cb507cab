export { roles, isRole, allow, permits, describeAccess, citizenRole } from './roles.js';
export type { Role, AccessRole, Principal, Access } from './roles.js';
