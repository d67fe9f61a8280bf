import { buildStages, endStages } from './build/stages.js';
import type { BuildOptions, BuildResult } from './build/run.js';
import { renderers } from './markdown/renderers.js';

export { type BuildOptions, type BuildResult } from './build/run.js';
export { type BuildCaches } from './incremental/build-caches.js';

/**
 * Builds the site in this thread, through the stages of `src/build/stages.ts`. Returns every
 * diagnostic found. Nothing is written unless the build has no errors; then the output folder
 * is replaced as a whole. (`buildAsync` is the same build with the bodies rendered on workers.)
 */
export function build(options: BuildOptions = {}): BuildResult {
  const stages = buildStages(options, () => renderers);
  try {
    for (let step = stages.next(); ; step = stages.next()) {
      if (step.done) return step.value;
      // The pipeline is loaded with this module: only bodies need doing.
      if (step.value.kind === 'render') step.value.bodies.renderMissesHere(options.onProgress);
    }
  } finally {
    endStages(stages);
  }
}
