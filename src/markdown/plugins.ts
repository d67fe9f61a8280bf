import { hash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unified, type Processor } from 'unified';
import type { PluginEntry, PluginRef } from '../config/site-config.js';
import { packageOf } from '../package-version.js';
import type { NativeSyntax } from './parser.js';

type Attacher = (this: Processor, ...args: unknown[]) => unknown;

/** A site plugin, loaded: what to call it in messages, the attacher and its options. */
export interface LoadedPlugin {
  name: string;
  attacher: Attacher;
  options: unknown;
  /** What it is for cache keys: `package@version`, or a hash of its source. */
  id: string;
}

/** A plugin named in the config that cannot be loaded. */
export class PluginLoadError extends Error {
  constructor(readonly plugin: string, message: string) {
    super(message);
  }
}

/** Thrown (wrapped around the plugin's own error) when a plugin fails on a post. */
export class PluginRunError extends Error {
  constructor(readonly plugin: string, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

type Identify = (fn: (...args: never[]) => unknown) => string;

/**
 * Loads the plugins a config lists. A name is resolved from the site's folder as Node resolves
 * an import there (`remark-math`, `./plugins/shout.js`), loaded with `require` (Node loads
 * ES modules that way too), so every thread gets them without waiting.
 */
export function loadPlugins(entries: readonly PluginEntry[], root: string, identify: Identify): LoadedPlugin[] {
  const require = requireFrom(root);
  return entries.map((entry) => {
    const [ref, options] = split(entry);
    if (typeof ref === 'function') return { name: ref.name || 'an unnamed plugin', attacher: ref as unknown as Attacher, options, id: identify(ref) };
    const file = resolvePlugin(ref, root);
    let exports: unknown;
    try {
      exports = require(file);
    } catch (error) {
      throw new PluginLoadError(ref, `The plugin "${ref}" failed to load: ${(error as Error).message.split('\n')[0]}`);
    }
    const attacher = typeof exports === 'function' ? exports : (exports as { default?: unknown } | undefined)?.default;
    if (typeof attacher !== 'function') throw new PluginLoadError(ref, `"${ref}" has no default export that is a plugin function.`);
    return { name: ref, attacher: attacher as Attacher, options, id: namedId(ref, file) };
  });
}

/**
 * What the plugins are, for the render cache key, without loading them (a build whose posts are
 * all cached never loads a plugin): each one's identity (`package@version`, or a hash of a local
 * file or of a function's source) and its options, in order. Options are written out with
 * functions as their source and regular expressions as their text, which `JSON.stringify` drops.
 */
export function pluginsKey(markdown: { remarkPlugins: readonly PluginEntry[]; rehypePlugins: readonly PluginEntry[] }, root: string, identify: Identify): string {
  const describe = (list: readonly PluginEntry[]) => list.map((entry) => {
    const [ref, options] = split(entry);
    return [typeof ref === 'function' ? identify(ref) : namedId(ref, resolvePlugin(ref, root)), stableOptions(options)];
  });
  return hash('sha256', JSON.stringify([describe(markdown.remarkPlugins), describe(markdown.rehypePlugins)]));
}

function split(entry: PluginEntry): [PluginRef, unknown] {
  return (Array.isArray(entry) ? [entry[0], entry[1]] : [entry, undefined]) as [PluginRef, unknown];
}

function requireFrom(root: string): NodeJS.Require {
  return createRequire(path.join(root, 'quire.config.js'));
}

function resolvePlugin(ref: string, root: string): string {
  try {
    return requireFrom(root).resolve(ref);
  } catch {
    throw new PluginLoadError(ref, `The plugin "${ref}" is not installed in the site's folder.`);
  }
}

/** A named plugin's identity: its package and version, or for a local file, a hash of the file. */
function namedId(ref: string, file: string): string {
  const pkg = ref.startsWith('.') || path.isAbsolute(ref) ? undefined : packageOf(file);
  return pkg ? `${pkg.name}@${pkg.version}` : `file:${hash('sha256', readFileSync(file))}`;
}

function stableOptions(value: unknown): unknown {
  if (typeof value === 'function') return `fn:${String(value)}`;
  if (value instanceof RegExp) return `re:${String(value)}`;
  if (Array.isArray(value)) return value.map(stableOptions);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stableOptions((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Plugins whose syntax satteri parses itself, by the name their package gives the attacher. */
const nativeSyntax: Record<string, (options: unknown) => NativeSyntax> = {
  remarkMath: (options) => ({ math: { singleDollarTextMath: (options as { singleDollarTextMath?: boolean } | undefined)?.singleDollarTextMath !== false } }),
};

/**
 * What the remark plugins need of the parser: the native syntax they add, or the first plugin
 * that adds markdown syntax satteri does not have (then remark-parse must read the posts, with
 * that plugin's micromark extension).
 */
export function syntaxOf(plugins: readonly LoadedPlugin[]): { native: NativeSyntax } | { needsRemark: string } {
  const native: NativeSyntax = {};
  for (const plugin of plugins) {
    const probe = unified().use(plugin.attacher as never, plugin.options).freeze();
    const extensions = (probe.data('micromarkExtensions') as unknown[] | undefined)?.length ?? 0;
    if (extensions === 0) continue;
    const known = nativeSyntax[plugin.attacher.name];
    if (!known) return { needsRemark: plugin.name };
    Object.assign(native, known(plugin.options));
  }
  return { native };
}

/**
 * Uses a plugin on a processor with its transformer wrapped, so an error thrown on a post names
 * the plugin. The attacher runs with the processor as `this`, as unified runs it.
 */
export function useWrapped(processor: Processor, plugin: LoadedPlugin): void {
  function wrapped(this: Processor, ...args: unknown[]): unknown {
    const transformer = plugin.attacher.apply(this, args);
    if (typeof transformer !== 'function') return transformer;
    return (...run: unknown[]) => {
      try {
        return (transformer as (...a: unknown[]) => unknown)(...run);
      } catch (error) {
        throw new PluginRunError(plugin.name, error);
      }
    };
  }
  Object.defineProperty(wrapped, 'name', { value: plugin.attacher.name });
  processor.use(wrapped as never, plugin.options);
}
