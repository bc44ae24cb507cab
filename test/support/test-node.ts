import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { inject } from 'vitest';
import { buildNode, type SalusNode } from '../../src/app/build-node.js';
import { loadConfig, type ConfigSource } from '../../src/platform/config/index.js';
import type { Role } from '../../src/platform/auth/index.js';
import { freePort } from './postgres-server.js';

export interface TestNode extends SalusNode {
  /** Base URL when listening. */
  readonly url: string;
  readonly store: 'pglite' | 'postgres';
  /** The database's own URL on the real server (superuser), null on PGlite. */
  readonly databaseUrl: string | null;
  /** A new user holding these roles, and a bearer header for an API token carrying them all. */
  userWithToken(
    roles: readonly Role[],
    name?: string,
  ): Promise<{ userId: string; headers: { authorization: string } }>;
  stop(): Promise<void>;
}

/** Which store this run targets: embedded PGlite, or the real PostgreSQL server of the global setup. */
export const storeUnderTest = (): 'pglite' | 'postgres' =>
  inject('postgresUrl') === null ? 'pglite' : 'postgres';

/**
 * Boots a real node for a test file: its own fresh database (in-memory PGlite, or a new database on the real
 * server), its own secrets, and optionally a real listening port for browser and OpenID Connect flows.
 */
export async function startTestNode(
  options: { listen?: boolean; env?: ConfigSource } = {},
): Promise<TestNode> {
  const adminUrl = inject('postgresUrl');
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-test-'));
  let databaseUrl: string | null = null;
  if (adminUrl !== null) {
    const name = `salus_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.href;
  }
  const port = options.listen === true ? await freePort() : 8080;
  const config = loadConfig({
    SALUS_DATA_DIR: dir,
    SALUS_DATABASE_URL: databaseUrl ?? 'memory://',
    SALUS_HOST: '127.0.0.1',
    SALUS_PORT: String(port),
    SALUS_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SALUS_LOG_LEVEL: 'silent',
    // The demo population costs seconds per node; the tests that need lake data ask for it.
    SALUS_DEMO_PERSONS: '0',
    ...options.env,
  });
  const node = await buildNode(config, { logger: pino({ level: 'silent' }) });
  if (options.listen === true) await node.app.listen({ host: '127.0.0.1', port });
  const context = {
    actor: { id: null, label: 'test harness', roles: [] },
    requestId: null,
    clientAddress: null,
  };
  return {
    ...node,
    url: `http://127.0.0.1:${port}`,
    store: adminUrl === null ? 'pglite' : 'postgres',
    databaseUrl,
    async userWithToken(roles, name = `Test ${roles.join('+') || 'nobody'}`) {
      const user = await node.identity.createUser(
        { displayName: name, email: `${randomUUID()}@test.example`, roles },
        context,
      );
      const principal = {
        userId: user.id,
        displayName: user.displayName,
        roles: user.roles,
        via: 'session' as const,
        tokenId: null,
      };
      const { secret } = await node.identity.createToken(
        principal,
        { name: 'test', roles: roles.length > 0 ? roles : [] },
        context,
      );
      return { userId: user.id, headers: { authorization: `Bearer ${secret}` } };
    },
    async stop() {
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
