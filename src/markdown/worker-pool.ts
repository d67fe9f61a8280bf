import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImagesConfig } from '../config/site-config.js';
import { failedRendering } from './failed-rendering.js';
import type { PostSource, RenderedPost } from './render-post.js';

/** What every render worker needs to know of the site. */
export interface WorkerInit {
  rawHtml: boolean;
  /** The site's folder, and its config file when it has one: the worker loads the plugins from it. */
  root: string;
  configFile: string | undefined;
  /** The posts folder (absolute): links resolve against it (see `sourceKey`). */
  postsDir: string;
  /** Source path → URL of every published post and page. */
  urls: Array<[string, string]>;
  /** Source paths of drafts and scheduled posts. */
  unpublished: string[];
  /** With images resized: the settings, and the file behind each image's site path. */
  images?: { settings: ImagesConfig; files: ReadonlyArray<readonly [string, string]> };
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
  /** Told what a worker's pipeline has to say (which parser it fell back to). */
  onNotice: (notice: string) => void = () => undefined,
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
      let worker = new WorkerQueue(start(), limit, onNotice);
      // Two batches on each worker: it starts the second as soon as it sends back the first,
      // instead of idling while this thread takes the results and reads the next posts' files
      // (or collects garbage, which takes a large blog's build a few hundred ms at times).
      const sent: Array<{ batch: number[]; posts: PostSource[]; reply: Promise<RenderedPost[] | undefined> }> = [];
      const send = (posts: PostSource[]) => {
        const reply = worker.send(posts);
        // A worker that fails rejects every batch on it; the head's rejection ends the lane, and
        // the one behind it must not surface as an unhandled rejection.
        reply.catch(() => undefined);
        return reply;
      };
      try {
        for (;;) {
          while (sent.length < 2 && next < queue.length) {
            const batch = queue[next++] as number[];
            const posts = batch.map(sourceOf);
            sent.push({ batch, posts, reply: send(posts) });
          }
          const head = sent.shift();
          if (!head) return;
          const results = await head.reply;
          if (results) {
            results.forEach((rendered, k) => done(head.batch[k] as number, rendered));
            continue;
          }
          await worker.stop();
          worker = new WorkerQueue(start(), limit, onNotice);
          onTimeout(head.batch);
          // The batch queued behind it was never started: the new worker takes it, as read then.
          for (const queued of sent) queued.reply = send(queued.posts);
        }
      } finally {
        await worker.stop();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, lane));
  };
  await run(batches, timeoutMs, (batch) => retry.push(...batch));
  await run(retry.map((i) => [i]), timeoutMs, ([i]) => {
    done(i as number, failedRendering({ severity: 'error', code: 'MarkdownFailed', message: `This post took longer than ${timeoutMs / 1000} s to render and was stopped.` }));
  });
}

let taskId = 0;

/**
 * Batches sent to one worker, which renders them one after the other in the order sent. The
 * time limit of a batch (the whole batch) runs from when it is sent, or, for one queued behind
 * another, from when the answer to that one arrives: a queued batch's wait does not count
 * against it. When it runs out, every batch still waiting gets `undefined` (the caller stops
 * the worker and sends the others elsewhere).
 */
class WorkerQueue {
  private readonly waiting: Array<{ id: number; resolve: (results: RenderedPost[] | undefined) => void; reject: (error: Error) => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly worker: Worker, private readonly timeoutMs: number, onNotice: (notice: string) => void) {
    worker.on('message', (message: { id: number; results: RenderedPost[]; notice?: string }) => {
      const head = this.waiting[0];
      if (head?.id !== message.id) return;
      if (message.notice) onNotice(message.notice);
      this.waiting.shift();
      this.startClock();
      head.resolve(message.results);
    });
    worker.on('error', (error: Error) => {
      clearTimeout(this.timer);
      for (const waiting of this.waiting.splice(0)) waiting.reject(error);
    });
  }

  send(posts: PostSource[]): Promise<RenderedPost[] | undefined> {
    const id = ++taskId;
    return new Promise((resolve, reject) => {
      this.waiting.push({ id, resolve, reject });
      if (this.waiting.length === 1) this.startClock();
      this.worker.postMessage({ id, posts });
    });
  }

  stop(): Promise<number> {
    clearTimeout(this.timer);
    return this.worker.terminate();
  }

  /** Starts the time limit of the batch the worker is on now, if any. */
  private startClock(): void {
    clearTimeout(this.timer);
    if (this.waiting.length === 0) return;
    this.timer = setTimeout(() => {
      for (const waiting of this.waiting.splice(0)) waiting.resolve(undefined);
    }, this.timeoutMs);
  }
}
