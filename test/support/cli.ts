import { randomUUID } from 'node:crypto';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { storeUnderTest } from './test-node.js';

const cli = path.resolve('bin/salus.js');

export interface CliEnvironment {
  /** The data folder of this file's commands. */
  readonly dir: () => string;
  /** The environment the commands run with. */
  readonly env: () => NodeJS.ProcessEnv;
  /** Runs `salus …` as a person at a terminal would, against this file's store. */
  readonly salus: (...args: string[]) => SpawnSyncReturns<string>;
}

/**
 * For a test file of `salus` commands: a fresh data folder and, on the PostgreSQL run, a fresh database on
 * the test server, both removed afterwards.
 */
export function useCliEnvironment(prefix: string, extraEnv: NodeJS.ProcessEnv = {}): CliEnvironment {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `salus-${prefix}-`));
    env = { ...process.env, SALUS_DATA_DIR: dir, SALUS_LOG_LEVEL: 'silent', ...extraEnv };
    const adminUrl = inject('postgresUrl');
    if (storeUnderTest() === 'postgres' && adminUrl !== null) {
      const name = `salus_${prefix.replace(/\W/g, '_')}_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      env.SALUS_DATABASE_URL = u.href;
    }
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    env: () => env,
    salus: (...args) => spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' }),
  };
}
