/**
 * Stages a delivery's FHIR files, in worker threads when there are several files and the code runs as
 * compiled JavaScript (a worker needs a .js entry; under the TypeScript test runner files are staged in
 * the calling thread). Each file writes staging files of its own, so the order of work does not change the
 * result.
 */
import { Worker } from 'node:worker_threads';
import { stageFile, type StageFileResult, type StageFileTask } from './stage-file.js';

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly src: number; readonly bytes: number; readonly resources: number }
  | { readonly kind: 'done'; readonly result: StageFileResult }
  | { readonly kind: 'failed'; readonly message: string };

const workerUrl = new URL('./stage-worker.js', import.meta.url);
const canUseWorkers = import.meta.url.endsWith('.js');

export async function stageFiles(
  tasks: readonly StageFileTask[],
  workers: number | undefined,
  onProgress: (bytesDone: number, resources: number) => void,
): Promise<StageFileResult[]> {
  const progress = new Map<number, { bytes: number; resources: number }>();
  const report = (src: number, bytes: number, resources: number): void => {
    progress.set(src, { bytes, resources });
    let b = 0;
    let r = 0;
    for (const p of progress.values()) {
      b += p.bytes;
      r += p.resources;
    }
    onProgress(b, r);
  };
  const poolSize = Math.min(workers ?? (canUseWorkers ? 2 : 0), tasks.length);
  if (poolSize <= 1 || !canUseWorkers) {
    const results: StageFileResult[] = [];
    for (const task of tasks) {
      results.push(await stageFile(task, (bytes, resources) => report(task.src, bytes, resources)));
    }
    return results;
  }
  // Largest files first, so that one big file does not start last.
  const queue = [...tasks];
  const results: StageFileResult[] = [];
  const runWorker = async (): Promise<void> => {
    const worker = new Worker(workerUrl);
    try {
      for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
        const current = task;
        results.push(
          await new Promise<StageFileResult>((resolve, reject) => {
            const onMessage = (m: WorkerMessage): void => {
              if (m.kind === 'progress') report(m.src, m.bytes, m.resources);
              else {
                worker.off('message', onMessage);
                worker.off('error', reject);
                if (m.kind === 'done') resolve(m.result);
                else reject(new Error(m.message));
              }
            };
            worker.on('message', onMessage);
            worker.once('error', reject);
            worker.postMessage(current);
          }),
        );
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: poolSize }, runWorker));
  return results.sort((a, b) => a.src - b.src);
}
