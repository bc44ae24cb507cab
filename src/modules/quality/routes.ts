import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { allow, type Principal } from '../../platform/auth/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { contextOf } from '../audit/index.js';
import type { QualityAssessments, QualityReport, RunTarget } from './assessments.js';
import { reportHtml } from './report-html.js';

const principalOf = (request: FastifyRequest): Principal => {
  if (request.principal === null) throw new AppError('unauthenticated', 'auth.required', 'Sign in first.');
  return request.principal;
};

const staff = ['data_steward', 'access_officer', 'admin'] as const;
const readers = allow('data_holder', ...staff);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** The lake's names for holders (`DH-LAB`) and deliveries. */
const LakeName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$' });

const Declarations = Type.Object(
  {
    qualityProcess: Type.Optional(
      Type.Union([Type.Literal('none'), Type.Literal('documented'), Type.Literal('certified')]),
    ),
    checksAtSource: Type.Optional(Type.Boolean()),
    correctionsFedBack: Type.Optional(Type.Boolean()),
    daysToMakeAvailable: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    enrichments: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, uniqueItems: true }),
    ),
    linkedDatasets: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

/** A file name for a report: the dataset's title (or the run) and the day of the run. */
function reportName(report: QualityReport, extension: string): string {
  const base = (report.dataset?.title ?? report.holderName ?? 'lake')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `quality-${base === '' ? report.run.id : base}-${report.run.finishedAt.slice(0, 10)}.${extension}`;
}

export function registerQualityRoutes(app: SalusServer, quality: QualityAssessments): void {
  app.get(
    '/api/quality/datasets',
    {
      config: { access: readers },
      schema: {
        tags: ['quality'],
        summary:
          "Datasets with their latest quality run and label: a holder's own, every holder's for the HDAB's staff",
      },
    },
    async (request) => ({ datasets: await quality.datasets(principalOf(request)) }),
  );

  app.get(
    '/api/quality/datasets/:id',
    {
      config: { access: readers },
      schema: {
        tags: ['quality'],
        summary:
          "A dataset's quality: every run kept (the trend), the run in progress, the holder's declarations",
        params: IdParams,
      },
    },
    async (request) => quality.dataset(principalOf(request), request.params.id),
  );

  app.get(
    '/api/quality/datasets/:id/label',
    {
      config: { access: readers },
      schema: {
        tags: ['quality'],
        summary:
          "The dataset's Art 78 quality and utility label: each element's level, the criteria met and not, and what would raise it",
        params: IdParams,
      },
    },
    async (request) => quality.label(principalOf(request), request.params.id),
  );

  app.put(
    '/api/quality/datasets/:id/declarations',
    {
      config: { access: allow('data_holder') },
      schema: {
        tags: ['quality'],
        summary:
          'The holder declares what cannot be measured (quality process, checks at source, time to make data available, enrichments); the label is awarded again',
        params: IdParams,
        body: Declarations,
      },
    },
    async (request) =>
      quality.declare(principalOf(request), request.params.id, request.body, contextOf(request)),
  );

  app.post(
    '/api/quality/runs',
    {
      config: { access: readers },
      schema: {
        tags: ['quality'],
        summary:
          'Start a quality run for one of: a catalogue dataset (its holder’s data, and its label), a data holder, a delivery, or (staff) the whole lake; follow it at /api/quality/jobs/{id}',
        body: Type.Object(
          {
            datasetId: Type.Optional(Type.String({ format: 'uuid' })),
            holderId: Type.Optional(LakeName),
            deliveryId: Type.Optional(LakeName),
            lake: Type.Optional(Type.Literal(true)),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const given = (['datasetId', 'holderId', 'deliveryId', 'lake'] as const).filter(
        (k) => body[k] !== undefined,
      );
      if (given.length !== 1)
        throw new AppError(
          'invalid',
          'quality.target_invalid',
          'Say what to check: exactly one of datasetId, holderId, deliveryId or lake.',
          (given.length === 0 ? ['datasetId'] : given).map((k) => ({
            path: `body/${k}`,
            message: given.length === 0 ? 'one target is required' : 'only one target at a time',
          })),
        );
      const target: RunTarget =
        body.datasetId !== undefined
          ? { datasetId: body.datasetId }
          : body.holderId !== undefined
            ? { holderId: body.holderId }
            : body.deliveryId !== undefined
              ? { deliveryId: body.deliveryId }
              : { lake: true };
      return reply.status(202).send(await quality.start(principalOf(request), target, contextOf(request)));
    },
  );

  app.get(
    '/api/quality/jobs/:id',
    {
      config: { access: readers },
      schema: {
        tags: ['quality'],
        summary:
          'A quality run asked for: queued, its phase, lake queries answered so far, and its run once done',
        params: IdParams,
      },
    },
    async (request) => quality.job(principalOf(request), request.params.id),
  );

  app.get(
    '/api/quality/runs',
    {
      config: { access: readers },
      schema: {
        tags: ['quality'],
        summary: 'Quality runs kept, oldest first, of a dataset, a data holder or a delivery (the trend)',
        querystring: Type.Object(
          {
            datasetId: Type.Optional(Type.String({ format: 'uuid' })),
            holderId: Type.Optional(LakeName),
            deliveryId: Type.Optional(LakeName),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({ runs: await quality.runs(principalOf(request), request.query) }),
  );

  app.get(
    '/api/quality/runs/:id',
    {
      config: { access: readers },
      schema: {
        tags: ['quality'],
        summary:
          'One run: results per Kahn category, completeness per field, value distributions with the outliers, the failing checks with their counts, the label',
        params: IdParams,
      },
    },
    async (request) => quality.run(principalOf(request), request.params.id),
  );

  app.get(
    '/api/quality/runs/:id/report.json',
    {
      config: { access: readers },
      schema: {
        tags: ['quality'],
        summary: "The run's report as JSON, with every check's result (counts only)",
        params: IdParams,
      },
    },
    async (request, reply) => {
      const report = await quality.report(principalOf(request), request.params.id);
      return reply
        .header('content-disposition', `attachment; filename="${reportName(report, 'json')}"`)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(report, null, 2));
    },
  );

  app.get(
    '/api/quality/runs/:id/report.html',
    {
      config: { access: readers },
      schema: {
        tags: ['quality'],
        summary: "The run's report as a self-contained HTML page to keep or print",
        params: IdParams,
      },
    },
    async (request, reply) => {
      const report = await quality.report(principalOf(request), request.params.id);
      return reply
        .header('content-disposition', `attachment; filename="${reportName(report, 'html')}"`)
        .type('text/html; charset=utf-8')
        .send(reportHtml(report));
    },
  );
}
