export { IdentityService } from './service.js';
export type { NewUser, LoginClaims } from './service.js';
export type { User, Organisation, ApiToken } from './repository.js';
export type { IdentityTables, OrganisationKind } from './tables.js';
export { identityMigrations } from './migrations.js';
export { registerAuthentication, sessionCookie } from './authenticate.js';
export { registerOidcLogin } from './oidc-login.js';
export { registerDemoProvider, embeddedIssuer } from './demo-provider.js';
export type { DemoCitizen } from './demo-provider.js';
export {
  registerCitizenLogin,
  citizenCookie,
  citizenApi,
  citizenPage,
  citizenSessionValue,
} from './citizen-login.js';
export { registerIdentityRoutes } from './routes.js';
export { seedDemoIdentities } from './demo-seed.js';
export { demoAccounts, demoPassword, demoOrganisations } from './demo-accounts.js';
