import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allow, type Principal } from '../../platform/auth/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { contextOf } from '../audit/index.js';
import type { Finding } from './findings.js';
import { mediaTypeOf, type RdfFormat } from './rdf-port.js';
import type { DatasetRecord } from './record.js';
import {
  DatasetRecordSchema,
  DatasetSummarySchema,
  DatasetViewSchema,
  FindingSchema,
  type DatasetRecordInput,
} from './schemas.js';
import { facetNames } from './search.js';
import type { CatalogueService, DatasetView } from './service.js';

export interface CatalogueRouteOptions {
  readonly service: CatalogueService;
  readonly vocabularies: () => Record<string, readonly { iri: string; label: string }[]>;
  readonly profile: () => Record<string, Record<string, 'mandatory' | 'recommended' | 'optional'>>;
  /** Sends the web app's page, for a browser that asks a dataset URI for HTML. */
  readonly sendAppShell: (reply: FastifyReply) => Promise<FastifyReply>;
  readonly importLimitBytes: number;
}

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const FormatQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('turtle'), Type.Literal('jsonld'), Type.Literal('rdfxml')])),
});
const rdfTypes: readonly [string, RdfFormat][] = [
  ['text/turtle', 'turtle'],
  ['application/x-turtle', 'turtle'],
  ['application/ld+json', 'jsonld'],
  ['application/rdf+xml', 'rdfxml'],
];

const principalOf = (request: FastifyRequest): Principal => {
  if (request.principal === null) throw new AppError('unauthenticated', 'auth.required', 'Sign in first.');
  return request.principal;
};
const asRecord = (input: DatasetRecordInput): DatasetRecord => ({ ...input, iri: input.iri ?? '' });

/**
 * Which representation a client wants: `?format=` wins; otherwise the Accept header, where a browser's
 * text/html means the web page.
 */
export function negotiate(accept: string | undefined, format: RdfFormat | undefined): RdfFormat | 'html' {
  if (format !== undefined) return format;
  const ranked = (accept ?? '')
    .split(',')
    .map((part, i) => {
      const [type = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? '1');
      return { type: type.trim().toLowerCase(), q: Number.isNaN(q) ? 0 : q, i };
    })
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { type } of ranked) {
    if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
    const rdf = rdfTypes.find(([t]) => t === type);
    if (rdf !== undefined) return rdf[1];
  }
  return ranked.length === 0 || ranked.some((r) => r.type === '*/*') ? 'turtle' : 'html';
}

export function registerCatalogueRoutes(app: SalusServer, options: CatalogueRouteOptions): void {
  const { service } = options;
  const list = Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 }));
  const findingsOut = Type.Array(FindingSchema);

  app.get(
    '/api/catalogue/datasets',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogue'],
        summary: 'Search the published catalogue, with facets',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 500 })),
            healthCategory: list,
            healthTheme: list,
            holder: list,
            accessRights: Type.Optional(
              Type.Array(
                Type.Union([Type.Literal('PUBLIC'), Type.Literal('RESTRICTED'), Type.Literal('NON_PUBLIC')]),
                { maxItems: 3 },
              ),
            ),
            codingSystem: list,
            qualityLabel: list,
            ageFrom: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
            ageTo: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
            from: Type.Optional(Type.Integer({ minimum: 1800, maximum: 2200 })),
            to: Type.Optional(Type.Integer({ minimum: 1800, maximum: 2200 })),
            sort: Type.Union([Type.Literal('relevance'), Type.Literal('title'), Type.Literal('modified')], {
              default: 'relevance',
            }),
            page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            results: Type.Array(DatasetSummarySchema),
            facets: Type.Record(
              Type.Union(facetNames.map((f) => Type.Literal(f))),
              Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() })),
            ),
            tookMs: Type.Number(),
          }),
        },
      },
    },
    async (request) => service.search(request.query),
  );

  app.get(
    '/api/catalogue/datasets/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogue'],
        summary: 'One dataset: the published description, or the working copy for its holder and the HDAB',
        params: IdParams,
        response: { 200: Type.Object({ dataset: DatasetViewSchema }) },
      },
    },
    async (request) => ({ dataset: await service.view(request.principal, request.params.id) }),
  );

  app.get(
    '/api/catalogue/datasets/:id/versions/:version',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogue'],
        summary: 'An older published version',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Object({ dataset: DatasetViewSchema }) },
      },
    },
    async (request) => ({ dataset: await service.versionView(request.params.id, request.params.version) }),
  );

  app.get(
    '/api/catalogue/vocabularies',
    {
      config: { access: 'public' },
      schema: { tags: ['catalogue'], summary: 'The controlled vocabularies the form offers' },
    },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').send(options.vocabularies()),
  );

  app.get(
    '/api/catalogue/profile',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogue'],
        summary: 'Which fields are mandatory, recommended or optional at each access level',
      },
    },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').send({ levels: options.profile() }),
  );

  app.get(
    '/api/catalogue/mine',
    {
      config: { access: allow('data_holder') },
      schema: {
        tags: ['catalogue'],
        summary: "My organisation's datasets",
        response: { 200: Type.Object({ datasets: Type.Array(DatasetSummarySchema) }) },
      },
    },
    async (request) => ({ datasets: await service.mine(principalOf(request)) }),
  );

  app.get(
    '/api/catalogue/review',
    {
      config: { access: allow('access_officer') },
      schema: {
        tags: ['catalogue'],
        summary: 'Submitted descriptions and overdue annual re-checks',
        response: {
          200: Type.Object({
            submitted: Type.Array(DatasetSummarySchema),
            overdue: Type.Array(DatasetSummarySchema),
          }),
        },
      },
    },
    async () => service.review(),
  );

  const recordBody = Type.Object({ record: DatasetRecordSchema }, { additionalProperties: false });
  const savedOut = Type.Object({ dataset: DatasetViewSchema, findings: findingsOut });
  app.post(
    '/api/catalogue/datasets',
    {
      config: { access: allow('data_holder') },
      schema: {
        tags: ['catalogue'],
        summary: 'Describe a new dataset (a draft)',
        body: recordBody,
        response: { 201: savedOut },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.create(principalOf(request), asRecord(request.body.record), contextOf(request))),
  );

  app.put(
    '/api/catalogue/datasets/:id',
    {
      config: { access: allow('data_holder') },
      schema: {
        tags: ['catalogue'],
        summary: 'Save the working copy of a description',
        params: IdParams,
        body: recordBody,
        response: { 200: savedOut },
      },
    },
    async (request) =>
      service.update(
        principalOf(request),
        request.params.id,
        asRecord(request.body.record),
        contextOf(request),
      ),
  );

  app.post(
    '/api/catalogue/validate',
    {
      config: { access: allow('data_holder', 'access_officer') },
      schema: {
        tags: ['catalogue'],
        summary: 'Validate a description against the official shapes without saving it',
        body: recordBody,
        response: { 200: Type.Object({ findings: findingsOut }) },
      },
    },
    async (request) => ({
      findings: await service.validateRecord({
        ...asRecord(request.body.record),
        iri: request.body.record.iri ?? service.datasetUrl('unsaved'),
      }),
    }),
  );
  app.post(
    '/api/catalogue/datasets/:id/validate',
    {
      config: { access: allow('data_holder', 'access_officer') },
      schema: {
        tags: ['catalogue'],
        summary: 'Validate a description against the official shapes without saving it',
        params: IdParams,
        body: recordBody,
        response: { 200: Type.Object({ findings: findingsOut }) },
      },
    },
    async (request) => ({
      findings: await service.validateRecord({
        ...asRecord(request.body.record),
        iri: service.datasetUrl(request.params.id),
      }),
    }),
  );

  const action = (
    url: string,
    summary: string,
    roles: Parameters<typeof allow>,
    run: (p: Principal, id: string, r: FastifyRequest) => Promise<DatasetView>,
  ) =>
    app.post(
      url,
      {
        config: { access: allow(...roles) },
        schema: {
          tags: ['catalogue'],
          summary,
          params: IdParams,
          response: { 200: Type.Object({ dataset: DatasetViewSchema }) },
        },
      },
      async (request) => ({ dataset: await run(principalOf(request), request.params.id, request) }),
    );
  action(
    '/api/catalogue/datasets/:id/submit',
    'Submit a description for publication',
    ['data_holder'],
    (p, id, r) => service.submit(p, id, contextOf(r)),
  );
  action(
    '/api/catalogue/datasets/:id/publish',
    'Publish a submitted description as the next version',
    ['access_officer'],
    (p, id, r) => service.publish(p, id, contextOf(r)),
  );
  action(
    '/api/catalogue/datasets/:id/confirm',
    'Confirm the description is still accurate (annual re-check)',
    ['data_holder'],
    (p, id, r) => service.confirm(p, id, contextOf(r)),
  );
  app.post(
    '/api/catalogue/datasets/:id/return',
    {
      config: { access: allow('access_officer') },
      schema: {
        tags: ['catalogue'],
        summary: 'Return a submitted description to its holder',
        params: IdParams,
        body: Type.Object(
          { message: Type.String({ minLength: 1, maxLength: 5000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ dataset: DatasetViewSchema }) },
      },
    },
    async (request) => ({
      dataset: await service.returnToHolder(
        principalOf(request),
        request.params.id,
        request.body.message,
        contextOf(request),
      ),
    }),
  );

  // RDF documents arrive as text in their own media types, up to their own size limit.
  void app.register(async (scope) => {
    for (const [type] of rdfTypes) {
      scope.addContentTypeParser(
        type,
        { parseAs: 'string', bodyLimit: options.importLimitBytes },
        (_request, body, done) => {
          done(null, body);
        },
      );
    }
    scope.post(
      '/api/catalogue/import',
      {
        config: { access: allow('data_holder') },
        bodyLimit: options.importLimitBytes,
        schema: {
          tags: ['catalogue'],
          summary:
            'Import a HealthDCAT-AP document (Turtle, JSON-LD or RDF/XML): one draft per dataset it describes; refused with every violation unless ?keepIncomplete=true',
          querystring: Type.Object({ keepIncomplete: Type.Boolean({ default: false }) }),
        },
      },
      async (request, reply) => {
        const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        const format = rdfTypes.find(([t]) => t === type)?.[1];
        if (format === undefined || typeof request.body !== 'string') {
          throw new AppError(
            'invalid',
            'request.unsupported_media_type',
            'Send the document as text/turtle, application/ld+json or application/rdf+xml.',
          );
        }
        const result: { datasets: unknown[]; findings: Record<string, Finding[]> } =
          await service.importDocument(principalOf(request), request.body, format, contextOf(request), {
            keepIncomplete: (request.query as { keepIncomplete: boolean }).keepIncomplete,
          });
        return reply.status(201).send(result);
      },
    );
  });

  // Stable URIs: the catalogue and each dataset, as DCAT for harvesters and as a page for people.
  app.get(
    '/catalogue',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogue'],
        summary:
          'The catalogue as DCAT-AP (Turtle, JSON-LD, RDF/XML by Accept or ?format=), paged with ?page= for harvesters',
        querystring: Type.Object({
          ...FormatQuery.properties,
          page: Type.Optional(Type.Integer({ minimum: 1 })),
          pageSize: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
      },
    },
    async (request, reply) => {
      const want = negotiate(request.headers.accept, request.query.format);
      if (want === 'html') return options.sendAppShell(reply);
      if (request.query.page === undefined) {
        // The whole catalogue is streamed in slices: the first bytes leave at once, memory stays flat.
        const body = new PassThrough();
        service
          .exportCatalogue(want, (chunk) =>
            chunk === '' || body.write(chunk) ? undefined : once(body, 'drain'),
          )
          .then(
            () => body.end(),
            (error: unknown) => {
              request.log.error({ err: error }, 'catalogue export failed');
              body.destroy(error as Error);
            },
          );
        return reply.type(`${mediaTypeOf[want]}; charset=utf-8`).header('vary', 'accept').send(body);
      }
      const page = { number: request.query.page, size: request.query.pageSize };
      const { quads, total } = await service.catalogueQuads(page);
      // Hydra paging, as DCAT-AP harvesters (the EU catalogue among them) follow it.
      const { DataFactory } = await import('n3');
      // eslint-disable-next-line @typescript-eslint/unbound-method -- n3's factory functions do not use `this`
      const { namedNode, literal, quad } = DataFactory;
      const hydra = (l: string) => namedNode(`http://www.w3.org/ns/hydra/core#${l}`);
      const pageUrl = (n: number) => `${service.catalogueIri()}?page=${n}&pageSize=${page.size}`;
      const view = namedNode(pageUrl(page.number));
      const last = Math.max(1, Math.ceil(total / page.size));
      quads.push(
        quad(
          view,
          namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'),
          hydra('PartialCollectionView'),
        ),
        quad(
          view,
          hydra('totalItems'),
          literal(String(total), namedNode('http://www.w3.org/2001/XMLSchema#integer')),
        ),
        quad(view, hydra('first'), namedNode(pageUrl(1))),
        quad(view, hydra('last'), namedNode(pageUrl(last))),
        ...(page.number < last ? [quad(view, hydra('next'), namedNode(pageUrl(page.number + 1)))] : []),
        ...(page.number > 1 ? [quad(view, hydra('previous'), namedNode(pageUrl(page.number - 1)))] : []),
      );
      return reply
        .type(`${mediaTypeOf[want]}; charset=utf-8`)
        .header('vary', 'accept')
        .send(await service.serialize(quads, want));
    },
  );

  app.get(
    '/catalogue/datasets/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogue'],
        summary: "A dataset's stable URI: its DCAT description, or its page in a browser",
        params: IdParams,
        querystring: FormatQuery,
      },
    },
    async (request, reply) => {
      const want = negotiate(request.headers.accept, request.query.format);
      if (want === 'html') return options.sendAppShell(reply);
      return reply
        .type(`${mediaTypeOf[want]}; charset=utf-8`)
        .header('vary', 'accept')
        .send(await service.datasetRdf(request.params.id, want));
    },
  );
}
