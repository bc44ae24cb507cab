import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/auth/index.js';
import { loadPseudonymKey, pseudonymOf } from '../../src/platform/pseudonym/index.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

type Headers = Record<string, string>;
interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
interface Clock {
  deadline: string;
  paused: boolean;
  extended: boolean;
  months: number;
  daysLeft: number;
}
interface CaseView {
  id: string;
  reference: string | null;
  status: string;
  track: string;
  revision: number;
  clock: Clock | null;
  organisation: { id: string; name: string } | null;
  datasets: { datasetId: string; title: string }[];
  missing: { path: string }[];
  messages: { kind: string; side: string; body: string; fields: { field: string }[] }[];
  openQuestions: { field: string; question: string }[];
  permits: Permit[];
  decision: string | null;
  decisionDetail: { outcome: string; grounds: { code: string }[] } | null;
  appeals: { id: string; outcome: string | null }[];
  fees: { total: number; lines: { item: string; amount: number }[] };
  actions: string[];
  clonedFrom: string | null;
  draftExpiresAt: string | null;
  form: Record<string, unknown>;
}
interface Permit {
  id: string;
  permitNumber: string;
  version: number;
  previousId: string | null;
  state: string;
  validFrom: string;
  validUntil: string;
  elements: {
    purpose: string;
    dataForm: string;
    namedPersons: { name: string; email: string }[];
    datasets: { datasetId: string }[];
    conditions: string[];
    fees: { total: number };
    durationMonths: number;
  };
}

const applicantName = 'Ronja Applicant-Person';
const applicantEmail = 'ronja.applicant@iphr.example';
const namedPerson = { name: 'Petra Named-Analyst', email: 'petra.analyst@iphr.example' };
const nationalId = '19800101-1234';

describe('data access applications, data requests and permits', () => {
  let node: TestNode;
  let researcher: Headers;
  let colleague: Headers;
  let outsider: Headers;
  let officer: Headers;
  let secondOfficer: Headers;
  let thirdOfficer: Headers;
  let steward: Headers;
  let datasetIds: string[];

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body it expects
  const call = async <T>(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    headers: Headers,
    payload?: unknown,
  ): Promise<{ status: number; body: T; raw: string }> => {
    const r = await node.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: r.statusCode, body: (r.body === '' ? {} : r.json()) as T, raw: r.body };
  };
  const ok = async (
    method: 'POST' | 'PUT' | 'GET',
    url: string,
    headers: Headers,
    payload?: unknown,
  ): Promise<CaseView> => {
    const r = await call<{ case: CaseView }>(method, url, headers, payload);
    expect(r.status, r.raw).toBeLessThan(300);
    return r.body.case;
  };

  const completeForm = (over: Record<string, unknown> = {}) => ({
    title: 'Glycaemic control and stroke risk',
    purpose: 'scientific_research',
    intendedUse: 'A retrospective cohort study of HbA1c trajectories and first stroke.',
    expectedBenefit: 'Better targets for diabetes care.',
    datasets: [{ datasetId: datasetIds[0], variables: ['hba1c', 'stroke'] }],
    period: { from: '2015-01-01', to: '2024-12-31' },
    countries: ['DE'],
    dataForm: 'pseudonymised',
    pseudonymisationJustification:
      'Linking laboratory results to hospital stays over years needs a stable key.',
    safeguards: 'Named analysts only, inside the secure processing environment.',
    durationMonths: 24,
    namedPersons: [namedPerson],
    ethics: { required: true, reference: 'EC-2026-117' },
    cohortCriteria: 'Adults with type 2 diabetes',
    noProhibitedUse: true,
    ...over,
  });

  const submitted = async (form = completeForm(), track = 'application'): Promise<CaseView> => {
    const draft = await ok('POST', '/api/access/cases', researcher, { track, form });
    return ok('POST', `/api/access/cases/${draft.id}/submit`, researcher);
  };

  const fullChecklist = (track: 'application' | 'data_request' = 'application') =>
    (track === 'application'
      ? [
          'purpose_permitted',
          'no_prohibited_use',
          'data_minimised',
          'pseudonymisation_justified',
          'safeguards_adequate',
          'named_persons_identified',
          'ethics_approval',
          'duration_justified',
        ]
      : ['purpose_permitted', 'no_prohibited_use', 'data_minimised', 'output_anonymous']
    ).map((criterion) => ({ criterion, verdict: 'met', note: '' }));

  /** Submitted, pre-screened, complete, assessed by the first officer. */
  const assessed = async (form = completeForm(), track: 'application' | 'data_request' = 'application') => {
    const c = await submitted(form, track);
    await ok('POST', `/api/access/cases/${c.id}/pre-screening`, officer);
    await ok('POST', `/api/access/cases/${c.id}/complete`, officer, {});
    return ok('PUT', `/api/access/cases/${c.id}/assessment`, officer, { checklist: fullChecklist(track) });
  };

  beforeAll(async () => {
    node = await startTestNode({
      env: { SALUS_ACCESS_FOUR_EYES: 'true', SALUS_OPT_OUT_EXEMPT_PURPOSES: 'official_statistics' },
    });
    const context = { actor: { id: null, label: 'test', roles: [] }, requestId: null, clientAddress: null };
    const orgs = await node.identity.organisations();
    const institute = orgs.find((o) => o.name === 'Institute for Public Health Research')!;
    const hdab = orgs.find((o) => o.kind === 'hdab')!;
    const other = await node.identity.createOrganisation(
      { name: 'Other Analytics Ltd', kind: 'applicant' },
      context,
    );
    const tokenFor = async (name: string, email: string, orgId: string, roles: Role[]): Promise<Headers> => {
      const user = await node.identity.createUser(
        { displayName: name, email, organisationId: orgId, roles },
        context,
      );
      const { secret } = await node.identity.createToken(
        { userId: user.id, displayName: name, roles, via: 'session', tokenId: null },
        { name: 't', roles },
        context,
      );
      return { authorization: `Bearer ${secret}` };
    };
    researcher = await tokenFor(applicantName, applicantEmail, institute.id, ['data_user']);
    colleague = await tokenFor('Colin Colleague', 'colin@iphr.example', institute.id, ['data_user']);
    outsider = await tokenFor('Otto Outsider', 'otto@other.example', other.id, ['data_user']);
    officer = await tokenFor('Olga Officer', 'olga@hdab.example', hdab.id, ['access_officer']);
    secondOfficer = await tokenFor('Oskar Officer', 'oskar@hdab.example', hdab.id, ['access_officer']);
    thirdOfficer = await tokenFor('Ola Officer', 'ola@hdab.example', hdab.id, ['access_officer']);
    steward = await tokenFor('Stig Steward', 'stig@hdab.example', hdab.id, ['data_steward']);
    const search = await node.app.inject({ method: 'GET', url: '/api/catalogue/datasets?pageSize=10' });
    datasetIds = search.json<{ results: { id: string }[] }>().results.map((r) => r.id);
    expect(datasetIds.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => node.stop());

  it('keeps an incomplete draft as it was and names every missing field on submission', async () => {
    const draft = await ok('POST', '/api/access/cases', researcher, {
      track: 'application',
      form: { title: 'Half done', datasets: [{ datasetId: datasetIds[0] }], dataForm: 'pseudonymised' },
    });
    expect(draft.status).toBe('draft');
    expect(draft.datasets[0]?.title).toBeTruthy();
    expect(draft.draftExpiresAt).not.toBeNull();
    const r = await call<Problem>('POST', `/api/access/cases/${draft.id}/submit`, researcher);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('access.incomplete');
    const paths = r.body.errors!.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/form/purpose',
        '/form/intendedUse',
        '/form/pseudonymisationJustification',
        '/form/namedPersons',
        '/form/noProhibitedUse',
      ]),
    );
    expect(paths).not.toContain('/form/title');
    const after = await ok('GET', `/api/access/cases/${draft.id}`, researcher);
    expect(after.status).toBe('draft');
    expect(after.reference).toBeNull();
    expect(after.clock).toBeNull();
  });

  it('refuses a basket with a dataset the catalogue does not publish, and bad input, creating nothing', async () => {
    const before = await call<{ total: number }>('GET', '/api/access/cases', researcher);
    const unknown = await call<Problem>('POST', '/api/access/cases', researcher, {
      track: 'application',
      form: { datasets: [{ datasetId: datasetIds[0] }, { datasetId: randomUUID() }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('access.dataset_unknown');
    expect(unknown.body.errors).toEqual([
      { path: '/form/datasets/1/datasetId', message: 'is not a published dataset of the catalogue' },
    ]);
    const extra = await call<Problem>('POST', '/api/access/cases', researcher, {
      track: 'application',
      form: { title: 'x', shoeSize: 44 },
    });
    expect(extra.status).toBe(400);
    const purpose = await call<Problem>('POST', '/api/access/cases', researcher, {
      track: 'application',
      form: { purpose: 'marketing' },
    });
    expect(purpose.status).toBe(400);
    const after = await call<{ total: number }>('GET', '/api/access/cases', researcher);
    expect(after.body.total).toBe(before.body.total);
  });

  it('lets purposes (a) to (c) of Art 53(1) be asked for by public-sector bodies only', async () => {
    const draft = await ok('POST', '/api/access/cases', researcher, {
      track: 'application',
      form: completeForm({ purpose: 'policy_making' }),
    });
    const r = await call<Problem>('POST', `/api/access/cases/${draft.id}/submit`, researcher);
    expect(r.status).toBe(400);
    expect(r.body.errors?.map((e) => e.path)).toEqual(['/form/purpose']);
    await ok('PUT', `/api/access/cases/${draft.id}`, researcher, {
      form: completeForm({ purpose: 'policy_making', publicSectorBody: true }),
    });
    const sent = await ok('POST', `/api/access/cases/${draft.id}/submit`, researcher);
    // The public-sector track: 2 months, extendable by 1.
    expect(sent.clock?.months).toBe(2);
  });

  it('shows a case to its organisation and the HDAB, not to another applicant', async () => {
    const c = await submitted();
    expect(c.reference).toMatch(/^DAA-\d{4}-\d{5}$/);
    expect(c.clock?.months).toBe(3);
    expect((await call('GET', `/api/access/cases/${c.id}`, colleague)).status).toBe(200);
    const foreign = await call<Problem>('GET', `/api/access/cases/${c.id}`, outsider);
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('access.not_your_case');
    const list = await call<{ cases: { id: string }[] }>('GET', '/api/access/cases?pageSize=200', outsider);
    expect(list.body.cases.map((x) => x.id)).not.toContain(c.id);
    const withdraw = await call<Problem>('POST', `/api/access/cases/${c.id}/withdraw`, outsider, {});
    expect(withdraw.status).toBe(403);
    // Officers do not see drafts.
    const draft = await ok('POST', '/api/access/cases', researcher, { track: 'application', form: {} });
    expect((await call<Problem>('GET', `/api/access/cases/${draft.id}`, officer)).status).toBe(403);
    // Reading a case is audited: it names people.
    const { events } = await node.audit.list({ action: 'access.case.read', targetId: c.id, limit: 10 });
    expect(events.length).toBeGreaterThan(0);
  });

  it('walks an application from submission to a permit, pausing the clock while the applicant answers', async () => {
    const c = await submitted();
    expect(c.actions).toContain('withdraw');
    const screening = await ok('POST', `/api/access/cases/${c.id}/pre-screening`, officer);
    expect(screening.status).toBe('pre_screening');

    const asked = await ok('POST', `/api/access/cases/${c.id}/information-requests`, officer, {
      message: 'Please say more about your safeguards.',
      fields: [{ field: 'safeguards', question: 'How are outputs checked?' }],
    });
    expect(asked.status).toBe('awaiting_information');
    expect(asked.clock?.paused).toBe(true);
    const deadlineWhenAsked = asked.clock!.deadline;

    // Officers cannot move a case on while it waits for the applicant.
    const early = await call<Problem>('POST', `/api/access/cases/${c.id}/complete`, officer, {});
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('access.wrong_status');

    const reminders = await call<{ notifications: { caseId: string; kind: string }[] }>(
      'GET',
      '/api/access/notifications',
      colleague,
    );
    expect(reminders.body.notifications).toContainEqual(
      expect.objectContaining({ caseId: c.id, kind: 'information_requested' }),
    );
    const seen = await ok('GET', `/api/access/cases/${c.id}`, researcher);
    expect(seen.openQuestions).toEqual([{ field: 'safeguards', question: 'How are outputs checked?' }]);
    expect(seen.actions).toContain('respond');

    const sneaky = await call<Problem>('POST', `/api/access/cases/${c.id}/respond`, researcher, {
      message: 'Here you are',
      form: { safeguards: 'Two output checkers.', durationMonths: 120 },
    });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.code).toBe('access.field_not_requested');
    expect(sneaky.body.errors).toEqual([
      { path: '/form/durationMonths', message: 'was not asked about; it cannot change now' },
    ]);
    expect((await ok('GET', `/api/access/cases/${c.id}`, researcher)).status).toBe('awaiting_information');

    await new Promise((resolve) => setTimeout(resolve, 20));
    const answered = await ok('POST', `/api/access/cases/${c.id}/respond`, researcher, {
      message: 'Two output checkers review every release.',
      form: { safeguards: 'Two independent output checkers review every release.' },
    });
    expect(answered.status).toBe('pre_screening');
    expect(answered.clock?.paused).toBe(false);
    expect(Date.parse(answered.clock!.deadline)).toBeGreaterThan(Date.parse(deadlineWhenAsked) - 1);
    expect(Date.parse(answered.clock!.deadline)).toBeGreaterThan(Date.parse(c.clock!.deadline));
    expect(answered.form.safeguards).toBe('Two independent output checkers review every release.');
    expect(answered.messages.map((m) => `${m.side}:${m.kind}`)).toEqual([
      'hdab:information_request',
      'applicant:information_response',
    ]);

    await ok('POST', `/api/access/cases/${c.id}/complete`, officer, {});
    const grantEarly = await call<Problem>('POST', `/api/access/cases/${c.id}/grant`, secondOfficer, {
      conditions: [],
    });
    expect(grantEarly.status).toBe(409);
    expect(grantEarly.body.code).toBe('access.assessment_incomplete');
    expect(grantEarly.body.errors).toHaveLength(8);

    await ok('PUT', `/api/access/cases/${c.id}/assessment`, officer, { checklist: fullChecklist() });
    // Four-eyes: the assessor may not decide.
    const own = await call<Problem>('POST', `/api/access/cases/${c.id}/grant`, officer, { conditions: [] });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('access.four_eyes');
    expect((await ok('GET', `/api/access/cases/${c.id}`, officer)).actions).not.toContain('grant');

    const granted = await ok('POST', `/api/access/cases/${c.id}/grant`, secondOfficer, {
      conditions: ['Publish results within 18 months of the end of processing.'],
    });
    expect(granted.status).toBe('decision_issued');
    expect(granted.decision).toBe('granted');
    const permit = granted.permits[0]!;
    expect(permit.state).toBe('active');
    expect(permit.permitNumber).toBe(`${c.reference}-P`);
    expect(permit.elements).toMatchObject({
      purpose: 'scientific_research',
      dataForm: 'pseudonymised',
      namedPersons: [namedPerson],
      durationMonths: 24,
      conditions: ['Publish results within 18 months of the end of processing.'],
    });
    expect(permit.elements.datasets.map((d) => d.datasetId)).toEqual([datasetIds[0]]);
    expect(permit.elements.fees.total).toBe(granted.fees.total);
    expect(granted.fees.total).toBe(650 + 10 * 60 + 24 * 40);

    const pdf = await node.app.inject({
      method: 'GET',
      url: `/api/access/cases/${c.id}/decision.pdf`,
      headers: researcher,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfText = pdf.rawPayload.toString('latin1');
    expect(pdfText.startsWith('%PDF-1.4')).toBe(true);
    expect(pdfText).toContain(`Data permit ${permit.permitNumber}`);
    expect(pdfText).toContain(namedPerson.email);
    expect(pdfText.trimEnd().endsWith('%%EOF')).toBe(true);
    // Every cross-reference entry points at its object, so readers need not repair the file.
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdfText)?.[1]);
    const entries = pdfText
      .slice(xrefAt)
      .split('\n')
      .slice(3)
      .filter((l) => / n $/.test(l));
    entries.forEach((line, i) => {
      expect(pdfText.slice(Number(line.slice(0, 10)))).toMatch(new RegExp(`^${i + 1} 0 obj`));
    });

    // The steward gets a preparation order naming datasets and cohort, not people.
    const tasks = await call<{
      tasks: { caseId: string; permitId: string; order: Record<string, unknown> }[];
    }>('GET', '/api/access/preparation-tasks', steward);
    const task = tasks.body.tasks.find((t) => t.caseId === c.id)!;
    expect(task.permitId).toBe(permit.id);
    expect(task.order).toMatchObject({
      kind: 'permit_extract',
      cohortCriteria: 'Adults with type 2 diabetes',
    });
    expect(JSON.stringify(task.order)).not.toContain(namedPerson.email);
    const moved = await call<{ task: { status: string } }>(
      'PUT',
      `/api/access/preparation-tasks/${(tasks.body.tasks.find((t) => t.caseId === c.id) as { id?: string }).id}/status`,
      steward,
      { status: 'in_progress' },
    );
    expect(moved.body.task.status).toBe('in_progress');

    // In force for the person it names, and only for them.
    expect((await node.access.service.permitInForce(permit.id, namedPerson.email)).id).toBe(permit.id);
    await expect(node.access.service.permitInForce(permit.id, 'someone@else.example')).rejects.toMatchObject({
      code: 'permit.not_named',
    });

    // The public register shows it, without a login.
    const register = await call<{ entries: { reference: string; permitNumber: string; decision: string }[] }>(
      'GET',
      '/api/access/register?pageSize=1000',
      {},
    );
    expect(register.body.entries.find((e) => e.reference === c.reference)).toMatchObject({
      decision: 'granted',
      permitNumber: permit.permitNumber,
    });
  });

  it('lets one of two officers deciding the same case at once win, and the other get a conflict', async () => {
    const c = await assessed();
    const [a, b] = await Promise.all([
      call<Problem>('POST', `/api/access/cases/${c.id}/grant`, secondOfficer, { conditions: [] }),
      call<Problem>('POST', `/api/access/cases/${c.id}/refuse`, thirdOfficer, {
        grounds: [{ code: 'not_necessary', explanation: 'Fewer variables would do.' }],
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['access.case_changed', 'access.wrong_status']).toContain(loser.body.code);
    const after = await ok('GET', `/api/access/cases/${c.id}`, officer);
    expect(after.status).toBe('decision_issued');
    // Nothing half-written: a permit exists exactly when the winner granted.
    expect(after.permits.length).toBe(after.decision === 'granted' ? 1 : 0);
    const decisions = await node.db.kysely
      .withTables<{ access_case_event: { case_id: string; to_status: string } }>()
      .selectFrom('access_case_event')
      .select('to_status')
      .where('case_id', '=', c.id)
      .where('to_status', '=', 'decision_issued')
      .execute();
    expect(decisions).toHaveLength(1);
  });

  it('refuses with grounds, records an appeal, and publishes the grounds', async () => {
    const c = await assessed();
    const refused = await ok('POST', `/api/access/cases/${c.id}/refuse`, secondOfficer, {
      grounds: [
        { code: 'pseudonymisation_not_justified', explanation: 'Anonymised data suffice for this question.' },
      ],
    });
    expect(refused.decisionDetail?.grounds.map((g) => g.code)).toEqual(['pseudonymisation_not_justified']);
    expect(refused.permits).toEqual([]);
    const noGrounds = await call<Problem>('POST', `/api/access/cases/${c.id}/refuse`, secondOfficer, {
      grounds: [],
    });
    expect(noGrounds.status).toBe(400);
    const appealed = await ok('POST', `/api/access/cases/${c.id}/appeals`, researcher, {
      grounds: 'Anonymisation would destroy the linkage the study needs.',
    });
    expect(appealed.appeals).toHaveLength(1);
    const decided = await ok(
      'POST',
      `/api/access/cases/${c.id}/appeals/${appealed.appeals[0]!.id}/outcome`,
      officer,
      { outcome: 'dismissed', note: 'The assessment stands.' },
    );
    expect(decided.appeals[0]?.outcome).toBe('dismissed');
    const register = await call<{ entries: { reference: string; refusalGrounds: { code: string }[] }[] }>(
      'GET',
      '/api/access/register?decision=refused&pageSize=1000',
      {},
    );
    expect(register.body.entries.find((e) => e.reference === c.reference)?.refusalGrounds).toEqual([
      { code: 'pseudonymisation_not_justified', explanation: 'Anonymised data suffice for this question.' },
    ]);
    // A clone starts a new draft from the refused content.
    const clone = await ok('POST', `/api/access/cases/${c.id}/clone`, researcher);
    expect(clone.status).toBe('draft');
    expect(clone.clonedFrom).toBe(c.id);
    expect(clone.form.title).toBe(c.form.title);
  });

  it('extends a deadline once, only with a reason, and never for a data request', async () => {
    const c = await submitted();
    const noReason = await call<Problem>('POST', `/api/access/cases/${c.id}/extension`, officer, {
      reason: 'x',
    });
    expect(noReason.status).toBe(400);
    const extended = await ok('POST', `/api/access/cases/${c.id}/extension`, officer, {
      reason: 'Three data holders must be consulted on linkage.',
    });
    expect(extended.clock?.extended).toBe(true);
    const before = new Date(c.clock!.deadline);
    const after = new Date(extended.clock!.deadline);
    expect(after.getUTCMonth()).toBe((before.getUTCMonth() + 3) % 12);
    const again = await call<Problem>('POST', `/api/access/cases/${c.id}/extension`, officer, {
      reason: 'Still waiting for the data holders.',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('access.already_extended');

    const request = await submitted(
      {
        title: 'Prevalence of diabetes by region',
        purpose: 'scientific_research',
        intendedUse: 'A table of prevalence by region and year.',
        expectedBenefit: 'Planning of screening.',
        datasets: [{ datasetId: datasetIds[1] }],
        statistics: 'Counts by region, year, sex; cells under 10 suppressed.',
        noProhibitedUse: true,
      } as never,
      'data_request',
    );
    expect(request.reference).toMatch(/^DR-/);
    expect(request.fees.lines[0]?.item).toBe('data_request');
    const r = await call<Problem>('POST', `/api/access/cases/${request.id}/extension`, officer, {
      reason: 'Three data holders must be consulted.',
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('access.no_extension');
  });

  it('answers a data request with statistics only: no pseudonymised data, no permit', async () => {
    const draft = await ok('POST', '/api/access/cases', researcher, {
      track: 'data_request',
      form: {
        title: 'Stroke incidence',
        purpose: 'scientific_research',
        intendedUse: 'Incidence tables.',
        expectedBenefit: 'Planning.',
        datasets: [{ datasetId: datasetIds[0] }],
        statistics: 'Incidence per 100,000 by year.',
        dataForm: 'pseudonymised',
        noProhibitedUse: true,
      },
    });
    const r = await call<Problem>('POST', `/api/access/cases/${draft.id}/submit`, researcher);
    expect(r.body.errors?.map((e) => e.path)).toEqual(['/form/dataForm']);
    const form = { ...draft.form, dataForm: 'anonymised' };
    await ok('PUT', `/api/access/cases/${draft.id}`, researcher, { form });
    await ok('POST', `/api/access/cases/${draft.id}/submit`, researcher);
    await ok('POST', `/api/access/cases/${draft.id}/pre-screening`, officer);
    await ok('POST', `/api/access/cases/${draft.id}/complete`, officer, {});
    await ok('PUT', `/api/access/cases/${draft.id}/assessment`, officer, {
      checklist: fullChecklist('data_request'),
    });
    const granted = await ok('POST', `/api/access/cases/${draft.id}/grant`, secondOfficer, {
      conditions: [],
    });
    expect(granted.permits).toEqual([]);
    const tasks = await call<{ tasks: { caseId: string; order: { kind: string } }[] }>(
      'GET',
      '/api/access/preparation-tasks',
      steward,
    );
    expect(tasks.body.tasks.find((t) => t.caseId === draft.id)?.order.kind).toBe('statistics');
  });

  it('versions permits: amend and renew make new ids, revoke and expiry end access', async () => {
    const c = await assessed();
    const granted = await ok('POST', `/api/access/cases/${c.id}/grant`, secondOfficer, { conditions: ['A'] });
    const v1 = granted.permits[0]!;
    const amend = await call<{ permit: Permit }>('POST', `/api/access/permits/${v1.id}/amend`, officer, {
      reason: 'A second analyst joins the team.',
      namedPersons: [namedPerson, { name: 'Second Analyst', email: 'second@iphr.example' }],
    });
    expect(amend.status, amend.raw).toBe(200);
    const v2 = amend.body.permit;
    expect(v2.id).not.toBe(v1.id);
    expect(v2).toMatchObject({
      version: 2,
      previousId: v1.id,
      state: 'active',
      permitNumber: v1.permitNumber,
    });
    expect(v2.elements.namedPersons).toHaveLength(2);
    expect(v2.elements.fees.total).toBe(165);
    const old = await call<{ permit: Permit }>('GET', `/api/access/permits/${v1.id}`, researcher);
    expect(old.body.permit.state).toBe('superseded');
    const amendOld = await call<Problem>('POST', `/api/access/permits/${v1.id}/amend`, officer, {
      reason: 'Changing an old version.',
      conditions: ['B'],
    });
    expect(amendOld.status).toBe(409);
    await expect(node.access.service.permitInForce(v1.id)).rejects.toMatchObject({
      code: 'permit.superseded',
    });

    const renewed = await call<{ permit: Permit }>('POST', `/api/access/permits/${v2.id}/renew`, officer, {
      reason: 'Follow-up of the cohort continues.',
      months: 12,
    });
    expect(renewed.body.permit.version).toBe(3);
    expect(Date.parse(renewed.body.permit.validUntil)).toBeGreaterThan(Date.parse(v2.validUntil));
    const twice = await call<Problem>(
      'POST',
      `/api/access/permits/${renewed.body.permit.id}/renew`,
      officer,
      {
        reason: 'Once more, please.',
        months: 12,
      },
    );
    expect(twice.body.code).toBe('access.already_renewed');

    const revoked = await call<{ permit: Permit }>(
      'POST',
      `/api/access/permits/${renewed.body.permit.id}/revoke`,
      officer,
      { reason: 'Breach of the publication condition.' },
    );
    expect(revoked.body.permit.state).toBe('revoked');
    await expect(
      node.access.service.permitInForce(renewed.body.permit.id, namedPerson.email),
    ).rejects.toMatchObject({
      code: 'permit.revoked',
    });
    await expect(node.access.excludedPseudonyms({ permitId: renewed.body.permit.id })).rejects.toMatchObject({
      code: 'permit.revoked',
    });

    // A permit whose term is over gives no access, even before the expiry sweep runs.
    const past = await assessed();
    const expired = await ok('POST', `/api/access/cases/${past.id}/grant`, secondOfficer, {
      conditions: [],
      validFrom: '2020-01-01T00:00:00Z',
    });
    const p = expired.permits[0]!;
    expect(p.state).toBe('expired');
    await expect(node.access.service.permitInForce(p.id)).rejects.toMatchObject({ code: 'permit.expired' });
    const swept = await node.access.service.expirePermits({
      actor: { id: null, label: 'scheduler', roles: [] },
      requestId: null,
      clientAddress: null,
    });
    expect(swept).toContain(p.id);
    const revokeExpired = await call<Problem>('POST', `/api/access/permits/${p.id}/revoke`, officer, {
      reason: 'Too late to revoke.',
    });
    expect(revokeExpired.body.code).toBe('permit.expired');
  });

  it('withdraws a case on the applicant’s word, after which the HDAB cannot act on it', async () => {
    const c = await submitted();
    const w = await ok('POST', `/api/access/cases/${c.id}/withdraw`, researcher, {
      reason: 'Funding ended.',
    });
    expect(w.status).toBe('withdrawn');
    expect(w.clock?.deadline).toBeDefined();
    const r = await call<Problem>('POST', `/api/access/cases/${c.id}/pre-screening`, officer);
    expect(r.status).toBe(409);
    const again = await call<Problem>('POST', `/api/access/cases/${c.id}/withdraw`, researcher, {});
    expect(again.status).toBe(409);
  });

  it('expires a draft left alone, which can then only be cloned', async () => {
    const draft = await ok('POST', '/api/access/cases', researcher, {
      track: 'application',
      form: { title: 'Old' },
    });
    await sql`UPDATE access_case SET draft_expires_at = now() - interval '1 day' WHERE id = ${draft.id}`.execute(
      node.db.kysely,
    );
    const seen = await ok('GET', `/api/access/cases/${draft.id}`, researcher);
    expect(seen.status).toBe('expired');
    expect(seen.actions).toEqual(['clone']);
    const save = await call<Problem>('PUT', `/api/access/cases/${draft.id}`, researcher, {
      form: { title: 'New' },
    });
    expect(save.status).toBe(409);
    expect(save.body.code).toBe('access.draft_expired');
    const warned = await ok('POST', '/api/access/cases', researcher, { track: 'application', form: {} });
    await sql`UPDATE access_case SET draft_expires_at = now() + interval '2 days' WHERE id = ${warned.id}`.execute(
      node.db.kysely,
    );
    const list = await call<{ cases: { id: string; draftExpiryWarning: boolean }[] }>(
      'GET',
      '/api/access/cases?status=draft&pageSize=200',
      researcher,
    );
    expect(list.body.cases.find((x) => x.id === warned.id)?.draftExpiryWarning).toBe(true);
  });

  it('refuses a stale save: the revision read must still be the latest', async () => {
    const draft = await ok('POST', '/api/access/cases', researcher, {
      track: 'application',
      form: { title: 'A' },
    });
    await ok('PUT', `/api/access/cases/${draft.id}`, colleague, {
      form: { title: 'B' },
      revision: draft.revision,
    });
    const stale = await call<Problem>('PUT', `/api/access/cases/${draft.id}`, researcher, {
      form: { title: 'C' },
      revision: draft.revision,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('access.case_changed');
    expect((await ok('GET', `/api/access/cases/${draft.id}`, researcher)).form.title).toBe('B');
  });

  it('lists cases for the officer with the nearest deadline first', async () => {
    const list = await call<{ cases: { status: string; clock: Clock | null }[] }>(
      'GET',
      '/api/access/cases?pageSize=200',
      officer,
    );
    expect(list.status).toBe(200);
    expect(list.body.cases.every((c) => c.status !== 'draft')).toBe(true);
    const open = list.body.cases.filter((c) =>
      ['submitted', 'pre_screening', 'processing', 'awaiting_information'].includes(c.status),
    );
    const deadlines = open.map((c) => Date.parse(c.clock!.deadline));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
  });

  it('keeps individuals out of the public register, in JSON and CSV', async () => {
    const json = await call<{ entries: { organisation: string }[] }>(
      'GET',
      '/api/access/register?pageSize=1000',
      {},
    );
    const csv = await node.app.inject({ method: 'GET', url: '/api/access/register.csv?pageSize=1000' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('reference,kind,title,organisation');
    expect(json.body.entries.length).toBeGreaterThan(3);
    expect(json.body.entries.every((e) => e.organisation === 'Institute for Public Health Research')).toBe(
      true,
    );
    for (const text of [json.raw, csv.body]) {
      for (const secret of [
        applicantName,
        applicantEmail,
        namedPerson.name,
        namedPerson.email,
        'Colin',
        'iphr.example',
      ])
        expect(text).not.toContain(secret);
    }
  });

  it('reports the HDAB’s activity for a period (Art 59)', async () => {
    const year = new Date().getUTCFullYear();
    const r = await call<{
      received: { applications: number; dataRequests: number };
      decisions: { granted: number; refused: number; withdrawn: number };
      refusalsByGround: Record<string, number>;
      decisionDays: { mean: number | null };
    }>('GET', `/api/access/report?from=${year}-01-01&to=${year + 1}-01-01`, {});
    expect(r.status).toBe(200);
    expect(r.body.received.applications).toBeGreaterThanOrEqual(8);
    expect(r.body.received.dataRequests).toBeGreaterThanOrEqual(2);
    expect(r.body.decisions.granted).toBeGreaterThanOrEqual(3);
    expect(r.body.decisions.withdrawn).toBeGreaterThanOrEqual(1);
    expect(r.body.refusalsByGround.pseudonymisation_not_justified).toBe(1);
    expect(r.body.decisionDays.mean).not.toBeNull();
    const bad = await call<Problem>('GET', '/api/access/report?from=2026-05-01&to=2026-01-01', {});
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('access.period_invalid');
  });

  it('records opt-outs as pseudonyms only and excludes them from extracts, except for exempt purposes', async () => {
    const out = await call<{ optedOut: boolean; receipt: string; since: string }>(
      'POST',
      '/api/access/opt-out',
      officer,
      { nationalId },
    );
    expect(out.status).toBe(200);
    expect(out.body.optedOut).toBe(true);
    expect(out.body.receipt).toMatch(/^[0-9A-F]{20}$/);
    const again = await call<{ receipt: string }>('POST', '/api/access/opt-out', officer, { nationalId });
    expect(again.body.receipt).toBe(out.body.receipt);

    const pseudonym = pseudonymOf(loadPseudonymKey(node.config.secretsDir), nationalId);
    expect(await node.access.excludedPseudonyms({ purpose: 'scientific_research' })).toContain(pseudonym);
    expect((await node.access.excludedPseudonyms({ purpose: 'official_statistics' })).size).toBe(0);

    const stored = await sql<{ pseudonym: string }>`SELECT * FROM access_opt_out`.execute(node.db.kysely);
    expect(stored.rows.map((r) => Object.keys(r).sort())).toEqual([['opted_out_at', 'pseudonym']]);
    const { events } = await node.audit.list({ action: 'access.opt_out', limit: 10 });
    expect(JSON.stringify(events)).not.toContain(nationalId);

    const back = await call<{ optedOut: boolean }>('POST', '/api/access/opt-out/withdraw', officer, {
      nationalId,
    });
    expect(back.body.optedOut).toBe(false);
    expect(await node.access.excludedPseudonyms({ purpose: 'scientific_research' })).not.toContain(pseudonym);
    const status = await call<{ optedOut: boolean }>('POST', '/api/access/opt-out/status', officer, {
      nationalId,
    });
    expect(status.body.optedOut).toBe(false);
  });

  it('takes documents as attachments, checked by type and content, and only while the applicant may change the case', async () => {
    const draft = await ok('POST', '/api/access/cases', researcher, {
      track: 'application',
      form: completeForm(),
    });
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
    const upload = (caseId: string, headers: Headers, type: string, body: Buffer, kind = 'protocol') =>
      node.app.inject({
        method: 'POST',
        url: `/api/access/cases/${caseId}/attachments?kind=${kind}&filename=protocol.pdf`,
        headers: { ...headers, 'content-type': type },
        payload: body,
      });
    const r = await upload(draft.id, researcher, 'application/pdf', pdf);
    expect(r.statusCode, r.body).toBe(201);
    const view = r.json<{ case: CaseView & { attachments: { id: string; size: number; kind: string }[] } }>()
      .case;
    expect(view.attachments).toEqual([expect.objectContaining({ kind: 'protocol', size: pdf.length })]);

    const fake = await upload(draft.id, researcher, 'application/pdf', Buffer.from('MZ not a pdf'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json<Problem>().code).toBe('access.attachment_content');
    const exe = await upload(draft.id, researcher, 'application/x-msdownload', Buffer.from('MZ'));
    expect(exe.statusCode).toBe(415);
    const foreign = await upload(draft.id, outsider, 'application/pdf', pdf);
    expect(foreign.statusCode).toBe(403);
    const badKind = await upload(draft.id, researcher, 'application/pdf', pdf, 'selfie');
    expect(badKind.statusCode).toBe(400);

    const download = await node.app.inject({
      method: 'GET',
      url: `/api/access/cases/${draft.id}/attachments/${view.attachments[0]!.id}`,
      headers: colleague,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(pdf)).toBe(true);

    const sent = await ok('POST', `/api/access/cases/${draft.id}/submit`, researcher);
    expect(sent.status).toBe('submitted');
    const late = await upload(draft.id, researcher, 'application/pdf', pdf);
    expect(late.statusCode).toBe(409);
    const again = await ok('GET', `/api/access/cases/${draft.id}`, researcher);
    expect((again as unknown as { attachments: unknown[] }).attachments).toHaveLength(1);
  });

  it('estimates fees from the tariff before anything is saved', async () => {
    const r = await call<{ total: number; lines: { item: string }[] }>(
      'GET',
      '/api/access/tariff?track=application&datasets=2&months=12',
      {},
    );
    expect(r.body.total).toBe(650 + 2 * 10 * 60 + 12 * 40);
  });
});
