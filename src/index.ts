/**
 * quire's public API: what `import … from 'quire'` gives.
 *
 * ```ts
 * import { build } from 'quire';
 * const result = await build({ root: 'my-blog' });
 * if (!result.ok) console.error(result.diagnostics);
 * ```
 */
import { buildAsync } from './build-async.js';
import type { BuildOptions, BuildResult } from './build.js';

export { defineConfig, type QuireConfig } from './config/define-config.js';
export type { MarkdownConfig, PluginEntry, SanitizeAdditions, SiteConfig, TemplatesConfig } from './config/site-config.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export { watchSite as watch, type SiteWatcher, type WatchBuild, type WatchOptions } from './serve/watch-site.js';
export type { BuildOptions, BuildResult };

/**
 * Builds a site as `quire build` does: posts rendered on worker threads, every problem in
 * `diagnostics`, the output folder replaced only when the build succeeds.
 */
export function build(options: BuildOptions = {}): Promise<BuildResult> {
  return buildAsync(options);
}
