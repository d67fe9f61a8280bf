import { parentPort } from 'node:worker_threads';
import { loadConfig } from '../config/load-config.js';
import { defaultConfig } from '../config/site-config.js';
import { siteImages, type SiteImages } from './image-plan.js';
import { nativeParser } from './parser.js';
import { createPipeline, type Pipeline } from './pipeline.js';
import { failedRendering } from './failed-rendering.js';
import { sourceKey } from './link-outcome.js';
import { renderPost, type PostSource, type RenderedPost } from './render-post.js';
import type { WorkerInit } from './worker-pool.js';

// A render worker: loads the markdown pipeline (and the native parser) as soon as it starts,
// learns the site from its first message, then renders batches of posts on request.
nativeParser();

interface Site {
  pipeline: Pipeline | { error: string };
  images: SiteImages | undefined;
  urls: Map<string, string>;
  unpublished: Set<string>;
  key: (source: string) => string;
}
let site: Site | undefined;

/**
 * The site's pipeline, made here from the site's own config: plugins are functions, which
 * cannot be posted to a worker, so the worker loads the config module itself.
 */
function pipelineOf(init: WorkerInit): Site['pipeline'] {
  try {
    const loaded = init.configFile ? loadConfig(init.root, init.configFile) : undefined;
    const markdown = loaded?.config.markdown ?? defaultConfig.markdown;
    return createPipeline({ rawHtml: init.rawHtml, markdown, root: init.root }, loaded?.identify);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

parentPort?.on('message', (message: { init: WorkerInit } | { id: number; posts: PostSource[] }) => {
  if ('init' in message) {
    const { init } = message;
    site = { pipeline: pipelineOf(init), images: init.images && siteImages(init.images.settings, new Map(init.images.files)), urls: new Map(init.urls), unpublished: new Set(init.unpublished), key: sourceKey(init.postsDir) };
    return;
  }
  const { pipeline, images, urls, unpublished, key } = site as Site;
  const results: RenderedPost[] = message.posts.map((post) => ('error' in pipeline
    ? failedRendering({ severity: 'error', code: 'PluginFailed', message: `The markdown pipeline could not be set up: ${pipeline.error}` })
    : renderPost(post, pipeline, (s) => urls.get(key(s)), (s) => unpublished.has(key(s)), images)));
  parentPort?.postMessage({ id: message.id, results, notice: 'error' in pipeline ? undefined : pipeline.notice });
});
