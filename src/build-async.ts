import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { configure } from './build/config-stage.js';
import { readContent } from './build/content-stage.js';
import { finishBodies, planBodies } from './build/markdown-stage.js';
import { writeOutput } from './build/output-stage.js';
import { planPages } from './build/pages-stage.js';
import { isFailed, startRun, type BuildOptions, type BuildResult } from './build/run.js';
import { modelSite } from './build/site-stage.js';
import type { Renderers } from './markdown/renderers.js';
import { renderInWorkers, startWorker, workersAvailable } from './markdown/worker-pool.js';

/**
 * A cache entry that was checked but can no longer be read (damaged, or removed by another
 * process) while this thread has no markdown pipeline to render it again. Rare: the build then
 * loads the pipeline and writes the pages again (nothing was swapped in).
 */
class RenderersNeeded extends Error {}

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
  try {
    const run = startRun(options);
    const configured = configure(run);
    if (isFailed(configured)) return configured.failed;
    const content = readContent(run, configured);
    const modeled = modelSite(run, configured, content);
    const bodies = planBodies(run, configured, content, modeled, renderers);
    const { misses } = bodies;
    if (misses.length > 0 && parallel) {
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
    } else if (misses.length > 0) {
      await load();
      bodies.renderMissesHere(options.onProgress);
    }
    if (modeled.comments.newest.length > 0) await load();
    const rendered = finishBodies(run, content, modeled, bodies, renderers);
    const diagnostics = run.diagnostics.length;
    const output = () => {
      const pages = planPages(run, configured, modeled, bodies, rendered);
      return isFailed(pages) ? pages.failed : writeOutput(run, configured, modeled, bodies, rendered.metas, pages);
    };
    try {
      return output();
    } catch (error) {
      if (!(error instanceof RenderersNeeded)) throw error;
      run.diagnostics.length = diagnostics;
      await load();
      return output();
    }
  } finally {
    for (const worker of ready) void worker.terminate();
  }
}
