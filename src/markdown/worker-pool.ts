import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PostSource, RenderedPost } from './render-post.js';

/** What every render worker needs to know of the site. */
export interface WorkerInit {
  rawHtml: boolean;
  /** Source path → URL of every published post. */
  urls: Array<[string, string]>;
  /** Source paths of drafts and scheduled posts. */
  unpublished: string[];
}

const workerFile = new URL('./render-worker.js', import.meta.url);

/** True when the compiled worker script exists (not when running from TypeScript sources). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(workerFile));
}

/**
 * Starts a render worker ahead of need: it loads the markdown pipeline while this thread reads
 * the posts. Hand it to `renderInWorkers` (which stops it when done), or stop it.
 */
export function startWorker(): Worker {
  return new Worker(workerFile);
}

/** Posts per message: small enough to balance the load, large enough to amortise messaging. */
const batchSize = 16;

/**
 * Renders posts on `jobs` worker threads, calling `done(index, rendered)` as results arrive.
 * Results are identical to rendering in the main thread: each worker runs the same pure
 * `renderPost` with the same inputs.
 *
 * A batch that runs longer than `timeoutMs` has its worker stopped; its posts are then rendered
 * one per fresh worker, and a post that alone exceeds the limit gets a MarkdownFailed problem,
 * so one pathological post cannot hang the build.
 */
export async function renderInWorkers(
  count: number,
  /** Post `index` (0 ≤ index < count), asked for as its batch is sent: bodies need not all be in memory. */
  sourceOf: (index: number) => PostSource,
  init: WorkerInit,
  jobs: number,
  done: (index: number, rendered: RenderedPost) => void,
  timeoutMs = 30_000,
  /** Workers already started (`startWorker`), used first. */
  ready: Worker[] = [],
): Promise<void> {
  const start = (): Worker => {
    const worker = ready.shift() ?? startWorker();
    worker.postMessage({ init });
    return worker;
  };
  const batches: number[][] = [];
  for (let i = 0; i < count; i += batchSize) {
    batches.push(Array.from({ length: Math.min(batchSize, count - i) }, (_, k) => i + k));
  }
  const retry: number[] = [];
  const run = async (queue: number[][], limit: number, onTimeout: (batch: number[]) => void): Promise<void> => {
    let next = 0;
    const lane = async (): Promise<void> => {
      let worker = start();
      try {
        while (next < queue.length) {
          const batch = queue[next++] as number[];
          const results = await runBatch(worker, batch.map(sourceOf), limit);
          if (results) results.forEach((rendered, k) => done(batch[k] as number, rendered));
          else {
            await worker.terminate();
            worker = start();
            onTimeout(batch);
          }
        }
      } finally {
        await worker.terminate();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, lane));
  };
  await run(batches, timeoutMs, (batch) => retry.push(...batch));
  await run(retry.map((i) => [i]), timeoutMs, ([i]) => {
    done(i as number, {
      html: '', excerptHtml: '', hasMore: false, summary: '', words: 0, readingMinutes: 0, deps: [],
      problems: [{ severity: 'error', code: 'MarkdownFailed', message: `This post took longer than ${timeoutMs / 1000} s to render and was stopped.` }],
    });
  });
}

let taskId = 0;

function runBatch(worker: Worker, posts: PostSource[], timeoutMs: number): Promise<RenderedPost[] | undefined> {
  const id = ++taskId;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      resolve(undefined);
    }, timeoutMs);
    const onMessage = (message: { id: number; results: RenderedPost[] }) => {
      if (message.id !== id) return;
      cleanup();
      resolve(message.results);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage({ id, posts });
  });
}
