import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessMail, AccessSweep } from '../../src/modules/access/index.js';
import type { Role } from '../../src/platform/auth/index.js';
import { startMailReceiver, type ReceivedMail } from '../support/mail-receiver.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

type Headers = Record<string, string>;
interface CaseView {
  id: string;
  reference: string | null;
  status: string;
  draftExpiresAt: string | null;
  clock: { deadline: string } | null;
  permits: { id: string; permitNumber: string; validUntil: string; state: string }[];
  history: { to: string; note: string | null }[];
}

const dayMs = 86_400_000;
const applicantEmail = 'rhea.reminded@iphr.example';
const officerEmails = ['odile@hdab.example', 'omar@hdab.example'];

/**
 * Reminders by e-mail through a real SMTP server the test starts, and the periodic sweep run directly at
 * chosen times: what arrives, to whom, once only, and nothing at all without a relay.
 */
describe('e-mail reminders and the expiry sweep', () => {
  let node: TestNode;
  let receiver: Awaited<ReturnType<typeof startMailReceiver>>;
  let applicant: Headers;
  let officer: Headers;
  let datasetId: string;
  let granted: CaseView;

  const ok = async (method: 'POST' | 'PUT' | 'GET', url: string, headers: Headers, payload?: unknown) => {
    const r = await node.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json<{ case: CaseView }>().case;
  };
  const form = (title: string) => ({
    title,
    purpose: 'scientific_research',
    intendedUse: 'A cohort study.',
    expectedBenefit: 'Better care.',
    datasets: [{ datasetId }],
    period: { from: '2015-01-01', to: '2024-12-31' },
    dataForm: 'anonymised',
    safeguards: 'Named analysts only.',
    durationMonths: 12,
    namedPersons: [{ name: 'Rhea Reminded', email: applicantEmail }],
    ethics: { required: false },
    noProhibitedUse: true,
  });
  const submitted = async (title: string) => {
    const draft = await ok('POST', '/api/access/cases', applicant, {
      track: 'application',
      form: form(title),
    });
    return ok('POST', `/api/access/cases/${draft.id}/submit`, applicant);
  };
  const about = (title: string): ReceivedMail[] => receiver.mails.filter((m) => m.text.includes(title));
  const sweep = (at: Date) => node.access.sweep.run(at);

  beforeAll(async () => {
    receiver = await startMailReceiver();
    node = await startTestNode({
      env: { SALUS_SMTP_URL: receiver.url, SALUS_SMTP_FROM: 'HDAB <hdab@node.example>' },
    });
    const context = { actor: { id: null, label: 'test', roles: [] }, requestId: null, clientAddress: null };
    const orgs = await node.identity.organisations();
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
    const institute = orgs.find((o) => o.kind === 'applicant')!;
    const hdab = orgs.find((o) => o.kind === 'hdab')!;
    applicant = await tokenFor('Rhea Reminded', applicantEmail, institute.id, ['data_user']);
    officer = await tokenFor('Odile Officer', officerEmails[0]!, hdab.id, ['access_officer']);
    await tokenFor('Omar Officer', officerEmails[1]!, hdab.id, ['access_officer']);
    // The demo officers have e-mail addresses too; the HDAB's reminders here go to these two only.
    await sql`DELETE FROM user_role WHERE role = 'access_officer' AND user_id IN (SELECT id FROM app_user WHERE email LIKE '%@demo.salus.example')`.execute(
      node.db.kysely,
    );
    const search = await node.app.inject({ method: 'GET', url: '/api/catalogue/datasets?pageSize=1' });
    datasetId = search.json<{ results: { id: string }[] }>().results[0]!.id;
  });
  afterAll(async () => {
    await node.stop();
    await receiver.stop();
  });

  it('mails the applicant the HDAB’s questions and then the decision, at once', async () => {
    const c = await submitted('Reminded about statins');
    await ok('POST', `/api/access/cases/${c.id}/pre-screening`, officer);
    await ok('POST', `/api/access/cases/${c.id}/information-requests`, officer, {
      message: 'Please say more.',
      fields: [{ field: 'safeguards', question: 'Who checks outputs before they leave?' }],
    });
    const [asked] = await receiver.waitFor(1);
    expect(asked?.to).toEqual([applicantEmail]);
    expect(asked?.subject).toBe(`[Salus] The HDAB asks for information on ${c.reference ?? ''}`);
    expect(asked?.text).toContain('Who checks outputs before they leave?');
    expect(asked?.text).toContain('The time limit for the decision is paused until you answer.');
    expect(asked?.text).toContain(`${node.config.http.publicUrl}/access/cases/${c.id}`);

    await ok('POST', `/api/access/cases/${c.id}/respond`, applicant, { message: 'Two output checkers.' });
    await ok('POST', `/api/access/cases/${c.id}/complete`, officer, {});
    await ok('PUT', `/api/access/cases/${c.id}/assessment`, officer, {
      checklist: [
        'purpose_permitted',
        'no_prohibited_use',
        'data_minimised',
        'pseudonymisation_justified',
        'safeguards_adequate',
        'named_persons_identified',
        'ethics_approval',
        'duration_justified',
      ].map((criterion) => ({ criterion, verdict: 'met', note: '' })),
    });
    granted = await ok('POST', `/api/access/cases/${c.id}/grant`, officer, { conditions: [] });
    const mails = await receiver.waitFor(2);
    const decision = mails[1];
    expect(decision?.to).toEqual([applicantEmail]);
    expect(decision?.subject).toBe(`[Salus] Decision on ${c.reference ?? ''}: granted`);
    expect(decision?.text).toContain(`The permit is ${granted.permits[0]?.permitNumber ?? '?'}.`);

    // A sweep right after sends neither again: the same keys were claimed when they went out.
    expect((await sweep(new Date())).mailsSent).toBe(0);
    expect(receiver.mails).toHaveLength(2);
    const { events } = await node.audit.list({ action: 'access.reminder.mail', limit: 10 });
    expect(events.map((e) => e.details.kind).sort()).toEqual(['decision_issued', 'information_requested']);
  });

  it('warns of a draft about to expire once, however often or concurrently the sweep runs, then expires it', async () => {
    const draft = await ok('POST', '/api/access/cases', applicant, {
      track: 'application',
      form: { title: 'A draft left alone' },
    });
    const expires = new Date(draft.draftExpiresAt ?? '');
    const warnAt = new Date(expires.getTime() - 2 * dayMs);
    const both = await Promise.all([sweep(warnAt), sweep(warnAt)]);
    expect(both.map((r) => r.mailsSent).reduce((a, b) => a + b)).toBe(1);
    expect((await sweep(warnAt)).mailsSent).toBe(0);
    expect(about('A draft left alone').map((m) => m.subject)).toEqual([
      `[Salus] Your draft A draft left alone expires on ${expires.toISOString().slice(0, 10)}`,
    ]);

    const after = new Date(expires.getTime() + 3_600_000);
    const report = await sweep(after);
    expect(report.draftsExpired).toContain(draft.id);
    expect((await sweep(after)).draftsExpired).not.toContain(draft.id);
    const row = await sql<{ status: string }>`SELECT status FROM access_case WHERE id = ${draft.id}`.execute(
      node.db.kysely,
    );
    expect(row.rows[0]?.status).toBe('expired');
    const seen = await ok('GET', `/api/access/cases/${draft.id}`, applicant);
    expect(seen.status).toBe('expired');
    expect(seen.history.at(-1)).toMatchObject({ to: 'expired', note: 'not saved or submitted in time' });
    const save = await node.app.inject({
      method: 'PUT',
      url: `/api/access/cases/${draft.id}`,
      headers: applicant,
      payload: { form: { title: 'Too late' } },
    });
    expect(save.json<{ code: string }>().code).toBe('access.draft_expired');
    expect(about('A draft left alone').map((m) => m.subject)).toContain(
      '[Salus] Your draft A draft left alone has expired',
    );
    const expired = await node.audit.list({ action: 'access.case.expire', targetId: draft.id, limit: 5 });
    expect(expired.events).toHaveLength(1);
    expect(expired.events[0]?.actorLabel).toBe('system');
    const sweeps = await node.audit.list({ action: 'access.sweep', limit: 5 });
    expect(sweeps.events[0]?.details).toMatchObject({ draftsExpired: 1 });
  });

  it('warns before a permit ends, then marks it expired, closes access and tells the applicant', async () => {
    const permit = granted.permits[0]!;
    const until = new Date(permit.validUntil);
    expect((await sweep(new Date(until.getTime() - 10 * dayMs))).mailsSent).toBeGreaterThanOrEqual(1);
    expect(receiver.mails.map((m) => m.subject)).toContain(
      `[Salus] Permit ${permit.permitNumber} ends on ${until.toISOString().slice(0, 10)}`,
    );
    const report = await sweep(new Date(until.getTime() + dayMs));
    expect(report.permitsExpired).toEqual([permit.id]);
    const state = await sql<{
      state: string;
    }>`SELECT state FROM access_permit WHERE id = ${permit.id}`.execute(node.db.kysely);
    expect(state.rows[0]?.state).toBe('expired');
    await expect(node.access.service.permitInForce(permit.id)).rejects.toMatchObject({
      code: 'permit.expired',
    });
    const ended = receiver.mails.find((m) => m.subject === `[Salus] Permit ${permit.permitNumber} has ended`);
    expect(ended?.to).toEqual([applicantEmail]);
    expect(ended?.text).toContain('Access to the data has closed.');
  });

  it('tells the HDAB’s officers when a deadline comes near and when it has passed', async () => {
    const c = await submitted('A case nobody picked up');
    const deadline = new Date(c.clock?.deadline ?? '');
    await sweep(new Date(deadline.getTime() - 10 * dayMs));
    const near = about('A case nobody picked up');
    expect(near.map((m) => m.subject)).toEqual([
      `[Salus] Deadline ${deadline.toISOString().slice(0, 10)}: ${c.reference ?? ''}`,
    ]);
    expect([...(near[0]?.to ?? [])].sort()).toEqual(officerEmails);
    await sweep(new Date(deadline.getTime() + dayMs));
    expect(about('A case nobody picked up').map((m) => m.subject)).toContain(
      `[Salus] Deadline passed: ${c.reference ?? ''}`,
    );
  });

  it('sends no e-mail at all where no SMTP relay is configured', async () => {
    const draft = await ok('POST', '/api/access/cases', applicant, {
      track: 'application',
      form: { title: 'Nobody is mailed about this' },
    });
    const withoutRelay = new AccessSweep(
      node.access.service,
      new AccessMail(node.db.kysely.withTables(), null, node.audit, node.config.http.publicUrl),
      node.audit,
      node.config.access.draftWarningDays,
    );
    const before = receiver.mails.length;
    const report = await withoutRelay.run(new Date(new Date(draft.draftExpiresAt ?? '').getTime() - dayMs));
    expect(report.mailsSent).toBe(0);
    expect(receiver.mails).toHaveLength(before);
    const claimed = await sql`SELECT key FROM access_reminder WHERE case_id = ${draft.id}`.execute(
      node.db.kysely,
    );
    expect(claimed.rows).toEqual([]);
  });
});
