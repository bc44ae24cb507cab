import { Worker } from 'node:worker_threads';

/** One closed-loop load run: `concurrency` requests always in flight until the count or the time is up. */
export interface LoadPlan {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly concurrency: number;
  readonly warmupMs: number;
  /** The measured phase ends at whichever comes first. */
  readonly maxDurationMs: number;
  readonly maxRequests: number;
}

export interface LoadStats {
  readonly requests: number;
  /** Responses other than 200, and transport errors; any of them makes the run invalid. */
  readonly failures: number;
  readonly firstFailure: string | null;
  readonly elapsedMs: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Runs the client in a worker thread: in the server's own thread it would take event-loop time from the
 * server it measures, and on two cores that alone halves the figure.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadStats> {
  const worker = new Worker(new URL('./http-load-worker.js', import.meta.url), { workerData: plan });
  return new Promise<LoadStats>((resolve, reject) => {
    let result: LoadStats | null = null;
    worker.once('message', (message: LoadStats) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      result === null
        ? reject(new Error(`the load worker exited with ${code} and no result`))
        : resolve(result),
    );
  });
}
