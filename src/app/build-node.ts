import type { FastifyBaseLogger } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Config } from '../platform/config/index.js';
import { migrate, openDatabase, type Database } from '../platform/db/index.js';
import { AppError } from '../platform/errors/index.js';
import { createHttpServer, type RegisteredRoute, type SalusServer } from '../platform/http/index.js';
import { loadNodeSecrets } from '../platform/secrets/index.js';
import { AuditLog, auditRequest, registerAuditRoutes } from '../modules/audit/index.js';
import {
  IdentityService,
  registerAuthentication,
  registerDemoProvider,
  registerIdentityRoutes,
  registerOidcLogin,
  seedDemoIdentities,
} from '../modules/identity/index.js';
import { migrations } from './migrations.js';
import { registerWebUi } from './web-ui.js';

export interface SalusNode {
  readonly config: Config;
  readonly app: SalusServer;
  readonly db: Database;
  readonly audit: AuditLog;
  readonly identity: IdentityService;
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
  const ownsDatabase = options.database === undefined;
  const db = options.database ?? (await openDatabase(config.database));
  try {
    const report = await migrate(db, migrations);
    if (report.error !== null)
      throw new AppError(
        'unavailable',
        'store.migration_failed',
        `The store could not be brought up to date: ${report.error}`,
      );
    if (report.applied.length > 0) options.logger.info({ applied: report.applied }, 'migrations applied');

    const secrets = await loadNodeSecrets(config.secretsDir);
    const audit = new AuditLog(db, config.auditCheckpointInterval);
    const identity = new IdentityService(db, audit, config.sessionTtlMinutes);
    if (config.demo) {
      const { created } = await seedDemoIdentities(identity);
      if (created > 0) options.logger.info({ created }, 'demo organisations and accounts created');
    }

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
      });
    }
    registerOidcLogin(app, { config, identity, audit, embeddedClientSecret: secrets.embeddedClientSecret });
    registerIdentityRoutes(app, identity);
    registerAuditRoutes(app, audit);
    await registerWebUi(app, options.webRoot);
    await app.ready();

    return {
      config,
      app,
      db,
      audit,
      identity,
      routes,
      close: async () => {
        await app.close();
        if (ownsDatabase) await db.close();
      },
    };
  } catch (e) {
    if (ownsDatabase) await db.close();
    throw e;
  }
}
