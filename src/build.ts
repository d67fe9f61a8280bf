import { configure } from './build/config-stage.js';
import { readContent } from './build/content-stage.js';
import { finishBodies, planBodies } from './build/markdown-stage.js';
import { writeOutput } from './build/output-stage.js';
import { planPages } from './build/pages-stage.js';
import { isFailed, startRun, type BuildOptions, type BuildResult } from './build/run.js';
import { modelSite } from './build/site-stage.js';
import { renderers } from './markdown/renderers.js';

export { type BuildOptions, type BuildResult } from './build/run.js';
export { type BuildCaches } from './incremental/build-caches.js';

/**
 * Builds the site in this thread, stage by stage. Returns every diagnostic found. Nothing is
 * written unless the build has no errors; then the output folder is replaced as a whole.
 * (`buildAsync` is the same build with the bodies rendered on workers.)
 */
export function build(options: BuildOptions = {}): BuildResult {
  const run = startRun(options);
  // Config first: every later stage depends on it (time zone, permalinks, base URL, plugins).
  const configured = configure(run);
  if (isFailed(configured)) return configured.failed;
  // Every post, page and comment is read before any is placed: the model needs all of them.
  const content = readContent(run, configured);
  // The barrier: every document and URL is known before any HTML is made.
  const modeled = modelSite(run, configured, content);
  // Bodies from the render cache; the rest rendered here.
  const bodies = planBodies(run, configured, content, modeled, () => renderers);
  bodies.renderMissesHere(options.onProgress);
  const rendered = finishBodies(run, content, modeled, bodies, () => renderers);
  // Pages from the templates, made as the output takes them.
  const pages = planPages(run, configured, modeled, bodies, rendered);
  if (isFailed(pages)) return pages.failed;
  // Output last, swapped in whole.
  return writeOutput(run, configured, modeled, bodies, rendered.metas, pages);
}
