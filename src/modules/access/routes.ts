import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { allow, type Principal, type Role } from '../../platform/auth/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { contextOf } from '../audit/index.js';
import { decisionPdf } from './decision-pdf.js';
import type { AccessModule } from './index.js';
import { activityReport, registerCsv, registerPage } from './register.js';
import {
  attachmentKinds,
  attachmentTypes,
  ApplicationFormSchema,
  CaseStatusSchema,
  CaseSummarySchema,
  CaseViewSchema,
  ChecklistEntrySchema,
  FeeEstimateSchema,
  PermitViewSchema,
  RefusalGroundSchema,
  RegisterEntrySchema,
  RequestedFieldSchema,
  TaskViewSchema,
  TrackSchema,
} from './schemas.js';
import type { Caller } from './service.js';
import type { CaseView, PermitView } from './schemas.js';
import type { OptOutStatus } from './opt-out.js';

const tags = ['access'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const strict = { additionalProperties: false } as const;
const caseOut = Type.Object({ case: CaseViewSchema });
const permitOut = Type.Object({ permit: PermitViewSchema });
const reason = Type.String({ minLength: 10, maxLength: 5000 });
const attachmentLimitBytes = 10 * 1_048_576;

const principalOf = (request: FastifyRequest): Principal => {
  if (request.principal === null) throw new AppError('unauthenticated', 'auth.required', 'Sign in first.');
  return request.principal;
};
const callerOf = (request: FastifyRequest): Caller => ({
  principal: principalOf(request),
  context: contextOf(request),
});

const applicant: Role[] = ['data_user'];
const officer: Role[] = ['access_officer'];
const caseReaders: Role[] = ['data_user', 'access_officer'];

/** Applications, data requests, permits, the public register and the opt-out register over HTTP. */
export function registerAccessRoutes(app: SalusServer, access: AccessModule): void {
  const { service } = access;

  // ------------------------------------------------------------ applying
  app.post(
    '/api/access/cases',
    {
      config: { access: allow(...applicant) },
      schema: {
        tags,
        summary: 'Start a draft: an access application (Art 67) or a health data request (Art 69)',
        body: Type.Object({ track: TrackSchema, form: ApplicationFormSchema }, strict),
        response: { 201: caseOut },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ case: await service.createDraft(callerOf(request), request.body.track, request.body.form) }),
  );

  app.put(
    '/api/access/cases/:id',
    {
      config: { access: allow(...applicant) },
      schema: {
        tags,
        summary: 'Save a draft (the revision read guards against overwriting a newer save)',
        params: IdParams,
        body: Type.Object(
          { form: ApplicationFormSchema, revision: Type.Optional(Type.Integer({ minimum: 1 })) },
          strict,
        ),
        response: { 200: caseOut },
      },
    },
    async (request) => ({
      case: await service.saveDraft(
        callerOf(request),
        request.params.id,
        request.body.form,
        request.body.revision,
      ),
    }),
  );

  const action = (
    url: string,
    summary: string,
    roles: Role[],
    run: (caller: Caller, id: string) => Promise<CaseView>,
    status: 200 | 201 = 200,
  ) =>
    app.post(
      url,
      {
        config: { access: allow(...roles) },
        schema: { tags, summary, params: IdParams, response: { [status]: caseOut } },
      },
      async (request, reply) =>
        reply.status(status).send({ case: await run(callerOf(request), request.params.id) }),
    );

  action('/api/access/cases/:id/submit', 'Submit a draft; the statutory clock starts', applicant, (c, id) =>
    service.submit(c, id),
  );
  action(
    '/api/access/cases/:id/clone',
    'Start a new draft from the content of this case',
    applicant,
    (c, id) => service.clone(c, id),
    201,
  );

  const withBody = (
    url: string,
    summary: string,
    roles: Role[],
    body: Parameters<typeof Type.Object>[0],
    run: (caller: Caller, id: string, body: never) => Promise<CaseView>,
    method: 'post' | 'put' = 'post',
  ) =>
    app[method](
      url,
      {
        config: { access: allow(...roles) },
        schema: {
          tags,
          summary,
          params: IdParams,
          body: Type.Object(body, strict),
          response: { 200: caseOut },
        },
      },
      async (request) => ({
        case: await run(callerOf(request), request.params.id, request.body as never),
      }),
    );

  withBody(
    '/api/access/cases/:id/withdraw',
    'Withdraw a draft or a case not yet decided',
    applicant,
    { reason: Type.Optional(Type.String({ maxLength: 5000 })) },
    (c, id, body: { reason?: string }) => service.withdraw(c, id, body.reason),
  );
  withBody(
    '/api/access/cases/:id/respond',
    'Answer the HDAB’s request for information, changing only the fields it asked about',
    applicant,
    { message: Type.String({ minLength: 1, maxLength: 20_000 }), form: Type.Optional(ApplicationFormSchema) },
    (c, id, body: { message: string; form?: Record<string, unknown> }) =>
      service.respond(c, id, body.message, body.form),
  );
  withBody(
    '/api/access/cases/:id/appeals',
    'Appeal against the decision',
    applicant,
    { grounds: Type.String({ minLength: 10, maxLength: 20_000 }) },
    (c, id, body: { grounds: string }) => service.appeal(c, id, body.grounds),
  );
  withBody(
    '/api/access/cases/:id/messages',
    'Write in the case’s thread between applicant and HDAB',
    caseReaders,
    { body: Type.String({ minLength: 1, maxLength: 20_000 }) },
    (c, id, body: { body: string }) => service.postMessage(c, id, body.body),
  );

  // ------------------------------------------------------------ reading
  app.get(
    '/api/access/cases',
    {
      config: { access: allow(...caseReaders) },
      schema: {
        tags,
        summary: 'My organisation’s cases; for an officer every submitted case, the nearest deadline first',
        querystring: Type.Object(
          {
            status: Type.Optional(CaseStatusSchema),
            track: Type.Optional(TrackSchema),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          },
          strict,
        ),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            cases: Type.Array(CaseSummarySchema),
          }),
        },
      },
    },
    async (request) => service.list(principalOf(request), request.query, contextOf(request)),
  );

  app.get(
    '/api/access/cases/:id',
    {
      config: { access: allow(...caseReaders) },
      schema: {
        tags,
        summary: 'One case with its thread, history, assessment and permits',
        params: IdParams,
        response: { 200: caseOut },
      },
    },
    async (request) => ({
      case: await service.view(principalOf(request), request.params.id, true, contextOf(request)),
    }),
  );

  app.get(
    '/api/access/cases/:id/export',
    {
      config: { access: allow(...caseReaders) },
      schema: { tags, summary: 'The application as a JSON file', params: IdParams },
    },
    async (request, reply) => {
      const view = await service.view(principalOf(request), request.params.id, true, contextOf(request));
      const name = (view.reference ?? `draft-${view.id}`).replace(/[^A-Za-z0-9-]/g, '_');
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.json"`)
        .send(
          JSON.stringify(
            {
              reference: view.reference,
              track: view.track,
              status: view.status,
              organisation: view.organisation,
              submittedAt: view.submittedAt,
              form: view.form,
              datasets: view.basket,
              fees: view.fees,
            },
            null,
            2,
          ),
        );
    },
  );

  app.get(
    '/api/access/notifications',
    {
      config: { access: allow(...caseReaders) },
      schema: {
        tags,
        summary: 'Reminders: questions to answer, drafts about to expire, deadlines near or past',
        response: {
          200: Type.Object({
            notifications: Type.Array(
              Type.Object({ caseId: Type.String(), kind: Type.String(), message: Type.String() }),
            ),
          }),
        },
      },
    },
    async (request) => ({ notifications: await service.notifications(principalOf(request)) }),
  );

  // Documents travel as themselves, not inside JSON; only this scope reads those media types.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      Object.keys(attachmentTypes),
      { parseAs: 'buffer', bodyLimit: attachmentLimitBytes },
      (_request, body, done) => {
        done(null, body);
      },
    );
    scope.post(
      '/api/access/cases/:id/attachments',
      {
        config: { access: allow(...applicant) },
        schema: {
          tags,
          summary: `Attach a document (PDF, DOCX or ODT, at most ${attachmentLimitBytes / 1_048_576} MB) to a draft or an answer`,
          params: IdParams,
          querystring: Type.Object(
            {
              kind: Type.Union(attachmentKinds.map((k) => Type.Literal(k))),
              filename: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\]+$' }),
            },
            strict,
          ),
          response: { 201: caseOut },
        },
      },
      async (request, reply) => {
        const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
        const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return reply.status(201).send({
          case: await service.attach(callerOf(request), request.params.id, {
            kind: request.query.kind,
            filename: request.query.filename,
            mediaType,
            content,
          }),
        });
      },
    );
  });
  app.get(
    '/api/access/cases/:id/attachments/:attachmentId',
    {
      config: { access: allow(...caseReaders) },
      schema: {
        tags,
        summary: 'Download an attachment',
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          attachmentId: Type.String({ format: 'uuid' }),
        }),
      },
    },
    async (request, reply) => {
      const file = await service.attachment(
        callerOf(request),
        request.params.id,
        request.params.attachmentId,
      );
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', `attachment; filename="${file.filename.replace(/["\r\n]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );

  app.get(
    '/api/access/cases/:id/decision.pdf',
    {
      config: { access: allow(...caseReaders) },
      schema: {
        tags,
        summary: 'The decision document (PDF): the permit with its Art 68(10) elements, or the refusal',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const view = await service.view(principalOf(request), request.params.id, true, contextOf(request));
      if (view.decisionDetail === null)
        throw new AppError('conflict', 'access.no_decision', 'This case has no decision yet.');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${view.reference ?? view.id}-decision.pdf"`)
        .send(decisionPdf(view, 'Health Data Access Body'));
    },
  );

  // ------------------------------------------------------------ the HDAB's workflow
  action('/api/access/cases/:id/pre-screening', 'Start pre-screening a submitted case', officer, (c, id) =>
    service.startPreScreening(c, id),
  );
  withBody(
    '/api/access/cases/:id/complete',
    'The completeness check passed: the case goes on to assessment',
    officer,
    { note: Type.Optional(Type.String({ maxLength: 5000 })) },
    (c, id, body: { note?: string }) => service.confirmComplete(c, id, body.note),
  );
  withBody(
    '/api/access/cases/:id/information-requests',
    'Ask the applicant about named fields; the clock pauses until they answer',
    officer,
    {
      message: Type.String({ minLength: 1, maxLength: 20_000 }),
      fields: Type.Array(RequestedFieldSchema, { minItems: 1, maxItems: 30 }),
    },
    (c, id, body: { message: string; fields: { field: string; question: string }[] }) =>
      service.requestInformation(c, id, body.message, body.fields),
  );
  withBody(
    '/api/access/cases/:id/assessment',
    'Record the assessment checklist (Art 68(1), Art 54, data minimisation)',
    officer,
    { checklist: Type.Array(ChecklistEntrySchema, { minItems: 1, maxItems: 20 }) },
    (c, id, body: { checklist: never[] }) => service.recordAssessment(c, id, body.checklist),
    'put',
  );
  withBody(
    '/api/access/cases/:id/extension',
    'Extend the time limit once, with the reason',
    officer,
    { reason },
    (c, id, body: { reason: string }) => service.extend(c, id, body.reason),
  );
  withBody(
    '/api/access/cases/:id/grant',
    'Grant: issue the permit (Art 68(10) elements) or approve the data request',
    officer,
    {
      conditions: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 50 }),
      environment: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
      validFrom: Type.Optional(Type.String({ format: 'date-time' })),
      note: Type.Optional(Type.String({ maxLength: 5000 })),
    },
    (c, id, body: { conditions: string[]; environment?: string; validFrom?: string; note?: string }) =>
      service.grant(c, id, body),
  );
  withBody(
    '/api/access/cases/:id/refuse',
    'Refuse, with the grounds',
    officer,
    {
      grounds: Type.Array(RefusalGroundSchema, { minItems: 1, maxItems: 10 }),
      note: Type.Optional(Type.String({ maxLength: 5000 })),
    },
    (c, id, body: { grounds: never[]; note?: string }) => service.refuse(c, id, body.grounds, body.note),
  );
  app.post(
    '/api/access/cases/:id/appeals/:appealId/outcome',
    {
      config: { access: allow(...officer) },
      schema: {
        tags,
        summary: 'Record the outcome of an appeal',
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          appealId: Type.String({ format: 'uuid' }),
        }),
        body: Type.Object(
          {
            outcome: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed')]),
            note: Type.String({ minLength: 1, maxLength: 5000 }),
          },
          strict,
        ),
        response: { 200: caseOut },
      },
    },
    async (request) => ({
      case: await service.appealOutcome(
        callerOf(request),
        request.params.id,
        request.params.appealId,
        request.body.outcome,
        request.body.note,
      ),
    }),
  );

  // ------------------------------------------------------------ permits
  const permitReaders: Role[] = ['data_user', 'access_officer', 'data_steward'];
  app.get(
    '/api/access/permits',
    {
      config: { access: allow(...permitReaders) },
      schema: {
        tags,
        summary: 'Permits: my organisation’s, or all for the HDAB',
        response: { 200: Type.Object({ permits: Type.Array(PermitViewSchema) }) },
      },
    },
    async (request) => ({ permits: await service.permits(principalOf(request)) }),
  );
  app.get(
    '/api/access/permits/:id',
    {
      config: { access: allow(...permitReaders) },
      schema: { tags, summary: 'One version of a permit', params: IdParams, response: { 200: permitOut } },
    },
    async (request) => ({
      permit: await service.permit(principalOf(request), request.params.id, contextOf(request)),
    }),
  );
  const permitAction = (
    url: string,
    summary: string,
    body: Parameters<typeof Type.Object>[0],
    run: (caller: Caller, id: string, body: never) => Promise<PermitView>,
  ) =>
    app.post(
      url,
      {
        config: { access: allow(...officer) },
        schema: {
          tags,
          summary,
          params: IdParams,
          body: Type.Object(body, strict),
          response: { 200: permitOut },
        },
      },
      async (request) => ({
        permit: await run(callerOf(request), request.params.id, request.body as never),
      }),
    );
  permitAction(
    '/api/access/permits/:id/amend',
    'Amend a permit: a new version with its own id; the old one is kept',
    {
      reason,
      conditions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 50 })),
      namedPersons: Type.Optional(
        Type.Array(
          Type.Object(
            { name: Type.String({ minLength: 1, maxLength: 200 }), email: Type.String({ format: 'email' }) },
            strict,
          ),
          { minItems: 1, maxItems: 50 },
        ),
      ),
      validUntil: Type.Optional(Type.String({ format: 'date-time' })),
    },
    (
      c,
      id,
      body: {
        reason: string;
        conditions?: string[];
        namedPersons?: { name: string; email: string }[];
        validUntil?: string;
      },
    ) => service.amend(c, id, body, body.reason),
  );
  permitAction(
    '/api/access/permits/:id/renew',
    'Renew a permit once',
    { reason, months: Type.Integer({ minimum: 1, maximum: 120 }) },
    (c, id, body: { reason: string; months: number }) => service.renew(c, id, body.months, body.reason),
  );
  permitAction(
    '/api/access/permits/:id/revoke',
    'Revoke a permit: access ends now',
    { reason },
    (c, id, body: { reason: string }) => service.revoke(c, id, body.reason),
  );

  // ------------------------------------------------------------ preparation
  app.get(
    '/api/access/preparation-tasks',
    {
      config: { access: allow('data_steward') },
      schema: {
        tags,
        summary: 'What granted permits and requests ask the data steward to prepare',
        response: { 200: Type.Object({ tasks: Type.Array(TaskViewSchema) }) },
      },
    },
    async () => ({ tasks: await service.tasks() }),
  );
  app.put(
    '/api/access/preparation-tasks/:id/status',
    {
      config: { access: allow('data_steward') },
      schema: {
        tags,
        summary: 'Move a preparation task on',
        params: IdParams,
        body: Type.Object(
          { status: Type.Union([Type.Literal('open'), Type.Literal('in_progress'), Type.Literal('done')]) },
          strict,
        ),
        response: { 200: Type.Object({ task: TaskViewSchema }) },
      },
    },
    async (request) => ({
      task: await service.setTaskStatus(callerOf(request), request.params.id, request.body.status),
    }),
  );

  // ------------------------------------------------------------ public register and report
  const registerQuery = Type.Object(
    {
      kind: Type.Optional(TrackSchema),
      decision: Type.Optional(Type.Union([Type.Literal('granted'), Type.Literal('refused')])),
      page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
      pageSize: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    },
    strict,
  );
  app.get(
    '/api/access/register',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The public register: applications and requests as received, decisions, grounds, permits',
        querystring: registerQuery,
        response: {
          200: Type.Object({
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            entries: Type.Array(RegisterEntrySchema),
          }),
        },
      },
    },
    async (request) => registerPage(service.db, request.query),
  );
  app.get(
    '/api/access/register.csv',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The public register as CSV', querystring: registerQuery },
    },
    async (request, reply) => {
      const page = await registerPage(service.db, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="register.csv"')
        .send(registerCsv(page.entries));
    },
  );
  app.get(
    '/api/access/report',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The Art 59 activity report for a period [from, to)',
        querystring: Type.Object(
          { from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) },
          strict,
        ),
      },
    },
    async (request) => {
      const from = new Date(`${request.query.from}T00:00:00Z`);
      const to = new Date(`${request.query.to}T00:00:00Z`);
      if (to <= from)
        throw new AppError('invalid', 'access.period_invalid', 'The period must end after it starts.', [
          { path: '/to', message: 'is not after from' },
        ]);
      return activityReport(service.db, from, to);
    },
  );
  app.get(
    '/api/access/tariff',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The fee estimate a form would get (Art 62), without saving anything',
        querystring: Type.Object(
          {
            track: TrackSchema,
            datasets: Type.Integer({ minimum: 0, maximum: 50, default: 1 }),
            months: Type.Integer({ minimum: 0, maximum: 120, default: 12 }),
          },
          strict,
        ),
        response: { 200: FeeEstimateSchema },
      },
    },
    async (request) =>
      service.fees({
        track: request.query.track,
        form: {
          datasets: Array.from({ length: request.query.datasets }, () => ({ datasetId: '' })),
          durationMonths: request.query.months,
        },
      }),
  );

  // ------------------------------------------------------------ opt-out (front desk)
  // The identifier travels in a body, never in a URL, so it stays out of logs.
  const nationalIdBody = Type.Object({ nationalId: Type.String({ minLength: 1, maxLength: 64 }) }, strict);
  const statusOut = Type.Object({
    optedOut: Type.Boolean(),
    since: Type.Union([Type.String(), Type.Null()]),
    receipt: Type.Union([Type.String(), Type.Null()]),
  });
  const optOutRoute = (
    url: string,
    summary: string,
    run: (id: string, r: FastifyRequest) => Promise<OptOutStatus>,
  ) =>
    app.post(
      url,
      {
        config: { access: allow(...officer) },
        schema: { tags, summary, body: nationalIdBody, response: { 200: statusOut } },
      },
      async (request) => run(request.body.nationalId, request),
    );
  optOutRoute('/api/access/opt-out/status', 'Whether a person has opted out (Art 71)', (id) =>
    access.optOut.status(id),
  );
  optOutRoute('/api/access/opt-out', 'Record a person’s opt-out from secondary use (Art 71)', (id, r) =>
    access.optOut.optOut(id, contextOf(r)),
  );
  optOutRoute('/api/access/opt-out/withdraw', 'Record that a person opts back in', (id, r) =>
    access.optOut.optIn(id, contextOf(r)),
  );

  // ------------------------------------------------------------ opt-out (the citizen's own)
  // A citizen signed in through the citizens' sign-in is known by their pseudonym alone; these routes act on
  // that pseudonym and no other, so a citizen sees and changes only their own choice.
  const receiptOut = Type.Object({
    action: Type.Union([Type.Literal('opt_out'), Type.Literal('opt_in')]),
    at: Type.String({ format: 'date-time' }),
    number: Type.String(),
  });
  const citizenAccess = allow('citizen');
  app.get(
    '/api/citizen/opt-out',
    {
      config: { access: citizenAccess },
      schema: { tags, summary: 'My own opt-out status (Art 71)', response: { 200: statusOut } },
    },
    async (request) => access.optOut.statusOf(principalOf(request).userId),
  );
  app.post(
    '/api/citizen/opt-out',
    {
      config: { access: citizenAccess },
      schema: {
        tags,
        summary: 'Opt out of the secondary use of my health data (Art 71), with a receipt',
        response: { 200: Type.Object({ status: statusOut, receipt: receiptOut }) },
      },
    },
    async (request) => access.optOut.optOutOf(principalOf(request).userId, contextOf(request)),
  );
  app.post(
    '/api/citizen/opt-in',
    {
      config: { access: citizenAccess },
      schema: {
        tags,
        summary: 'Withdraw my opt-out: my data may be used again under permits, with a receipt',
        response: { 200: Type.Object({ status: statusOut, receipt: receiptOut }) },
      },
    },
    async (request) => access.optOut.optInOf(principalOf(request).userId, contextOf(request)),
  );
}
