import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../support/test-node.js';

interface Operation {
  summary?: string;
  description?: string;
  'x-salus-access'?: unknown;
  security?: unknown[];
}

describe('the API describes itself and reports its health', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(async () => node.stop());

  it('serves an OpenAPI 3.1 document in which every operation says who may call it', async () => {
    const r = await node.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json<{ openapi: string; paths: Record<string, Record<string, Operation>> }>();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(15);
    for (const { key, op } of operations) {
      expect(op['x-salus-access'], key).toBeDefined();
      expect(op.description, key).toMatch(/Who may call: /);
    }
    const users = doc.paths['/api/users']?.post;
    expect(users?.['x-salus-access']).toEqual(['admin']);
    expect(users?.security).toEqual([{ session: [] }, { token: [] }]);
  });

  it('serves a human-readable documentation page', async () => {
    const r = await node.app.inject({ method: 'GET', url: '/api/docs' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('swagger-ui');
  });

  it('answers live and ready, naming the store it checked', async () => {
    expect((await node.app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await node.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.json()).toEqual({ status: 'ok', store: node.store });
  });

  it('carries a request id through, or makes one', async () => {
    const given = await node.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'trace-1234abcd' },
    });
    expect(given.headers['x-request-id']).toBe('trace-1234abcd');
    const made = await node.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports not ready when the store is gone', async () => {
    const other = await startTestNode();
    await other.db.close();
    const r = await other.app.inject({ method: 'GET', url: '/health/ready' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ code: 'store.unreachable' });
    await other.app.close();
  });
});
