import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { BuildOptions, BuildResult } from './build/run.js';
import { buildStages, endStages, RenderersNeeded, type StageRequest } from './build/stages.js';
import type { Renderers } from './markdown/renderers.js';
import { renderInWorkers, startWorker, workersAvailable } from './markdown/worker-pool.js';

/**
 * The build of `build`, with post bodies rendered on worker threads (`options.jobs`, default
 * one per core) and the markdown pipeline loaded in this thread only when it renders here.
 * Output is byte-identical to `build`. With one job, or when the compiled worker is not
 * available (running from TypeScript sources), everything happens in this thread.
 *
 * One worker starts at once and loads the pipeline while this thread reads the posts: a build
 * with an edited post or two renders them there, and never loads the pipeline here at all.
 */
export async function buildAsync(options: BuildOptions = {}): Promise<BuildResult> {
  const jobs = options.jobs ?? os.availableParallelism();
  const parallel = jobs > 1 && workersAvailable();
  let loaded: Renderers | undefined;
  const load = async (): Promise<Renderers> => (loaded ??= (await import('./markdown/renderers.js')).renderers);
  const renderers = (): Renderers => {
    if (!loaded) throw new RenderersNeeded();
    return loaded;
  };
  const ready: Worker[] = parallel ? [startWorker()] : [];
  const stages = buildStages(options, renderers);
  try {
    for (let step = stages.next(); ; step = stages.next()) {
      if (step.done) return step.value;
      const request = step.value;
      if (request.kind === 'load') await load();
      else if (parallel) await renderOnWorkers(request, jobs, ready, options);
      else {
        await load();
        request.bodies.renderMissesHere(options.onProgress);
      }
    }
  } finally {
    endStages(stages);
    for (const worker of ready) void worker.terminate();
  }
}

/** Renders the bodies the render cache lacks on worker threads, the one already started first. */
async function renderOnWorkers(request: Extract<StageRequest, { kind: 'render' }>, jobs: number, ready: Worker[], options: BuildOptions): Promise<void> {
  const { run, configured, content, modeled, bodies } = request;
  const { misses } = bodies;
  const { site } = modeled;
  let done = 0;
  await renderInWorkers(
    misses.length,
    (k) => bodies.sourceOf(misses[k] as number),
    {
      rawHtml: configured.config.rawHtml,
      root: run.root,
      configFile: configured.configFile,
      postsDir: configured.dirs.posts,
      urls: site.documents.map((post) => [post.source, post.url]),
      unpublished: content.posts.filter((post) => !site.bySource.has(post.source)).map((post) => post.source),
      ...(modeled.images && configured.config.images ? { images: { settings: configured.config.images, files: modeled.images.files } } : {}),
    },
    // A few edited posts go to the worker already started; more workers pay off for many.
    misses.length < 64 ? 1 : jobs,
    (k, rendered) => {
      bodies.accept(misses[k] as number, rendered);
      options.onProgress?.('render', ++done, misses.length);
    },
    undefined,
    ready,
    (notice) => {
      if (!run.notices.includes(notice)) run.notices.push(notice);
    },
  );
}
