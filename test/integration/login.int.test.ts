import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/browserless-login.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

describe('signing in through the embedded OpenID provider', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ listen: true });
  });
  afterAll(async () => node.stop());

  it('signs a demo user in, knows their roles, audits the login, and signs them out', async () => {
    const { jar, finalUrl, finalStatus } = await signIn(node.url, 'hdab', 'demo', '/admin/audit');
    expect(finalUrl).toBe(`${node.url}/admin/audit`);
    expect(finalStatus).toBe(200);
    const cookie = jar.header();
    expect(jar.get('salus_session')).toBeDefined();

    const me = await fetch(`${node.url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    const { user } = (await me.json()) as {
      user: { displayName: string; roles: string[]; organisation: { name: string } };
    };
    expect(user.displayName).toBe('Hugo HDAB');
    expect(user.roles).toEqual(['access_officer', 'data_steward', 'output_checker']);
    expect(user.organisation.name).toBe('National Health Data Access Body');

    const events = await node.audit.list({ action: 'auth.login', limit: 10 });
    expect(events.events[0]).toMatchObject({ outcome: 'success', actorLabel: 'Hugo HDAB' });

    const logout = await fetch(`${node.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie, origin: node.url },
    });
    expect(logout.status).toBe(200);
    const { redirectTo } = (await logout.json()) as { redirectTo: string };
    expect(redirectTo).toContain('/oidc/session/end');
    const after = await fetch(`${node.url}/api/me`, { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('refuses a wrong password with the form again, and audits the failure', async () => {
    const outcome = await signIn(node.url, 'admin', 'not-the-password');
    expect(outcome.finalStatus).toBe(401);
    expect(outcome.finalBody).toContain('The username or password is not right.');
    expect(outcome.jar.get('salus_session')).toBeUndefined();
    const { events } = await node.audit.list({ action: 'auth.login', outcome: 'failure', limit: 5 });
    expect(events[0]?.details).toMatchObject({ username: 'admin', reason: 'wrong password' });
  });

  it('refuses a callback that no sign-in started', async () => {
    const response = await fetch(`${node.url}/auth/callback?code=forged&state=forged`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Start again');
  });

  it('never redirects outside the node after sign-in', async () => {
    const { finalUrl } = await signIn(node.url, 'researcher', 'demo', '//evil.example/steal');
    expect(finalUrl).toBe(`${node.url}/`);
  });
});

describe('sign-in attempts are rate limited per client address', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ env: { SALUS_LOGIN_RATE_LIMIT: '3' } });
  });
  afterAll(async () => node.stop());

  it('answers 429 with a problem after the limit, and audits it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await node.app.inject({ method: 'GET', url: '/auth/login' })).statusCode);
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const r = await node.app.inject({ method: 'GET', url: '/auth/login' });
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'auth.rate_limited', status: 429 });
    const { events } = await node.audit.list({ action: 'auth.rate_limited', limit: 10 });
    expect(events.length).toBeGreaterThanOrEqual(1);
  });
});
