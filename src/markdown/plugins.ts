import { hash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PluginEntry, PluginRef } from '../config/site-config.js';
import { packageOf } from '../package-version.js';

/** A unified attacher: called with the processor as `this`. */
export type Attacher = (this: unknown, ...args: unknown[]) => unknown;

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

