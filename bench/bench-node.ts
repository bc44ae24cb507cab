import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { buildNode, type SalusNode } from '../src/app/build-node.js';
import { loadConfig } from '../src/platform/config/index.js';
import type { AuditContext } from '../src/modules/audit/index.js';

/** A Salus node of its own for one benchmark: fresh store, fresh secrets, removed when stopped. */
export interface BenchNode {
  readonly node: SalusNode;
  /** Base URL when listening, else null. */
  readonly url: string | null;
  stop(): Promise<void>;
}

export const benchContext: AuditContext = {
  actor: { id: null, label: 'bench', roles: [] },
  requestId: null,
  clientAddress: null,
};

/** A free loopback port: the node's public URL must name it before the node is built. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export async function startBenchNode(
  options: { readonly databaseUrl?: string; readonly listen?: boolean } = {},
): Promise<BenchNode> {
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-bench-'));
  try {
    const port = await freeLoopbackPort();
    const config = loadConfig({
      SALUS_DATABASE_URL: options.databaseUrl ?? 'memory://',
      SALUS_DATA_DIR: dir,
      SALUS_LOG_LEVEL: 'silent',
      SALUS_DEMO_PERSONS: '0',
      SALUS_HOST: '127.0.0.1',
      SALUS_PORT: String(port),
      SALUS_PUBLIC_URL: `http://127.0.0.1:${port}`,
      // The demo accounts would put their own events at the head of the log the benchmarks measure.
      SALUS_DEMO: 'false',
    });
    const node = await buildNode(config, { logger: pino({ level: 'silent' }) });
    if (options.listen === true) {
      try {
        await node.app.listen({ host: '127.0.0.1', port });
      } catch (e) {
        await node.close();
        throw e;
      }
    }
    return {
      node,
      url: options.listen === true ? `http://127.0.0.1:${port}` : null,
      stop: async () => {
        try {
          await node.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Full collections between phases, so one phase's garbage is not collected on the next one's clock. */
export function collectGarbage(): void {
  globalThis.gc?.();
}
