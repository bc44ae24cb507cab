import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { allow, type Principal } from '../../platform/auth/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { contextOf } from '../audit/index.js';
import type { Caller, WorkspaceService } from './service.js';

const callerOf = (request: FastifyRequest): Caller => {
  const principal: Principal | null = request.principal;
  if (principal === null) throw new AppError('unauthenticated', 'auth.required', 'Sign in first.');
  return { principal, context: contextOf(request) };
};

const tags = ['workspace'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const FileParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
});
const Version = Type.Object({ version: Type.Integer({ minimum: 1 }) });
const Str = (max: number) => Type.String({ maxLength: max });
const Totals = Type.Optional(
  Type.Object(
    {
      rowLabel: Type.Optional(Type.Union([Str(200), Type.Null()])),
      column: Type.Optional(Type.Union([Str(200), Type.Null()])),
    },
    { additionalProperties: false },
  ),
);
/** The disclosure checks' OutputFileContext: what the requester says the file shows. */
const ContextSchema = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    population: Type.Optional(Str(2000)),
    denominators: Type.Optional(Str(2000)),
    table: Type.Optional(
      Type.Union([
        Type.Object(
          {
            kind: Type.Literal('frequency'),
            countColumns: Type.Optional(Type.Array(Str(200), { maxItems: 100 })),
            unit: Type.Optional(Str(100)),
            totals: Totals,
          },
          { additionalProperties: false },
        ),
        Type.Object(
          {
            kind: Type.Literal('magnitude'),
            statistic: Type.Union([Type.Literal('sum'), Type.Literal('mean'), Type.Literal('other')]),
            valueColumns: Type.Array(Str(200), { minItems: 1, maxItems: 100 }),
            countColumn: Type.Optional(Str(200)),
            cells: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    row: Type.Integer({ minimum: 1 }),
                    column: Str(200),
                    count: Type.Optional(Type.Integer({ minimum: 0 })),
                    largest: Type.Optional(Type.Array(Type.Number(), { maxItems: 10 })),
                    total: Type.Optional(Type.Number()),
                  },
                  { additionalProperties: false },
                ),
                { maxItems: 10_000 },
              ),
            ),
            totals: Totals,
          },
          { additionalProperties: false },
        ),
        Type.Object(
          {
            kind: Type.Literal('model'),
            residualDf: Type.Optional(Type.Integer({ minimum: 0 })),
            observations: Type.Optional(Type.Integer({ minimum: 0 })),
            parameters: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        Type.Object({ kind: Type.Literal('other') }, { additionalProperties: false }),
      ]),
    ),
    csv: Type.Optional(
      Type.Object(
        {
          delimiter: Type.Optional(Type.Union([Type.Literal(','), Type.Literal(';'), Type.Literal('\t')])),
          decimal: Type.Optional(Type.Union([Type.Literal('.'), Type.Literal(',')])),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The secure processing environment's API: workspaces, the SQL console, jobs, outputs and the airlock. */
export function registerWorkspaceRoutes(app: SalusServer, options: { service: WorkspaceService }): void {
  const { service } = options;
  // Named persons are data users; whether a permit names them is checked on every call.
  const users = allow('data_user');

  app.post(
    '/api/workspaces',
    {
      config: { access: allow('data_steward') },
      schema: {
        tags,
        summary: "Prepare the workspace of a permit's preparation task: build its extract from the lake",
        body: Type.Object(
          {
            taskId: Type.String({ format: 'uuid' }),
            cohort: Type.Optional(
              Type.Union([
                Type.Null(),
                Type.Object(
                  {
                    codes: Type.Optional(
                      Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 500 }),
                    ),
                    conceptIds: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 500 })),
                    age: Type.Optional(
                      Type.Object(
                        {
                          min: Type.Optional(Type.Integer({ minimum: 0, maximum: 130 })),
                          max: Type.Optional(Type.Integer({ minimum: 0, maximum: 130 })),
                          at: Type.String({ format: 'date' }),
                        },
                        { additionalProperties: false },
                      ),
                    ),
                  },
                  { additionalProperties: false },
                ),
              ]),
            ),
            dateShift: Type.Optional(
              Type.Object(
                { enabled: Type.Boolean(), maxDays: Type.Integer({ minimum: 1, maximum: 3650 }) },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { taskId, ...choices } = request.body;
      return reply.status(201).send(await service.prepare(callerOf(request), taskId, choices));
    },
  );

  app.get(
    '/api/workspaces',
    {
      config: { access: allow('data_user', 'data_steward', 'output_checker', 'admin') },
      schema: { tags, summary: 'Workspaces: those whose permit names you; all of them for the staff' },
    },
    async (request) => ({ workspaces: await service.list(callerOf(request).principal) }),
  );

  app.get(
    '/api/workspaces/:id',
    {
      config: { access: users },
      schema: { tags, summary: 'Enter a workspace (a session, audited)', params: IdParams },
    },
    async (request) => service.open(callerOf(request), request.params.id),
  );

  app.post(
    '/api/workspaces/:id/query',
    {
      config: { access: users },
      schema: {
        tags,
        summary:
          'Run one SQL statement over the extract (no files, network or extensions; limited rows and time)',
        params: IdParams,
        body: Type.Object(
          {
            sql: Type.String({ minLength: 1, maxLength: 100_000 }),
            saveAs: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { sql, saveAs } = request.body;
      if (saveAs !== undefined)
        return { saved: await service.saveTable(callerOf(request), request.params.id, sql, saveAs) };
      return service.query(callerOf(request), request.params.id, sql);
    },
  );

  app.post(
    '/api/workspaces/:id/jobs',
    {
      config: { access: users },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Run a Python or R script in the sandbox over the extract; its files go to the outputs',
        params: IdParams,
        body: Type.Object(
          {
            language: Type.Union([Type.Literal('python'), Type.Literal('r')]),
            script: Type.String({ minLength: 1 }),
            name: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.runJob(callerOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/workspaces/:id/jobs',
    {
      config: { access: users },
      schema: { tags, summary: "The workspace's jobs with their logs", params: IdParams },
    },
    async (request) => ({ jobs: await service.jobs(callerOf(request), request.params.id) }),
  );

  app.get(
    '/api/workspaces/:id/files',
    {
      config: { access: users },
      schema: {
        tags,
        summary: "The workspace's output files (to look at; they leave only through the airlock)",
        params: IdParams,
      },
    },
    async (request) => ({ files: await service.files(callerOf(request), request.params.id) }),
  );

  app.get(
    '/api/workspaces/:id/files/:name',
    {
      config: { access: users },
      schema: {
        tags,
        summary: "A look at an output file: a table's first rows, a chart, a text",
        params: FileParams,
      },
    },
    async (request) => service.preview(callerOf(request), request.params.id, request.params.name),
  );

  app.get(
    '/api/workspaces/:id/output-requests',
    {
      config: { access: users },
      schema: { tags, summary: "The workspace's output requests", params: IdParams },
    },
    async (request) => ({ requests: await service.outputRequests(callerOf(request), request.params.id) }),
  );

  app.post(
    '/api/workspaces/:id/output-requests',
    {
      config: { access: users },
      schema: {
        tags,
        summary: 'File an output request: the automatic disclosure checks run at once',
        params: IdParams,
        body: Type.Object(
          {
            title: Type.String({ maxLength: 300 }),
            files: Type.Array(
              Type.Object(
                { name: Type.String({ minLength: 1, maxLength: 100 }), context: ContextSchema },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 50 },
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.fileOutputRequest(callerOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/output-requests',
    {
      config: { access: allow('output_checker') },
      schema: { tags, summary: 'Output requests waiting for a check (never your own)' },
    },
    async (request) => ({ requests: await service.queue(callerOf(request).principal) }),
  );

  app.get(
    '/api/output-requests/:id',
    {
      config: { access: allow('data_user', 'output_checker') },
      schema: { tags, summary: 'An output request with its checks and reviews', params: IdParams },
    },
    async (request) => service.outputRequest(callerOf(request), request.params.id),
  );

  app.post(
    '/api/output-requests/:id/remedy',
    {
      config: { access: users },
      schema: {
        tags,
        summary: "Suppress or round a file's failing cells, or justify an exception for the checker",
        params: IdParams,
        body: Type.Composite([
          Version,
          Type.Object(
            {
              file: Type.String({ minLength: 1, maxLength: 100 }),
              action: Type.Union([Type.Literal('suppress'), Type.Literal('round'), Type.Literal('justify')]),
              justification: Type.Optional(Type.String({ maxLength: 4000 })),
              base: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000 })),
            },
            { additionalProperties: false },
          ),
        ]),
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return service.remedy(callerOf(request), request.params.id, input, version);
    },
  );

  app.post(
    '/api/output-requests/:id/submit',
    {
      config: { access: users },
      schema: { tags, summary: 'Send the request to an output checker', params: IdParams, body: Version },
    },
    async (request) => service.submit(callerOf(request), request.params.id, request.body.version),
  );

  app.post(
    '/api/output-requests/:id/review',
    {
      config: { access: allow('output_checker') },
      schema: {
        tags,
        summary: 'Approve, reject or return a request (never your own)',
        params: IdParams,
        body: Type.Composite([
          Version,
          Type.Object({
            decision: Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('return')]),
            comment: Type.String({ maxLength: 4000 }),
          }),
        ]),
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return service.review(callerOf(request), request.params.id, input, version);
    },
  );

  app.get(
    '/api/output-requests/:id/files/:name/preview',
    {
      config: { access: allow('output_checker') },
      schema: { tags, summary: "A checker's look at a requested file", params: FileParams },
    },
    async (request) => service.reviewPreview(callerOf(request), request.params.id, request.params.name),
  );

  app.get(
    '/api/output-requests/:id/files/:name',
    {
      config: { access: users },
      schema: { tags, summary: 'Download a released file (the permit’s persons only)', params: FileParams },
    },
    async (request, reply) => {
      const { bytes, mediaType } = await service.download(
        callerOf(request),
        request.params.id,
        request.params.name,
      );
      return reply
        .header('content-type', mediaType)
        .header('content-disposition', `attachment; filename="${request.params.name}"`)
        .send(bytes);
    },
  );
}
