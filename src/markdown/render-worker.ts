import { parentPort } from 'node:worker_threads';
import { createProcessors } from './create-processor.js';
import { renderPost, type PostSource } from './render-post.js';
import type { WorkerInit } from './worker-pool.js';

// A render worker: loads the markdown pipeline as soon as it starts, learns the site from its
// first message, then renders batches of posts on request.
let site: { processor: ReturnType<typeof createProcessors>; urls: Map<string, string>; unpublished: Set<string> } | undefined;

parentPort?.on('message', (message: { init: WorkerInit } | { id: number; posts: PostSource[] }) => {
  if ('init' in message) {
    const { init } = message;
    site = { processor: createProcessors({ rawHtml: init.rawHtml }), urls: new Map(init.urls), unpublished: new Set(init.unpublished) };
    return;
  }
  const { processor, urls, unpublished } = site as NonNullable<typeof site>;
  const results = message.posts.map((post) => renderPost(post, processor, (s) => urls.get(s), (s) => unpublished.has(s)));
  parentPort?.postMessage({ id: message.id, results });
});
