import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import type { SiteConfig } from '../config/site-config.js';
import { ContentError, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import type { PipelineSettings } from '../markdown/pipeline.js';
import { PluginLoadError, pluginsKey } from '../markdown/plugins.js';
import { checkOutputDir, checkOutputOwnership } from '../output/check-output-dir.js';
import { fail, type Failed, type Run } from './run.js';

/** The site's settings, its folders, and what its markdown pipeline is made from. */
export interface Configured {
  readonly config: SiteConfig;
  readonly dirs: { readonly posts: string; readonly pages: string; readonly static: string; readonly templates: string };
  /** The config file, when the site has one (render workers load its plugins from it). */
  readonly configFile: string | undefined;
  /** What the markdown pipeline is made from, and its part of the render cache key. */
  readonly markdown: { readonly settings: PipelineSettings; readonly key: string; readonly identify: LoadedConfig['identify'] };
}

/**
 * Loads and checks the config, with the command line's overrides; checks that the output
 * folder may be replaced. Plugins are named (not loaded): the render cache is keyed by what
 * they are.
 */
export function configure(run: Run): Configured | Failed {
  const { options, root, outDir } = run;
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(root, options.config);
  } catch (error) {
    if (error instanceof ContentError) return fail(run, error.diagnostics);
    throw error;
  }
  const { config } = loaded;
  run.diagnostics.push(...loaded.warnings);
  if (options.baseUrl !== undefined) {
    try {
      const url = new URL(options.baseUrl);
      config.baseUrl = url.href.endsWith('/') ? url.href : `${url.href}/`;
    } catch {
      return fail(run, [diagnostic('error', 'ConfigInvalid', undefined, `--base-url "${options.baseUrl}" is not an absolute URL.`, 'Pass a URL such as https://example.com/blog/')]);
    }
  }
  const dirs = {
    posts: path.resolve(root, options.src ?? config.dirs.posts),
    pages: path.resolve(root, config.dirs.pages),
    static: path.resolve(root, config.dirs.static),
    templates: path.resolve(root, config.dirs.templates),
  };
  const nested = nestedFolders(dirs.posts, dirs.pages);
  if (nested) return fail(run, [nested]);
  const unsafe = checkOutputDir(outDir, [root, ...Object.values(dirs), path.resolve(root, config.dirs.comments)]) ?? checkOutputOwnership(outDir);
  if (unsafe) return fail(run, [unsafe]);
  const markdown = markdownOf(config, root, loaded);
  if ('problem' in markdown) return fail(run, [markdown.problem]);
  return { config, dirs, configFile: loaded.file, markdown };
}

/** The pages folder inside the posts folder (or the other way round) would read files twice. */
function nestedFolders(posts: string, pages: string): Diagnostic | undefined {
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);
  if (!inside(posts, pages) && !inside(pages, posts)) return undefined;
  return diagnostic('error', 'ConfigInvalid', { file: 'quire.config.yaml' },
    `The posts folder (${displayPath(posts)}) and the pages folder (${displayPath(pages)}) must be side by side, neither inside the other.`,
    'Set dirs.pages (default pages) and dirs.posts (default posts) to two separate folders.');
}

/**
 * The markdown pipeline's settings and their key: the markdown settings, and each plugin's
 * identity and options. A plugin that cannot be found is an error pointing at the config.
 */
function markdownOf(config: SiteConfig, root: string, loaded: LoadedConfig): Configured['markdown'] | { problem: Diagnostic } {
  const settings: PipelineSettings = { rawHtml: config.rawHtml, markdown: config.markdown, root };
  try {
    const plugins = pluginsKey(config.markdown, root, loaded.identify);
    const sanitize = JSON.stringify(config.markdown.sanitize, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
    return { settings, key: `rawHtml=${config.rawHtml}\0plugins=${plugins}\0sanitize=${sanitize}\0images=${JSON.stringify(config.images)}`, identify: loaded.identify };
  } catch (error) {
    if (!(error instanceof PluginLoadError)) throw error;
    return { problem: diagnostic('error', 'PluginMissing', { file: displayPath(loaded.file ?? path.join(root, 'quire.config.yaml')) }, error.message,
      `Install it in the site's folder (npm install ${error.plugin}), or remove it from markdown.remarkPlugins / rehypePlugins.`) };
  }
}
