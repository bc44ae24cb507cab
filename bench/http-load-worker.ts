import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadPlan, LoadStats } from './http-load.js';

// The worker entry of http-load.ts: drives one load run and posts its figures back.

const plan = workerData as LoadPlan;
// One socket per in-flight request, kept open: the figure is the server's, not TCP set-up's.
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency });

function get(): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(plan.url, { agent, headers: plan.headers }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function main(): Promise<LoadStats> {
  const start = performance.now();
  const warmupEnd = start + plan.warmupMs;
  let measureStart = Number.NaN;
  let measureEnd = Number.NaN;
  let started = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const latencies: number[] = [];

  const loop = async (): Promise<void> => {
    for (;;) {
      const now = performance.now();
      const measuring = now >= warmupEnd;
      if (measuring) {
        if (Number.isNaN(measureStart)) measureStart = now;
        if (started >= plan.maxRequests || now - measureStart >= plan.maxDurationMs) return;
        started++;
      }
      const t0 = performance.now();
      let failure: string | null = null;
      try {
        const { status } = await get();
        if (status !== 200) failure = `HTTP ${status}`;
      } catch (e) {
        failure = (e as Error).message;
      }
      const t1 = performance.now();
      if (measuring) {
        latencies.push(t1 - t0);
        measureEnd = Number.isNaN(measureEnd) ? t1 : Math.max(measureEnd, t1);
      }
      if (failure !== null) {
        failures++;
        firstFailure ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  agent.destroy();

  const recorded = latencies.length;
  const sorted = Float64Array.from(latencies).sort();
  const percentile = (p: number): number =>
    sorted[Math.min(recorded - 1, Math.floor((p / 100) * recorded))] ?? Number.NaN;
  const elapsedMs = measureEnd - measureStart;
  return {
    requests: recorded,
    failures,
    firstFailure,
    elapsedMs,
    requestsPerSecond: recorded / (elapsedMs / 1000),
    p50Ms: percentile(50),
    p99Ms: percentile(99),
  };
}

parentPort?.postMessage(await main());
