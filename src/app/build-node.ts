import type { FastifyBaseLogger } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Config } from '../platform/config/index.js';
import type { Database } from '../platform/db/index.js';
import { AppError } from '../platform/errors/index.js';
import { createHttpServer, type RegisteredRoute, type SalusServer } from '../platform/http/index.js';
import { loadNodeSecrets } from '../platform/secrets/index.js';
import { type AuditLog, auditRequest, registerAuditRoutes } from '../modules/audit/index.js';
import {
  type IdentityService,
  registerAuthentication,
  registerCitizenLogin,
  registerDemoProvider,
  registerIdentityRoutes,
  registerOidcLogin,
} from '../modules/identity/index.js';
import { registerWebUi, sendAppShell } from './web-ui.js';
import { openServices } from './services.js';
import { registerCatalogueRoutes, type Catalogue } from '../modules/catalogue/index.js';
import { registerAccessRoutes, startSweep, type AccessModule } from '../modules/access/index.js';
import { demoCitizens, loadDemoPopulation, registerDeliveryRoutes } from '../modules/deliveries/index.js';
import { registerQualityRoutes } from '../modules/quality/index.js';
import {
  registerWorkspaceRoutes,
  startWorkspaceSweep,
  type WorkspaceService,
} from '../modules/workspace/index.js';
import { loadPseudonymKey } from '../platform/pseudonym/index.js';

export interface SalusNode {
  readonly config: Config;
  readonly app: SalusServer;
  readonly db: Database;
  readonly audit: AuditLog;
  readonly identity: IdentityService;
  readonly catalogue: Catalogue;
  readonly access: AccessModule;
  readonly workspaces: WorkspaceService;
  readonly routes: readonly RegisteredRoute[];
  close(): Promise<void>;
}

export interface BuildOptions {
  readonly logger: FastifyBaseLogger;
  /** An already open store (tests share one per file); otherwise the configured one is opened and owned. */
  readonly database?: Database;
  readonly webRoot?: string;
}

/** Wires the node: store and migrations, modules, routes. Listening is the caller's choice. */
export async function buildNode(config: Config, options: BuildOptions): Promise<SalusNode> {
  const services = await openServices(config, { logger: options.logger, database: options.database });
  const { db, audit, identity, catalogue } = services;
  try {
    // Deliveries cut off by the last stop are marked so; the lake kept only what was committed.
    const interrupted = await services.deliveries.recoverInterrupted();
    if (interrupted > 0)
      options.logger.warn({ interrupted }, 'deliveries interrupted by a stop can be run again');
    if (config.demo && config.lake.demoPersons > 0) {
      const loaded = await loadDemoPopulation(services.deliveries, identity, {
        persons: config.lake.demoPersons,
        workDir: config.dataDir,
        logger: options.logger,
        context: {
          actor: { id: null, label: 'demo set-up', roles: ['admin'] },
          requestId: null,
          clientAddress: null,
        },
      });
      if (loaded > 0) options.logger.info({ deliveries: loaded }, 'demo population delivered to the lake');
    }
    const secrets = await loadNodeSecrets(config.secretsDir);
    const { app, routes } = await createHttpServer({
      config,
      logger: options.logger,
      cookieSecret: secrets.cookieSecret,
      onDenied: async (request, reason) => {
        // An anonymous caller without credentials is told to sign in; there is no one to attribute it to.
        if (reason === 'unauthenticated') return;
        await auditRequest(audit, request, {
          action: 'access.denied',
          outcome: 'denied',
          details: { reason, method: request.method, route: request.routeOptions.url ?? request.url },
        });
      },
    });
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new AppError(
          'rate_limited',
          'auth.rate_limited',
          `Too many sign-in attempts from this address; try again in ${context.after}.`,
        ),
      onExceeded: (request) => {
        void auditRequest(audit, request, {
          action: 'auth.rate_limited',
          outcome: 'denied',
          details: { path: request.url.split('?')[0] },
        });
      },
    });
    registerAuthentication(app, identity, audit, config.http.publicUrl);

    app.get(
      '/health/live',
      {
        config: { access: 'public' },
        schema: {
          tags: ['health'],
          summary: 'The process is up',
          response: { 200: Type.Object({ status: Type.Literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/health/ready',
      {
        config: { access: 'public' },
        schema: {
          tags: ['health'],
          summary: 'The node can serve: its store answers',
          response: { 200: Type.Object({ status: Type.Literal('ok'), store: Type.String() }) },
        },
      },
      async () => {
        try {
          await sql`SELECT 1`.execute(db.kysely);
        } catch (e) {
          throw new AppError(
            'unavailable',
            'store.unreachable',
            `The operational store does not answer: ${(e as Error).message}`,
          );
        }
        return { status: 'ok' as const, store: db.kind };
      },
    );

    if (config.oidc.kind === 'embedded') {
      registerDemoProvider(app, {
        config,
        audit,
        database: db,
        clientSecret: secrets.embeddedClientSecret,
        signingKey: secrets.providerSigningKey,
        cookieKeys: secrets.providerCookieKeys,
        citizens: config.demo ? demoCitizens : [],
      });
    }
    registerOidcLogin(app, { config, identity, audit, embeddedClientSecret: secrets.embeddedClientSecret });
    registerCitizenLogin(app, {
      config,
      audit,
      embeddedClientSecret: secrets.embeddedClientSecret,
      pseudonymKey: () => loadPseudonymKey(config.secretsDir),
    });
    registerIdentityRoutes(app, identity);
    registerAuditRoutes(app, audit);
    registerCatalogueRoutes(app, {
      service: catalogue.service,
      vocabularies: catalogue.vocabularies,
      profile: catalogue.profile,
      sendAppShell: (reply) => sendAppShell(reply, options.webRoot),
      importLimitBytes: config.catalogue.importLimitBytes,
    });
    registerAccessRoutes(app, services.access);
    registerDeliveryRoutes(app, {
      service: services.deliveries,
      uploadFileLimitBytes: config.lake.uploadFileLimitBytes,
    });
    registerQualityRoutes(app, services.quality);
    registerWorkspaceRoutes(app, { service: services.workspaces });
    await registerWebUi(app, options.webRoot);
    await app.ready();
    const sweep = startSweep(services.access.sweep, config.access.sweepSeconds, options.logger);
    const workspaceSweep = startWorkspaceSweep(
      services.workspaces,
      config.access.sweepSeconds,
      options.logger,
    );

    return {
      config,
      app,
      db,
      audit,
      identity,
      catalogue,
      access: services.access,
      workspaces: services.workspaces,
      routes,
      close: async () => {
        await sweep.stop();
        await workspaceSweep.stop();
        await app.close();
        await services.close();
      },
    };
  } catch (e) {
    await services.close();
    throw e;
  }
}
