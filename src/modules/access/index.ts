import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../platform/config/index.js';
import type { Database } from '../../platform/db/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import { loadPseudonymKey, type PseudonymKey } from '../../platform/pseudonym/index.js';
import type { AuditLog } from '../audit/index.js';
import type { CatalogueService } from '../catalogue/index.js';
import type { IdentityService } from '../identity/index.js';
import { OptOutRegister } from './opt-out.js';
import { AccessMail } from './reminders.js';
import { AccessService } from './service.js';
import { AccessSweep } from './sweep.js';

export { AccessService } from './service.js';
export type { Caller, CaseQuery, GrantInput, Notification } from './service.js';
export { OptOutRegister } from './opt-out.js';
export type { OptOutStatus, OptOutReceipt } from './opt-out.js';
export { AccessSweep, startSweep } from './sweep.js';
export type { SweepReport } from './sweep.js';
export { AccessMail, reminderText } from './reminders.js';
export type { ReminderKind } from './reminders.js';
export { accessMigrations } from './migrations.js';
export { registerAccessRoutes } from './routes.js';
export { registerPage, registerCsv, activityReport, individualApplicant } from './register.js';
export type { ActivityReport, RegisterQuery } from './register.js';
export { addMonths, clockRule, deadlineOf } from './clock.js';
export { estimateFees } from './fees.js';
export type { CaseSummary, CaseView, PermitView, TaskView, RegisterEntry, Purpose } from './schemas.js';
export type { AccessTables, CaseStatus, Track, PermitState } from './tables.js';

/** The access module as the rest of the node sees it. */
export interface AccessModule {
  readonly service: AccessService;
  readonly optOut: OptOutRegister;
  /** Expiry and reminders, run periodically by the server (and directly by tests). */
  readonly sweep: AccessSweep;
  /**
   * The pseudonyms every extract must leave out (Art 71): for a permit, by the permit's purpose; or for a
   * purpose directly. A purpose national law exempts gives the empty set.
   */
  excludedPseudonyms(options: {
    readonly permitId?: string | undefined;
    readonly purpose?: string | undefined;
  }): Promise<ReadonlySet<string>>;
}

export function createAccess(options: {
  config: Config;
  database: Database;
  audit: AuditLog;
  identity: IdentityService;
  catalogue: CatalogueService;
  /** Reminders go out by e-mail through it; null or absent: in-app notifications only. */
  mailer?: Mailer | null;
  logger?: FastifyBaseLogger;
}): AccessModule {
  const { config } = options;
  let key: PseudonymKey | null = null;
  // Read on first use: a node that never records an opt-out does not need the key file.
  const keyOf = (): PseudonymKey => (key ??= loadPseudonymKey(config.secretsDir));
  const mail = new AccessMail(
    options.database.kysely.withTables(),
    options.mailer ?? null,
    options.audit,
    config.http.publicUrl,
    options.logger ?? null,
  );
  const service = new AccessService(
    options.database,
    options.audit,
    options.identity,
    options.catalogue,
    config.access,
    () => new Date(),
    mail,
  );
  const optOut = new OptOutRegister(
    options.database,
    keyOf,
    options.audit,
    config.access.optOutExemptPurposes,
  );
  return {
    service,
    optOut,
    sweep: new AccessSweep(service, mail, options.audit, config.access.draftWarningDays),
    async excludedPseudonyms({ permitId, purpose }) {
      const ofPermit =
        permitId === undefined ? undefined : (await service.permitInForce(permitId)).elements.purpose;
      return optOut.excluded(ofPermit ?? purpose ?? null);
    },
  };
}
