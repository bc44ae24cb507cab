import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { allow, type Principal } from '../../platform/auth/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { contextOf } from '../audit/index.js';
import type { DeliveryService } from './service.js';

const principalOf = (request: FastifyRequest): Principal => {
  if (request.principal === null) throw new AppError('unauthenticated', 'auth.required', 'Sign in first.');
  return request.principal;
};

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const staff = ['data_steward', 'access_officer', 'admin'] as const;

export function registerDeliveryRoutes(
  app: SalusServer,
  options: { service: DeliveryService; uploadFileLimitBytes: number },
): void {
  const { service } = options;

  app.post(
    '/api/deliveries',
    {
      config: { access: allow('data_holder') },
      schema: {
        tags: ['deliveries'],
        summary:
          'Start a delivery: declare its files (FHIR NDJSON or Bundles, OMOP CSV), then send each with PUT and complete it',
        body: Type.Object(
          {
            files: Type.Array(
              Type.Object(
                {
                  name: Type.String({ minLength: 1, maxLength: 200 }),
                  size: Type.Integer({ minimum: 1 }),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 500 },
            ),
            acceptValidPart: Type.Optional(Type.Boolean()),
            datasetId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.createUpload(principalOf(request), request.body, contextOf(request))),
  );

  // File bytes arrive as they are, in as many pieces as the client likes; each piece says where it starts.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) => {
      done(null, payload);
    });
    scope.put(
      '/api/deliveries/:id/files/:name',
      {
        config: { access: allow('data_holder') },
        bodyLimit: options.uploadFileLimitBytes,
        schema: {
          tags: ['deliveries'],
          summary:
            'Send (part of) a declared file as application/octet-stream from ?offset=, which must be the bytes the node already holds',
          params: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String({ maxLength: 200 }) }),
          querystring: Type.Object({ offset: Type.Integer({ minimum: 0, default: 0 }) }),
        },
      },
      async (request) => {
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
        if (contentType !== 'application/octet-stream')
          throw new AppError(
            'invalid',
            'request.unsupported_media_type',
            'Send file bytes as application/octet-stream.',
          );
        const params = request.params as { id: string; name: string };
        const query = request.query as { offset: number };
        return service.receive(
          principalOf(request),
          params.id,
          params.name,
          query.offset,
          // The parser above hands the raw request stream on as the body.
          request.body as Readable,
          contextOf(request),
        );
      },
    );
  });

  app.post(
    '/api/deliveries/:id/complete',
    {
      config: { access: allow('data_holder') },
      schema: {
        tags: ['deliveries'],
        summary: 'All files sent: queue the delivery for ingestion (follow its progress with GET)',
        params: IdParams,
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await service.complete(principalOf(request), request.params.id, contextOf(request))),
  );

  app.get(
    '/api/deliveries',
    {
      config: { access: allow('data_holder', ...staff) },
      schema: {
        tags: ['deliveries'],
        summary: "Deliveries: a holder's own; every holder's for the HDAB's staff",
      },
    },
    async (request) => ({ deliveries: await service.list(principalOf(request)) }),
  );

  app.get(
    '/api/deliveries/:id',
    {
      config: { access: allow('data_holder', ...staff) },
      schema: {
        tags: ['deliveries'],
        summary: 'A delivery: bytes received per file, ingestion progress, and the report once done',
        params: IdParams,
      },
    },
    async (request) => service.view(principalOf(request), request.params.id),
  );

  app.get(
    '/api/lake/linkage',
    {
      config: { access: allow(...staff) },
      schema: {
        tags: ['deliveries'],
        summary: 'How many persons each pair of data holders shares in the lake (counts only)',
      },
    },
    async () => service.linkage(),
  );
}
