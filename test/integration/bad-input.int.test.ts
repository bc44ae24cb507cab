import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../support/test-node.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  errors?: { path: string; message: string }[];
}

describe('bad input gets a precise problem+json answer and changes nothing', () => {
  let node: TestNode;
  let admin: Record<string, string>;
  beforeAll(async () => {
    node = await startTestNode({ env: { SALUS_BODY_LIMIT_BYTES: '4096' } });
    admin = (await node.userWithToken(['admin'], 'Input Admin')).headers;
  });
  afterAll(async () => node.stop());

  const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
    node.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...admin, 'content-type': 'application/json', ...headers },
    });
  const userCount = async () => (await node.identity.users()).length;

  it('malformed JSON: 400 request.malformed_json with the parser message', async () => {
    const before = await userCount();
    const r = await post('/api/users', '{"displayName": "Eve", "email": ');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const p = r.json<Problem>();
    expect(p.code).toBe('request.malformed_json');
    expect(p.detail).toMatch(/not valid JSON/);
    expect(p.instance).toBe('/api/users');
    expect(p.requestId).toBe(r.headers['x-request-id']);
    expect(await userCount()).toBe(before);
  });

  it('unknown and missing fields and wrong types are each named with their path', async () => {
    const r = await post(
      '/api/users',
      JSON.stringify({ displayName: 42, roles: ['admin', 'wizard'], isSuperuser: true }),
    );
    expect(r.statusCode).toBe(400);
    const p = r.json<Problem>();
    expect(p.code).toBe('request.invalid');
    const paths = (p.errors ?? []).map((e) => e.path);
    expect(paths).toContain('body/email');
    expect(paths).toContain('body/isSuperuser');
    expect(paths).toContain('body/displayName');
    expect(paths.some((x) => x.startsWith('body/roles/1'))).toBe(true);
    expect(p.errors?.find((e) => e.path === 'body/email')?.message).toBe('is required');
    expect(p.errors?.find((e) => e.path === 'body/isSuperuser')?.message).toBe('is not a known field');
  });

  it('an oversized body: 413 request.too_large naming the limit', async () => {
    const before = await userCount();
    const r = await post(
      '/api/users',
      JSON.stringify({ displayName: 'x'.repeat(10_000), email: 'big@test.example', roles: [] }),
    );
    expect(r.statusCode).toBe(413);
    expect(r.json<Problem>()).toMatchObject({
      code: 'request.too_large',
      detail: expect.stringContaining('4096 bytes') as string,
    });
    expect(await userCount()).toBe(before);
  });

  it('a body of another media type: 415', async () => {
    const r = await post('/api/users', 'displayName=Eve', { 'content-type': 'text/plain' });
    expect(r.statusCode).toBe(415);
    expect(r.json<Problem>().code).toBe('request.unsupported_media_type');
  });

  it('a bad query parameter and a bad path parameter are named', async () => {
    const q = await node.app.inject({
      method: 'GET',
      url: '/api/audit/events?limit=100000&outcome=maybe',
      headers: admin,
    });
    expect(q.statusCode).toBe(400);
    const paths = (q.json<Problem>().errors ?? []).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['querystring/limit', 'querystring/outcome']));
    const p = await node.app.inject({ method: 'GET', url: '/api/users/not-a-uuid', headers: admin });
    expect(p.statusCode).toBe(400);
    expect(p.json<Problem>().errors?.[0]?.path).toBe('params/id');
  });

  it('an unknown route: 404 route.not_found', async () => {
    const r = await node.app.inject({ method: 'GET', url: '/api/nothing-here', headers: admin });
    expect(r.statusCode).toBe(404);
    expect(r.json<Problem>().code).toBe('route.not_found');
  });

  it('an invalid, a malformed and a revoked token: 401 with the reason, audited', async () => {
    const unknown = await node.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: 'Bearer salus_not-a-real-token' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<Problem>()).toMatchObject({
      code: 'auth.token_invalid',
      detail: 'The API token is not known to this node.',
    });
    const malformed = await node.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: 'Basic YWRtaW46ZGVtbw==' },
    });
    expect(malformed.json<Problem>().code).toBe('auth.malformed_authorization');

    const holder = await node.userWithToken(['data_holder'], 'Token Holder');
    const list = await node.app.inject({ method: 'GET', url: '/api/tokens', headers: holder.headers });
    const tokenId = list.json<{ tokens: { id: string }[] }>().tokens[0]!.id;
    const revoke = await node.app.inject({
      method: 'DELETE',
      url: `/api/tokens/${tokenId}`,
      headers: holder.headers,
    });
    expect(revoke.statusCode).toBe(204);
    const after = await node.app.inject({ method: 'GET', url: '/api/me', headers: holder.headers });
    expect(after.statusCode).toBe(401);
    expect(after.json<Problem>().detail).toMatch(/was revoked on/);
    const { events } = await node.audit.list({ action: 'auth.token', outcome: 'denied', limit: 10 });
    expect(events.length).toBeGreaterThanOrEqual(3);
  });

  it('an expired token: 401 saying when it expired', async () => {
    const holder = await node.userWithToken(['data_user'], 'Expiring');
    const created = await node.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: holder.headers,
      payload: { name: 'short', roles: ['data_user'], expiresInDays: 1 },
    });
    // Tokens are created by people, not by other tokens.
    expect(created.statusCode).toBe(403);
    expect(created.json<Problem>().code).toBe('token.from_token');
    const context = { actor: { id: null, label: 'test', roles: [] }, requestId: null, clientAddress: null };
    const principal = {
      userId: holder.userId,
      displayName: 'Expiring',
      roles: ['data_user' as const],
      via: 'session' as const,
      tokenId: null,
    };
    const { secret, token } = await node.identity.createToken(
      principal,
      { name: 'short', roles: ['data_user'], expiresInDays: 1 },
      context,
    );
    await node.identity.repo.db
      .updateTable('api_token')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', token.id)
      .execute();
    const r = await node.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json<Problem>().detail).toMatch(/expired on/);
  });

  it('a tampered session cookie: 401 auth.session_tampered, cookie cleared, audited', async () => {
    const r = await node.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { salus_session: 'forged-session.c2lnbmF0dXJl' },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json<Problem>().code).toBe('auth.session_tampered');
    expect(String(r.headers['set-cookie'])).toMatch(/salus_session=;/);
    const { events } = await node.audit.list({ action: 'auth.session', limit: 5 });
    expect(events[0]).toMatchObject({ outcome: 'denied', details: { reason: 'auth.session_tampered' } });
  });

  it('a token cannot carry a role its owner does not hold', async () => {
    const context = { actor: { id: null, label: 'test', roles: [] }, requestId: null, clientAddress: null };
    const user = await node.identity.createUser(
      { displayName: 'Modest', email: 'modest@test.example', roles: ['data_user'] },
      context,
    );
    const principal = {
      userId: user.id,
      displayName: 'Modest',
      roles: user.roles,
      via: 'session' as const,
      tokenId: null,
    };
    await expect(
      node.identity.createToken(principal, { name: 'escalate', roles: ['admin'] }, context),
    ).rejects.toMatchObject({ code: 'token.roles_not_held' });
    const { events } = await node.audit.list({ action: 'token.create', outcome: 'denied', limit: 5 });
    expect(events[0]?.details).toMatchObject({ notHeld: ['admin'] });
    expect(await node.identity.tokens(user.id)).toEqual([]);
  });

  it('the node keeps at least one admin', async () => {
    for (const u of await node.identity.users()) {
      if (u.roles.includes('admin') && u.displayName !== 'Input Admin') {
        await node.identity.setRoles(u.id, [], {
          actor: { id: null, label: 'test', roles: [] },
          requestId: null,
          clientAddress: null,
        });
      }
    }
    const me = await node.app.inject({ method: 'GET', url: '/api/me', headers: admin });
    const id = me.json<{ user: { id: string } }>().user.id;
    const r = await node.app.inject({
      method: 'PUT',
      url: `/api/users/${id}/roles`,
      headers: admin,
      payload: { roles: ['data_user'] },
    });
    expect(r.statusCode).toBe(409);
    expect(r.json<Problem>()).toMatchObject({ code: 'user.last_admin' });
    expect((await node.identity.user(id)).roles).toEqual(['admin']);
  });

  it('a duplicate email: 409 user.email_taken on the field', async () => {
    const body = JSON.stringify({ displayName: 'Twin', email: 'twin@test.example', roles: [] });
    expect((await post('/api/users', body)).statusCode).toBe(201);
    const r = await post('/api/users', body);
    expect(r.statusCode).toBe(409);
    expect(r.json<Problem>().errors?.[0]?.path).toBe('body/email');
  });
});
