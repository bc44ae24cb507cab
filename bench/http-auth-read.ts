import Fastify from 'fastify';
import { benchContext, collectGarbage, freeLoopbackPort, startBenchNode } from './bench-node.js';
import { runLoad, type LoadStats } from './http-load.js';
import type { BenchmarkResult } from './summary.js';

export interface HttpAuthReadResult extends BenchmarkResult {
  readonly salus: LoadStats;
  readonly bare: LoadStats;
  /** Salus requests per second over bare Fastify's. */
  readonly ratio: number;
}

const concurrency = 32;
// Time-bound in practice: the request cap only stops a runaway client. Short runs of the bare route (20,000
// requests take ~1 s there) varied by half between runs on a shared 2-core machine; 10 s runs are steadier.
const load = { concurrency, warmupMs: 3_000, maxDurationMs: 10_000, maxRequests: 500_000 } as const;

/**
 * Authenticated reads over real HTTP: `GET /api/me` with an API token, against a bare Fastify route served
 * from the same process and driven by the same client, so the ratio is what Salus adds per request.
 */
export async function httpAuthRead(): Promise<HttpAuthReadResult> {
  const bare = await measureBareFastify();
  collectGarbage();
  const salus = await measureSalus();
  for (const [label, stats] of [
    ['bare Fastify', bare],
    ['Salus', salus],
  ] as const) {
    if (stats.failures > 0)
      throw new Error(`${label}: ${stats.failures} requests failed (first: ${stats.firstFailure ?? '?'})`);
  }
  print('bare Fastify GET /bare', bare);
  print('Salus GET /api/me (Bearer token)', salus);
  const ratio = salus.requestsPerSecond / bare.requestsPerSecond;
  console.log(`  ratio Salus / bare: ${ratio.toFixed(3)}`);
  const measure = `GET /api/me, ${concurrency} in flight`;
  return {
    name: 'http-auth-read',
    salus,
    bare,
    ratio,
    rows: [
      {
        benchmark: 'http-auth-read',
        measure,
        unit: 'req/s',
        salus: salus.requestsPerSecond,
        baseline: bare.requestsPerSecond,
        baselineLabel: 'bare Fastify GET /bare',
      },
      {
        benchmark: 'http-auth-read',
        measure: `${measure}, p50`,
        unit: 'ms',
        salus: salus.p50Ms,
        baseline: bare.p50Ms,
        baselineLabel: 'bare Fastify GET /bare',
      },
      {
        benchmark: 'http-auth-read',
        measure: `${measure}, p99`,
        unit: 'ms',
        salus: salus.p99Ms,
        baseline: bare.p99Ms,
        baselineLabel: 'bare Fastify GET /bare',
      },
    ],
    notes: [
      `load: ${concurrency} in flight over keep-alive HTTP/1.1 (node:http) from a worker thread; ${load.warmupMs / 1000} s warm-up, then ${load.maxDurationMs / 1000} s measured (at most ${load.maxRequests.toLocaleString('en-GB')} requests)`,
    ],
  };
}

async function measureBareFastify(): Promise<LoadStats> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ status: 'ok', items: [1, 2, 3] }));
  try {
    const port = await freeLoopbackPort();
    await app.listen({ host: '127.0.0.1', port });
    return await runLoad({ ...load, url: `http://127.0.0.1:${port}/bare`, headers: {} });
  } finally {
    await app.close();
  }
}

async function measureSalus(): Promise<LoadStats> {
  const bench = await startBenchNode({ listen: true });
  try {
    const { identity } = bench.node;
    const user = await identity.createUser(
      { displayName: 'Bench Reader', email: 'reader@bench.example', roles: ['data_user'] },
      benchContext,
    );
    const { secret } = await identity.createToken(
      { userId: user.id, displayName: user.displayName, roles: user.roles, via: 'session', tokenId: null },
      { name: 'bench', roles: ['data_user'] },
      benchContext,
    );
    const url = `${bench.url ?? ''}/api/me`;
    const headers = { authorization: `Bearer ${secret}` };
    // A wrong token would answer 401 fast and flatter the figure: check the route really serves this user.
    const probe = await fetch(url, { headers });
    const body = (await probe.json()) as { user?: { id?: string } };
    if (probe.status !== 200 || body.user?.id !== user.id)
      throw new Error(`GET /api/me answered ${probe.status}, not the bench user`);
    return await runLoad({ ...load, url, headers });
  } finally {
    await bench.stop();
  }
}

function print(label: string, s: LoadStats): void {
  console.log(
    `  ${label}: ${Math.round(s.requestsPerSecond)} req/s (${s.requests} requests in ${(s.elapsedMs / 1000).toFixed(2)} s), p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms`,
  );
}
