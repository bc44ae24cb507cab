import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import cookie from '@fastify/cookie';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config/index.js';
import { AppError } from '../errors/index.js';
import { describeAccess, permits, type Access, type Principal } from '../auth/index.js';
import { sendProblem, toProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; routes without it are refused to everyone. */
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Credentials were presented but do not hold (tampered cookie, unknown token): why, for a precise 401. */
    credentialError: AppError | null;
  }
}

export type SalusServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: Access | null;
}

export interface HttpServerOptions {
  readonly config: Config;
  readonly logger: FastifyBaseLogger;
  /** Told of every refusal by the access rules, so that it can be audited. */
  readonly onDenied: (
    request: FastifyRequest,
    reason: 'unauthenticated' | 'forbidden' | 'undeclared',
  ) => Promise<void>;
  /** The session secret that signs cookies. */
  readonly cookieSecret: string;
}

function newAjv(coerceTypes: false | 'array'): Ajv {
  const ajv = new Ajv({
    removeAdditional: false,
    allErrors: true,
    coerceTypes,
    useDefaults: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

const requestIdPattern = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * The HTTP server every module registers its routes on: validation from each route's schema, problem+json
 * errors, request ids, the OpenAPI document, and the access rule that every route must declare.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<{
  app: SalusServer;
  routes: readonly RegisteredRoute[];
}> {
  const { config } = options;
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are JSON and must be exactly right; query strings and path parameters are text and are read as
  // the numbers and lists their schemas say.
  const bodyAjv = newAjv(false);
  const textAjv = newAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema),
  );
  // JSON only: a text body is refused as an unsupported media type rather than half-understood.
  app.removeContentTypeParser('text/plain');

  const routes: RegisteredRoute[] = [];
  app.decorateRequest('principal', null);
  app.decorateRequest('credentialError', null);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onRoute', (route) => {
    // Read when asked: onRoute hooks of an inner scope may still declare the access after this one ran.
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      if (method !== 'HEAD')
        routes.push({
          method,
          url: route.url,
          get access() {
            return route.config?.access ?? null;
          },
        });
    const enforce = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
      const access = request.routeOptions.config.access ?? null;
      if (access === null) {
        await options.onDenied(request, 'undeclared');
        throw new AppError(
          'forbidden',
          'route.access_undeclared',
          'This route declares no access rule, so nobody may call it.',
        );
      }
      const verdict = permits(access, request.principal);
      if (verdict === 'ok') return;
      if (verdict === 'unauthenticated' && request.credentialError !== null) throw request.credentialError;
      await options.onDenied(request, verdict);
      if (verdict === 'unauthenticated') {
        throw new AppError(
          'unauthenticated',
          'auth.required',
          'Sign in, or send an API token, to call this route.',
        );
      }
      throw new AppError(
        'forbidden',
        'auth.forbidden',
        `This route is for: ${describeAccess(access)}. You hold: ${request.principal?.roles.join(', ') || 'no role'}.`,
      );
    };
    const existing =
      route.onRequest === undefined
        ? []
        : Array.isArray(route.onRequest)
          ? route.onRequest
          : [route.onRequest];
    // Runs before any other route hook, so a refused request is never parsed or handled.
    route.onRequest = [enforce, ...existing];
  });

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request, config.http.bodyLimitBytes);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, problem.detail);
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      toProblem(
        new AppError(
          'not_found',
          'route.not_found',
          `There is no ${request.method} ${request.url.split('?')[0] ?? ''} on this node.`,
        ),
        request,
        0,
      ),
    ),
  );

  await app.register(cookie, { secret: options.cookieSecret, hook: 'onRequest' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Salus node API',
        version: '0.1.0',
        description:
          'The HTTP API of a Salus node. Every operation states who may call it (x-salus-access). Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'salus_session' },
          token: { type: 'http', scheme: 'bearer', description: 'An API token created under "API tokens".' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const access = route.config?.access;
      const who = access === undefined ? 'nobody (no access rule declared)' : describeAccess(access);
      const s = { ...(schema as Record<string, unknown>) };
      s.description = `${typeof s.description === 'string' ? `${s.description}\n\n` : ''}Who may call: ${who}.`;
      s['x-salus-access'] =
        access === undefined
          ? 'none'
          : access === 'public' || access === 'authenticated'
            ? access
            : access.roles;
      if (access !== undefined && access !== 'public') s.security = [{ session: [] }, { token: [] }];
      return { schema: s, url };
    },
  });
  await app.register(async (docs) => {
    // The documentation page and its assets are for anyone.
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true } });
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  return { app, routes };
}
