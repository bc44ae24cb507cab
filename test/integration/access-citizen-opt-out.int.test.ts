import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCitizens } from '../../src/modules/deliveries/index.js';
import { loadPseudonymKey, pseudonymOf } from '../../src/platform/pseudonym/index.js';
import { signIn, signInFrom } from '../support/browserless-login.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

interface Status {
  optedOut: boolean;
  since: string | null;
  receipt: string | null;
}
interface Choice {
  status: Status;
  receipt: { action: string; at: string; number: string };
}

/**
 * A citizen's own opt-out (Art 71), through the real OpenID Connect sign-in of the embedded provider, whose
 * demo citizens carry a national identifier of the demo population in a claim whose name is configured.
 */
describe('a citizen opts out and back in, signed in with their national identifier', () => {
  let node: TestNode;
  const citizen = demoCitizens[0]!;
  beforeAll(async () => {
    node = await startTestNode({
      listen: true,
      env: { SALUS_CITIZEN_ID_CLAIM: 'personal_identity_code' },
    });
  });
  afterAll(async () => node.stop());

  /** The citizen's session, as a browser sends it: to the citizens' API only. */
  const citizenSession = async (username: string): Promise<string> => {
    const outcome = await signInFrom(`${node.url}/auth/citizen/login`, username, 'demo');
    expect(outcome.finalUrl).toBe(`${node.url}/opt-out`);
    const value = outcome.jar.get('salus_citizen');
    expect(value).toBeDefined();
    return `salus_citizen=${value ?? ''}`;
  };
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body it expects
  const api = async <T>(cookie: string, method: 'GET' | 'POST', path: string, origin = node.url) => {
    const r = await fetch(`${node.url}/api/citizen/${path}`, {
      method,
      headers: { cookie, ...(method === 'POST' ? { origin } : {}) },
    });
    return { status: r.status, body: (await r.json()) as T };
  };

  it('records the choice under the lake’s pseudonym only, with a receipt, and audits it without the identifier', async () => {
    const cookie = await citizenSession(citizen.username);
    const before = await api<Status>(cookie, 'GET', 'opt-out');
    expect(before).toEqual({ status: 200, body: { optedOut: false, since: null, receipt: null } });

    const out = await api<Choice>(cookie, 'POST', 'opt-out');
    expect(out.status).toBe(200);
    expect(out.body.status.optedOut).toBe(true);
    expect(out.body.receipt.action).toBe('opt_out');
    expect(out.body.receipt.number).toMatch(/^[0-9A-F]{20}$/);
    expect(out.body.receipt.at).toBe(out.body.status.since);
    const again = await api<Choice>(cookie, 'POST', 'opt-out');
    expect(again.body.receipt.number).toBe(out.body.receipt.number);

    // The same HMAC the lake keys persons with: the register matches the citizen's records there.
    const pseudonym = pseudonymOf(loadPseudonymKey(node.config.secretsDir), citizen.nationalId);
    expect(await node.access.excludedPseudonyms({ purpose: 'scientific_research' })).toContain(pseudonym);
    const stored = await sql<Record<string, unknown>>`SELECT * FROM access_opt_out`.execute(node.db.kysely);
    expect(stored.rows).toHaveLength(1);
    expect(Object.keys(stored.rows[0] ?? {}).sort()).toEqual(['opted_out_at', 'pseudonym']);
    expect(stored.rows[0]?.pseudonym).toBe(pseudonym);

    const { events } = await node.audit.list({ targetId: pseudonym, limit: 20 });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['auth.citizen_login', 'access.opt_out']),
    );
    const optOut = events.find((e) => e.action === 'access.opt_out');
    expect(optOut).toMatchObject({ actorLabel: 'Citizen', details: { receipt: out.body.receipt.number } });
    const everything = JSON.stringify((await node.audit.list({ limit: 500 })).events);
    expect(everything).not.toContain(citizen.nationalId);

    const back = await api<Choice>(cookie, 'POST', 'opt-in');
    expect(back.body.status).toEqual({ optedOut: false, since: null, receipt: null });
    expect(back.body.receipt.action).toBe('opt_in');
    expect(back.body.receipt.number).toMatch(/^[0-9A-F]{20}$/);
    expect(back.body.receipt.number).not.toBe(out.body.receipt.number);
    expect(await node.access.excludedPseudonyms({ purpose: 'scientific_research' })).not.toContain(pseudonym);
    const { events: optIns } = await node.audit.list({ action: 'access.opt_in', limit: 5 });
    expect(optIns[0]?.details).toMatchObject({ receipt: back.body.receipt.number });
  });

  it('shows each citizen their own choice only, and the officer’s desk sees the same register', async () => {
    const first = await citizenSession(demoCitizens[1]!.username);
    const second = await citizenSession(demoCitizens[2]!.username);
    await api<Choice>(first, 'POST', 'opt-out');
    expect((await api<Status>(first, 'GET', 'opt-out')).body.optedOut).toBe(true);
    expect((await api<Status>(second, 'GET', 'opt-out')).body.optedOut).toBe(false);
    const officer = await node.userWithToken(['access_officer']);
    const desk = await node.app.inject({
      method: 'POST',
      url: '/api/access/opt-out/status',
      headers: officer.headers,
      payload: { nationalId: demoCitizens[1]!.nationalId },
    });
    expect(desk.json<Status>().optedOut).toBe(true);
  });

  it('honours the citizen’s session on the citizens’ API alone, and only from the node’s own pages', async () => {
    const cookie = await citizenSession(citizen.username);
    expect((await fetch(`${node.url}/api/me`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${node.url}/api/access/cases`, { headers: { cookie } })).status).toBe(401);
    const forged = await api<{ code: string }>(cookie, 'POST', 'opt-out', 'https://evil.example');
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('auth.cross_origin');
    const tampered = await api<{ code: string }>(
      cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      'GET',
      'opt-out',
    );
    expect(tampered.status).toBe(401);

    // A member of staff signed in is not a citizen: the citizens' API refuses their session.
    const staff = await signIn(node.url, 'officer', 'demo');
    const asStaff = await fetch(`${node.url}/api/citizen/opt-out`, {
      headers: { cookie: staff.jar.header() },
    });
    expect(asStaff.status).toBe(403);

    const signOut = await api<{ redirectTo: string }>(cookie, 'POST', 'sign-out');
    expect(signOut.status).toBe(200);
    expect(signOut.body.redirectTo).toContain('/oidc/session/end');
  });

  it('refuses a sign-in whose ID token carries no national identifier, recording nothing', async () => {
    const outcome = await signInFrom(`${node.url}/auth/citizen/login`, 'researcher', 'demo');
    expect(outcome.finalStatus).toBe(400);
    expect(outcome.finalBody).toContain('No national identifier');
    expect(outcome.jar.get('salus_citizen')).toBeUndefined();
    const { events } = await node.audit.list({ action: 'auth.citizen_login', outcome: 'failure', limit: 5 });
    expect(events[0]?.details).toMatchObject({
      reason: 'no national identifier in claim personal_identity_code',
    });
  });
});
