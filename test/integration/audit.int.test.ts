import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafHash, verifyInclusion } from '../../src/modules/audit/index.js';
import { startTestNode, storeUnderTest, type TestNode } from '../support/test-node.js';

const actor = { id: null, label: 'audit test', roles: ['admin'] };
const cli = path.resolve('bin/salus.js');

describe('the audit log', () => {
  let node: TestNode;
  let admin: Record<string, string>;
  beforeAll(async () => {
    node = await startTestNode({ env: { SALUS_AUDIT_CHECKPOINT_INTERVAL: '10' } });
    admin = (await node.userWithToken(['admin'], 'Audit Admin')).headers;
  });
  afterAll(async () => node.stop());

  it('chains every event to the one before and verifies the whole chain', async () => {
    for (let i = 0; i < 25; i++)
      await node.audit.record({
        action: 'test.event',
        outcome: 'success',
        actor,
        details: { i, nested: { b: 1, a: [1, 2] } },
      });
    const r = await node.app.inject({ method: 'GET', url: '/api/audit/verify', headers: admin });
    expect(r.statusCode).toBe(200);
    const body = r.json<{ ok: boolean; checked: number; checkpointsChecked: number }>();
    expect(body.ok).toBe(true);
    expect(body.checked).toBeGreaterThanOrEqual(25);
    expect(body.checkpointsChecked).toBeGreaterThanOrEqual(2);
  });

  it('lets the store refuse UPDATE, DELETE and TRUNCATE on the log', async () => {
    const db = node.audit['db'];
    await expect(
      db.updateTable('audit_event').set({ action: 'forged' }).where('seq', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_event').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_checkpoint').execute()).rejects.toThrow(/append-only/);
    const { sql } = await import('kysely');
    await expect(sql`TRUNCATE audit_event`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('filters by actor, action prefix, outcome and time, newest first, with a cursor', async () => {
    const first = await node.app.inject({
      method: 'GET',
      url: '/api/audit/events?action=test.&limit=10',
      headers: admin,
    });
    const page1 = first.json<{ events: { seq: number; action: string }[]; nextBefore: number | null }>();
    expect(page1.events).toHaveLength(10);
    expect(page1.events.every((e) => e.action === 'test.event')).toBe(true);
    expect(page1.events[0]!.seq).toBeGreaterThan(page1.events[9]!.seq);
    const second = await node.app.inject({
      method: 'GET',
      url: `/api/audit/events?action=test.&limit=10&before=${page1.nextBefore}`,
      headers: admin,
    });
    const page2 = second.json<{ events: { seq: number }[] }>();
    expect(page2.events[0]!.seq).toBeLessThan(page1.events[9]!.seq);
    const byActor = await node.app.inject({
      method: 'GET',
      url: '/api/audit/events?actor=audit%20test&outcome=success&limit=500',
      headers: admin,
    });
    expect(byActor.json<{ events: unknown[] }>().events).toHaveLength(25);
    const future = await node.app.inject({
      method: 'GET',
      url: `/api/audit/events?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
      headers: admin,
    });
    expect(future.json<{ events: unknown[] }>().events).toHaveLength(0);
  });

  it('proves that one event is included in a published checkpoint (RFC 6962)', async () => {
    const cp = await node.app.inject({ method: 'POST', url: '/api/audit/checkpoints', headers: admin });
    expect(cp.statusCode).toBe(201);
    const checkpoint = cp.json<{ treeSize: number; rootHash: string }>();
    const r = await node.app.inject({
      method: 'GET',
      url: `/api/audit/events/7/proof?treeSize=${checkpoint.treeSize}`,
      headers: admin,
    });
    expect(r.statusCode).toBe(200);
    const proof = r.json<{
      eventHash: string;
      leafIndex: number;
      treeSize: number;
      rootHash: string;
      proof: string[];
    }>();
    expect(proof.rootHash).toBe(checkpoint.rootHash);
    expect(
      verifyInclusion(
        leafHash(proof.eventHash),
        proof.leafIndex,
        proof.treeSize,
        proof.proof,
        checkpoint.rootHash,
      ),
    ).toBe(true);
    const { events } = await node.audit.list({ limit: 500 });
    const seventh = events.find((e) => e.seq === 7)!;
    expect(proof.eventHash).toBe(seventh.hash);
    expect(
      verifyInclusion(
        leafHash(events.find((e) => e.seq === 8)!.hash),
        proof.leafIndex,
        proof.treeSize,
        proof.proof,
        checkpoint.rootHash,
      ),
    ).toBe(false);
  });
});

describe('salus audit verify names an event altered behind the trigger', () => {
  const built = existsSync('dist/src/cli/main.js');
  it.runIf(built)('finds the altered event after a superuser edit with triggers switched off', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'salus-tamper-'));
    try {
      const node = await startTestNode(
        storeUnderTest() === 'pglite' ? { env: { SALUS_DATABASE_URL: undefined, SALUS_DATA_DIR: dir } } : {},
      );
      for (let i = 0; i < 40; i++)
        await node.audit.record({ action: 'test.event', outcome: 'success', actor, details: { i } });
      const victim = (await node.audit.list({ action: 'test.event', limit: 500 })).events.find(
        (e) => e.details.i === 17,
      )!;
      const env = {
        ...process.env,
        SALUS_LOG_LEVEL: 'silent',
        SALUS_DATA_DIR: dir,
        ...(node.databaseUrl === null ? {} : { SALUS_DATABASE_URL: node.databaseUrl }),
      };
      await node.stop();

      const clean = spawnSync(process.execPath, [cli, 'audit', 'verify'], { env, encoding: 'utf8' });
      expect(clean.status, clean.stderr).toBe(0);
      expect(clean.stdout).toMatch(/The audit log is intact/);

      // A superuser who disables the store's guard (replica mode skips ordinary triggers) rewrites history.
      const tamper = `SET session_replication_role = replica; UPDATE audit_event SET details = '{"i": 99}' WHERE seq = ${victim.seq}; SET session_replication_role = origin;`;
      if (node.databaseUrl === null) {
        const db = new PGlite(path.join(dir, 'pg'));
        await db.exec(tamper);
        await db.close();
      } else {
        const client = new pg.Client({ connectionString: node.databaseUrl });
        await client.connect();
        await client.query(tamper);
        await client.end();
      }

      const broken = spawnSync(process.execPath, [cli, 'audit', 'verify'], { env, encoding: 'utf8' });
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain(`BROKEN at event ${victim.seq} (id ${victim.id})`);
      expect(broken.stdout).toMatch(/altered after it was written/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it.skipIf(built)('needs the built CLI: run `npm run build` first', () => {
    expect.fail('dist/src/cli/main.js is missing: the CLI test needs `npm run build`');
  });
});
