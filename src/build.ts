import { finish, planBodies, prepare, type BuildOptions, type BuildResult } from './build-core.js';
import { renderers } from './markdown/renderers.js';

export { type BuildCaches, type BuildOptions, type BuildResult } from './build-core.js';

/**
 * Builds the site in this thread: config → read posts → site model → render bodies → render
 * pages → write. Returns every diagnostic found. Nothing is written unless the build has no
 * errors; then the output folder is replaced as a whole. (`buildAsync` is the same build with
 * workers.)
 */
export function build(options: BuildOptions = {}): BuildResult {
  const prepared = prepare(options);
  if ('failed' in prepared) return prepared.failed;
  const bodies = planBodies(prepared, options, () => renderers);
  bodies.renderMissesHere(options.onProgress);
  return finish(prepared, bodies, options, () => renderers);
}
