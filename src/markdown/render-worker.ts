import { parentPort, workerData } from 'node:worker_threads';
import { createProcessors } from './create-processor.js';
import { renderPost, type PostSource } from './render-post.js';
import type { WorkerInit } from './worker-pool.js';

// A render worker: builds the processor once, then renders batches of posts on request.
const init = workerData as WorkerInit;
const processor = createProcessors({ rawHtml: init.rawHtml });
const urls = new Map(init.urls);
const unpublished = new Set(init.unpublished);

parentPort?.on('message', (task: { id: number; posts: PostSource[] }) => {
  const results = task.posts.map((post) => renderPost(post, processor, (s) => urls.get(s), (s) => unpublished.has(s)));
  parentPort?.postMessage({ id: task.id, results });
});
