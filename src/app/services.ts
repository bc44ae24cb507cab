import { createHmac } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../platform/config/index.js';
import { migrate, openDatabase, type Database } from '../platform/db/index.js';
import { AppError } from '../platform/errors/index.js';
import { AuditLog } from '../modules/audit/index.js';
import { IdentityService, seedDemoIdentities } from '../modules/identity/index.js';
import { createCatalogue, seedDemoCatalogue, type Catalogue } from '../modules/catalogue/index.js';
import { createAccess, type AccessModule } from '../modules/access/index.js';
import { DeliveryService } from '../modules/deliveries/index.js';
import { QualityAssessments } from '../modules/quality/index.js';
import { loadPseudonymKey } from '../platform/pseudonym/index.js';
import { createMailer } from '../platform/mail/index.js';
import { WorkspaceService, lakeConsoles, lakeExtracts, sandboxJobs } from '../modules/workspace/index.js';
import { migrations } from './migrations.js';

/** The node's services over its stores, without HTTP: what the server and the CLI both stand on. */
export interface NodeServices {
  readonly config: Config;
  readonly db: Database;
  readonly audit: AuditLog;
  readonly identity: IdentityService;
  readonly catalogue: Catalogue;
  readonly access: AccessModule;
  readonly deliveries: DeliveryService;
  readonly quality: QualityAssessments;
  readonly workspaces: WorkspaceService;
  close(): Promise<void>;
}

export async function openServices(
  config: Config,
  options: { logger: FastifyBaseLogger; database?: Database | undefined; seedDemo?: boolean },
): Promise<NodeServices> {
  const ownsDatabase = options.database === undefined;
  const db = options.database ?? (await openDatabase(config.database));
  try {
    const report = await migrate(db, migrations);
    if (report.error !== null) {
      throw new AppError(
        'unavailable',
        'store.migration_failed',
        `The store could not be brought up to date: ${report.error}`,
      );
    }
    if (report.applied.length > 0) options.logger.info({ applied: report.applied }, 'migrations applied');
    const audit = new AuditLog(db, config.auditCheckpointInterval);
    const identity = new IdentityService(db, audit, config.sessionTtlMinutes);
    const catalogue = await createCatalogue({
      config,
      database: db,
      identity,
      audit,
      logger: options.logger,
    });
    const mailer = createMailer(config.mail);
    const access = createAccess({
      config,
      database: db,
      audit,
      identity,
      catalogue: catalogue.service,
      mailer,
      logger: options.logger,
    });
    const deliveries = new DeliveryService(
      db,
      config.lake,
      loadPseudonymKey(config.secretsDir),
      identity,
      catalogue.service,
      audit,
      options.logger,
    );
    const quality = new QualityAssessments({
      database: db,
      catalogue: catalogue.service,
      profile: catalogue.profile,
      identity,
      audit,
      lakeOwner: deliveries,
      dqdDir: config.quality.dqdDir,
      nationalPopulation: config.quality.nationalPopulation,
      publicUrl: config.http.publicUrl,
      logger: options.logger,
    });
    // Every delivery that reaches the lake is checked, and its dataset's label awarded again.
    deliveries.onCommitted((delivery) => {
      quality.afterDelivery(delivery);
    });
    const workspaces = new WorkspaceService(
      db,
      audit,
      access,
      identity,
      {
        extracts: lakeExtracts(deliveries, catalogue.service, {
          dateShiftDays: config.workspace.dateShiftDays,
        }),
        consoles: lakeConsoles({}),
        jobs: sandboxJobs({}),
      },
      {
        root: config.workspace.dir,
        readOnlyDays: config.workspace.readOnlyDays,
        retentionDays: config.workspace.retentionDays,
        twoCheckers: config.workspace.twoCheckers,
        // Each permit's re-keying secret derives from this one, itself derived from the node's key.
        secret: createHmac('sha256', loadPseudonymKey(config.secretsDir).bytes)
          .update('salus workspace re-keying')
          .digest(),
        maxScriptBytes: 1024 * 1024,
        disclosure: config.workspace.disclosure,
      },
    );
    if (config.demo && options.seedDemo !== false) {
      const { created } = await seedDemoIdentities(identity);
      if (created > 0) options.logger.info({ created }, 'demo organisations and accounts created');
      // Without the official shapes nothing can be published, so the demo catalogue stays empty.
      if (config.catalogue.healthDcatApDir !== null) {
        const datasets = await seedDemoCatalogue(catalogue, identity);
        if (datasets > 0) options.logger.info({ datasets }, 'demo catalogue published');
      }
    }
    return {
      config,
      db,
      audit,
      identity,
      catalogue,
      access,
      deliveries,
      quality,
      workspaces,
      close: async () => {
        await quality.close();
        await deliveries.close();
        mailer?.close();
        if (ownsDatabase) await db.close();
      },
    };
  } catch (e) {
    if (ownsDatabase) await db.close();
    throw e;
  }
}
