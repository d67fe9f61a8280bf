import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { finish, planBodies, prepare, type BuildOptions, type BuildResult } from './build-core.js';
import type { Renderers } from './markdown/renderers.js';
import { renderInWorkers, startWorker, workersAvailable } from './markdown/worker-pool.js';

/** Thrown when this thread must render after all (a cache entry was damaged) before the pipeline is loaded. */
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
    const prepared = prepare(options);
    if ('failed' in prepared) return prepared.failed;
    const bodies = planBodies(prepared, options, renderers);
    const { misses } = bodies;
    if (misses.length > 0 && parallel) {
      const { site } = prepared;
      let done = 0;
      await renderInWorkers(
        misses.length,
        (k) => bodies.sourceOf(misses[k] as number),
        {
          rawHtml: prepared.config.rawHtml,
          root: prepared.root,
          configFile: prepared.configFile,
          postsDir: prepared.dirs.posts,
          urls: site.documents.map((post) => [post.source, post.url]),
          unpublished: prepared.allPosts.filter((post) => !site.bySource.has(post.source)).map((post) => post.source),
          ...(prepared.images && prepared.config.images ? { images: { settings: prepared.config.images, files: prepared.images.files } } : {}),
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
          if (!prepared.notices.includes(notice)) prepared.notices.push(notice);
        },
      );
    } else if (misses.length > 0) {
      await load();
      bodies.renderMissesHere(options.onProgress);
    }
    if (prepared.attached.comments.newest.length > 0) await load();
    const diagnostics = prepared.diagnostics.length;
    try {
      return finish(prepared, bodies, options, renderers);
    } catch (error) {
      if (!(error instanceof RenderersNeeded)) throw error;
      // Nothing was written (the writer swaps only complete output): load the pipeline and go again.
      prepared.diagnostics.length = diagnostics;
      await load();
      return finish(prepared, bodies, options, renderers);
    }
  } finally {
    for (const worker of ready) void worker.terminate();
  }
}
