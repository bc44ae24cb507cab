import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../platform/config/index.js';
import { migrate, openDatabase, type Database } from '../platform/db/index.js';
import { AppError } from '../platform/errors/index.js';
import { AuditLog } from '../modules/audit/index.js';
import { IdentityService, seedDemoIdentities } from '../modules/identity/index.js';
import { createCatalogue, seedDemoCatalogue, type Catalogue } from '../modules/catalogue/index.js';
import { createAccess, type AccessModule } from '../modules/access/index.js';
import { DeliveryService } from '../modules/deliveries/index.js';
import { loadPseudonymKey } from '../platform/pseudonym/index.js';
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
    const access = createAccess({ config, database: db, audit, identity, catalogue: catalogue.service });
    const deliveries = new DeliveryService(
      db,
      config.lake,
      loadPseudonymKey(config.secretsDir),
      identity,
      catalogue.service,
      audit,
      options.logger,
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
      close: async () => {
        await deliveries.close();
        if (ownsDatabase) await db.close();
      },
    };
  } catch (e) {
    if (ownsDatabase) await db.close();
    throw e;
  }
}
