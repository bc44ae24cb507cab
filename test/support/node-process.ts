import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './postgres-server.js';

export interface NodeProcess {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the node exactly as the README's first command does (`salus start` with no configuration but a
 * free port and a fresh data directory), and waits until it says it is running.
 */
export async function startNodeProcess(env: Record<string, string> = {}): Promise<NodeProcess> {
  if (!existsSync('dist/src/cli/main.js') || !existsSync('dist/web/index.html')) {
    throw new Error('The node is not built: run `npm run build` before the browser tests.');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-e2e-'));
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['bin/salus.js', 'start'], {
    env: { ...process.env, SALUS_PORT: String(port), SALUS_DATA_DIR: dir, SALUS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const started = Date.now();
  while (!log.includes('Salus is running')) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `salus start ended (${child.signalCode ?? `exit code ${String(child.exitCode)}`}):\n${log}`,
      );
    }
    if (Date.now() - started > 110_000) {
      child.kill('SIGKILL');
      throw new Error(`salus start did not come up within 110 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const exitedAlready = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    url: `http://localhost:${port}`,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (!exitedAlready()) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
