/**
 * Staging child process entry: stages the files it is sent, one at a time (see stage-files.ts). It leaves
 * when its parent disconnects, including when the parent dies, so no orphan writes into a staging folder.
 */
import { stageFile, type StageFileTask } from './stage-file.js';
import type { WorkerMessage } from './stage-files.js';

const send = process.send?.bind(process);
if (send !== undefined) {
  const post = (m: WorkerMessage): void => {
    if (process.connected) send(m);
  };
  process.on('disconnect', () => process.exit(0));
  process.on('message', (task: StageFileTask) => {
    stageFile({ ...task, keyBytes: Buffer.from(task.keyBytes) }, (bytes, resources) => {
      post({ kind: 'progress', src: task.src, bytes, resources });
    }).then(
      (result) => post({ kind: 'done', result }),
      (e: unknown) => post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
  });
}
