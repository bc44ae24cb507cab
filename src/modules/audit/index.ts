export { AuditLog, systemActor } from './audit-log.js';
export type {
  AuditActor,
  AuditEvent,
  AuditRecord,
  AuditFilter,
  ChainVerification,
  InclusionProof,
  Checkpoint,
} from './audit-log.js';
export type { AuditOutcome, AuditTables } from './tables.js';
export { auditMigrations } from './migrations.js';
export { actorOf, auditRequest, auditAs, contextOf } from './request-audit.js';
export type { AuditContext } from './request-audit.js';
export { registerAuditRoutes } from './routes.js';
export { verifyInclusion, leafHash } from './merkle.js';
