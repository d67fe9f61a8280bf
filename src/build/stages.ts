import type { Renderers } from '../markdown/renderers.js';
import { configure, type Configured } from './config-stage.js';
import { readContent, type Content } from './content-stage.js';
import { finishBodies, planBodies, type Bodies } from './markdown-stage.js';
import { startSearchEarly, writeOutput } from './output-stage.js';
import { planPages } from './pages-stage.js';
import { isFailed, startRun, type BuildOptions, type BuildResult, type Run } from './run.js';
import { modelSite, type Modeled } from './site-stage.js';

/**
 * What the stages ask of the thread driving them: to render the bodies the render cache lacks
 * (here, or on workers), or to load the markdown pipeline into this thread.
 */
export type StageRequest =
  | { readonly kind: 'render'; readonly run: Run; readonly configured: Configured; readonly content: Content; readonly modeled: Modeled; readonly bodies: Bodies }
  | { readonly kind: 'load' };

/**
 * A body the cache said it held could not be read when its page was made (damaged, or removed
 * by another process) while this thread has no markdown pipeline: `renderers` throws this, and
 * the stages ask for the pipeline and make the pages again (nothing was written yet).
 */
export class RenderersNeeded extends Error {}

/**
 * The build, stage by stage. `build` and `buildAsync` drive it: each answers its requests in
 * its own way, so the order of the stages is written here alone. `renderers` gives the
 * markdown pipeline to a stage rendering in this thread. A driver that stops early (its own
 * work threw) ends it with `endStages`, so what the stages started is stopped.
 */
export function* buildStages(options: BuildOptions, renderers: () => Renderers): Generator<StageRequest, BuildResult, void> {
  const run = startRun(options);
  // Config first: every later stage depends on it (time zone, permalinks, base URL, plugins).
  const configured = configure(run);
  if (isFailed(configured)) return configured.failed;
  // Every post, page and comment is read before any is placed: the model needs all of them.
  const content = readContent(run, configured);
  // The barrier: every document and URL is known before any HTML is made.
  const modeled = modelSite(run, configured, content);
  // Bodies from the render cache; the driver renders the rest.
  const bodies = planBodies(run, configured, content, modeled, renderers);
  // Each search index starts as soon as the bodies of its documents are rendered.
  const searching = startSearchEarly(run, configured, modeled, bodies);
  try {
    if (bodies.misses.length > 0) yield { kind: 'render', run, configured, content, modeled, bodies };
    // Comments are rendered in this thread.
    if (modeled.comments.newest.length > 0) yield { kind: 'load' };
    const rendered = finishBodies(run, content, modeled, bodies, renderers);
    // Pages from the templates, made as the output takes them; output last, swapped in whole.
    const found = run.diagnostics.length;
    // The indexes started early go to the first attempt only: it stops them if it fails.
    let early = searching;
    const output = () => {
      const pages = planPages(run, configured, modeled, bodies, rendered);
      const indexer = early;
      early = undefined;
      return isFailed(pages) ? pages.failed : writeOutput(run, configured, modeled, bodies, rendered.metas, pages, indexer);
    };
    try {
      return output();
    } catch (error) {
      if (!(error instanceof RenderersNeeded)) throw error;
      run.diagnostics.length = found;
      yield { kind: 'load' };
      return output();
    }
  } finally {
    // However the build ended: nothing it started goes on (a no-op once the output took it).
    searching?.stop();
  }
}

/** Ends stages their driver stops driving early: their `finally` blocks run. */
export function endStages(stages: Generator<StageRequest, BuildResult, void>): void {
  // The value is never seen: the generator is only being closed.
  stages.return(undefined as unknown as BuildResult);
}
