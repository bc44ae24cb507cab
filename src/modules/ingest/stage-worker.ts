/** Worker thread entry: stages the files it is sent, one at a time (see stage-files.ts). */
import { parentPort } from 'node:worker_threads';
import { stageFile, type StageFileTask } from './stage-file.js';
import type { WorkerMessage } from './stage-files.js';

const port = parentPort;
if (port !== null) {
  port.on('message', (task: StageFileTask) => {
    const post = (m: WorkerMessage): void => port.postMessage(m);
    stageFile({ ...task, keyBytes: Buffer.from(task.keyBytes) }, (bytes, resources) => {
      post({ kind: 'progress', src: task.src, bytes, resources });
    }).then(
      (result) => post({ kind: 'done', result }),
      (e: unknown) => post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
  });
}
