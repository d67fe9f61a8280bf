import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';

// Writes the files of a fresh output folder for `workerSink`, several at a time: each waits on
// the disk, not the CPU. Counts the bytes written into the shared array and wakes the writer.
const { shared, errors } = workerData as { shared: Int32Array; errors: MessagePort };
// Folders made (or being made), so each is made once. Key: the folder's path. Invalid: never, within one fresh output folder.
const folders = new Map<string, Promise<unknown>>();
const limit = 8;
let running = 0;
const queue: Array<{ file: string; bytes: Uint8Array }> = [];

function folder(dir: string): Promise<unknown> {
  let made = folders.get(dir);
  if (!made) folders.set(dir, (made = mkdir(dir, { recursive: true })));
  return made;
}

function next(): void {
  while (running < limit && queue.length > 0) {
    const { file, bytes } = queue.shift() as { file: string; bytes: Uint8Array };
    running++;
    folder(path.dirname(file))
      .then(() => writeFile(file, bytes))
      .then(
        () => {
          Atomics.add(shared, 0, bytes.length);
          Atomics.notify(shared, 0);
        },
        (error: Error) => {
          errors.postMessage(error.message);
          Atomics.store(shared, 1, 1);
          Atomics.notify(shared, 0);
        },
      )
      .finally(() => {
        running--;
        next();
      });
  }
}

parentPort?.on('message', (message: { file: string; bytes: Uint8Array }) => {
  queue.push(message);
  next();
});
