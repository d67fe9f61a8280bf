import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * Where the writer sends new files of a fresh output folder. Creating a file or a folder waits
 * on the disk (on the machine this is developed on, about half a millisecond each, and a blog of
 * 10,000 posts writes 16,000 files in 10,000 folders), while rendering the next page waits on
 * the CPU: a sink lets the two overlap.
 */
export interface FileSink {
  /** Writes `contents` to `file` (an absolute path), making its folder first. */
  write(file: string, contents: string | Uint8Array): void;
  /** Returns once every file given to `write` is on disk; throws the first error any write met. */
  drain(): void;
}

/** Writes each file at once, in this thread. */
function directSink(): FileSink {
  const made = new Set<string>();
  return {
    write(file, contents) {
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(file, contents);
    },
    drain() {},
  };
}

const workerFile = new URL('./write-worker.js', import.meta.url);

/** Bytes handed to the worker and not yet written, at most: a bound on the memory they hold. */
const maxPending = 32 << 20;

/**
 * Hands files to a worker thread, which writes several at a time (each file's bytes moved, not
 * copied, to it). This thread waits only when more than `maxPending` bytes are on their way,
 * and in `drain`. Where the worker's compiled script is missing (running from TypeScript
 * sources), files are written here instead.
 */
export function workerSink(): FileSink {
  if (!existsSync(fileURLToPath(workerFile))) return directSink();
  // [0] bytes written (modulo 2^31: only differences matter), [1] set when a write failed.
  const shared = new Int32Array(new SharedArrayBuffer(8));
  let worker: { thread: Worker; errors: MessagePort } | undefined;
  let sent = 0;
  const wait = (until: (written: number) => boolean) => {
    for (let written = Atomics.load(shared, 0); !until(written) && Atomics.load(shared, 1) === 0; written = Atomics.load(shared, 0)) {
      Atomics.wait(shared, 0, written, 1000);
    }
  };
  const start = () => {
    const { port1, port2 } = new MessageChannel();
    return { thread: new Worker(workerFile, { workerData: { shared, errors: port2 }, transferList: [port2] }), errors: port1 };
  };
  return {
    write(file, contents) {
      // A buffer of its own (never a slice of Node's shared pool), so it can be moved.
      const bytes = typeof contents === 'string' ? encoder.encode(contents) : new Uint8Array(contents);
      worker ??= start();
      sent = (sent + bytes.length) | 0;
      wait((written) => ((sent - written) | 0) <= maxPending);
      worker.thread.postMessage({ file, bytes }, [bytes.buffer]);
    },
    drain() {
      if (!worker) return;
      const target = sent;
      wait((written) => written === target);
      const failure = Atomics.load(shared, 1) !== 0 ? (receiveMessageOnPort(worker.errors)?.message as string | undefined) : undefined;
      void worker.thread.terminate();
      worker.errors.close();
      worker = undefined;
      if (failure !== undefined || Atomics.load(shared, 1) !== 0) throw new Error(failure ?? 'A file of the output could not be written.');
    },
  };
}

const encoder = new TextEncoder();
