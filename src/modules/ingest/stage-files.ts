/**
 * Stages a delivery's FHIR files, in child processes when there are several files and the code runs as
 * compiled JavaScript (a child needs a .js entry; under the TypeScript test runner files are staged in the
 * calling process). Each file writes staging files of its own, so the order of work does not change the
 * result.
 *
 * Child processes rather than worker threads: Node 20 can abort the whole process when a worker thread's
 * isolate is disposed while V8 still compiles its code in the background (`NodePlatform::ForIsolate`,
 * "data.first != nullptr"). A child process ends alone and takes nothing with it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stageFile, type StageFileResult, type StageFileTask } from './stage-file.js';

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly src: number; readonly bytes: number; readonly resources: number }
  | { readonly kind: 'done'; readonly result: StageFileResult }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * A staging process's young generation is kept at 2 MB: its garbage is short-lived parsed JSON, so this
 * costs no speed (staging 1M persons' claims, encounters and observations ran 3-10% faster) and takes
 * each process from about 110 to 80 MiB.
 */
const stagingNodeOptions = ['--max-semi-space-size=2'];

const workerPath = fileURLToPath(new URL('./stage-worker.js', import.meta.url));
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
    const child = fork(workerPath, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [...process.execArgv, ...stagingNodeOptions],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
        results.push(await runTask(child, task, report));
      }
    } finally {
      if (child.connected) child.disconnect();
      if (child.exitCode === null && child.signalCode === null) await exited;
    }
  };
  await Promise.all(Array.from({ length: poolSize }, runWorker));
  return results.sort((a, b) => a.src - b.src);
}

function runTask(
  child: ChildProcess,
  task: StageFileTask,
  report: (src: number, bytes: number, resources: number) => void,
): Promise<StageFileResult> {
  return new Promise<StageFileResult>((resolve, reject) => {
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('error', onError);
      child.off('exit', onExit);
    };
    const onMessage = (m: WorkerMessage): void => {
      if (m.kind === 'progress') {
        report(m.src, m.bytes, m.resources);
        return;
      }
      cleanup();
      if (m.kind === 'done') resolve(m.result);
      else reject(new Error(m.message));
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(
        new Error(`staging process for ${task.file} ended early (${signal ?? `exit code ${String(code)}`})`),
      );
    };
    child.on('message', onMessage);
    child.once('error', onError);
    child.once('exit', onExit);
    child.send(task);
  });
}
