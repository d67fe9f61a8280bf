import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ContentError, diagnostic } from '../diagnostics/diagnostic.js';
import { packageOf } from '../package-version.js';

/** Config files written in code, looked for before the data formats. */
export const codeConfigNames = ['quire.config.ts', 'quire.config.mts', 'quire.config.mjs', 'quire.config.js'];

export function isCodeConfig(file: string): boolean {
  return /\.(ts|mts|cts|mjs|cjs|js)$/.test(file);
}

type AnyFunction = (...args: never[]) => unknown;

/** A function's identity when no package exports it: its name and a hash of its source text. */
export function sourceIdentity(fn: AnyFunction): string {
  return `fn:${fn.name}:${hash('sha256', String(fn))}`;
}

/**
 * Loads a config written in TypeScript or JavaScript, synchronously, so every build path (and
 * every render worker) loads it the same way.
 *
 * jiti rather than a loader of our own: it compiles TypeScript, keeps a compiled copy on disk,
 * and loads packages with Node's own `require` (`tryNative`), so a plugin package is the very
 * module an `import` in the config would give. The config file itself is evaluated from its
 * text each time (`evalModule`), so a watching process sees every edit of it.
 */
export function loadCodeConfig(file: string, shown: string): { value: unknown; identify: (fn: AnyFunction) => string } {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ContentError([diagnostic('error', 'ConfigUnreadable', { file: shown }, `Cannot read the config file: ${(error as Error).message}`)]);
  }
  // Loaded only for a config in code: a build from a YAML config never pays for it.
  const { createJiti } = createRequire(import.meta.url)('jiti') as typeof import('jiti');
  const jiti = createJiti(file, { moduleCache: false, tryNative: true, interopDefault: true });
  let exports: unknown;
  try {
    exports = jiti.evalModule(source, { filename: file, ext: path.extname(file), async: false });
  } catch (error) {
    throw new ContentError([moduleFailure(error, shown)]);
  }
  const value = exports && typeof exports === 'object' && 'default' in exports ? (exports as { default: unknown }).default : exports;
  return { value, identify: identifier(file, source) };
}

/** A config module that fails to load, with the place its error names in the file when there is one. */
function moduleFailure(error: unknown, shown: string) {
  const message = error instanceof Error ? error.message : String(error);
  const where = /:(\d+):(\d+)\)?\s*$/m.exec(error instanceof Error ? (error.stack ?? '') : '');
  const place = { file: shown, ...(where ? { line: Number(where[1]), column: Number(where[2]) } : {}) };
  const missing = /Cannot find (module|package) '([^']+)'/.exec(message);
  return diagnostic('error', 'ConfigModule', place, `The config module failed to load: ${message.split('\n')[0]}`,
    missing ? `Install it in the site's folder: npm install ${missing[2]}` : 'Run it alone to see the whole error: node --import jiti/register quire.config.ts');
}

/** Import specifiers a module names (static imports, re-exports, `import()` and `require()`). */
function specifiersOf(source: string): string[] {
  const found = new Set<string>();
  const pattern = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) found.add((match[1] ?? match[2] ?? match[3]) as string);
  return [...found];
}

/**
 * Tells what a function in the config is: the export of a package it imports (`name@version`,
 * found by identity among that package's exports, which Node's module cache shares with the
 * config), else its source text, with the text of every local file the config imports (a local
 * plugin's helpers live there).
 */
function identifier(file: string, source: string): (fn: AnyFunction) => string {
  const require = createRequire(file);
  const known = new Map<unknown, string>();
  const local: string[] = [];
  for (const spec of specifiersOf(source)) {
    if (spec.startsWith('node:')) continue;
    if (spec.startsWith('.') || spec.startsWith('/')) {
      for (const candidate of [spec, `${spec}.ts`, `${spec}.js`, `${spec}.mjs`]) {
        try {
          local.push(readFileSync(path.resolve(path.dirname(file), candidate), 'utf8'));
          break;
        } catch {
          // Not this spelling of the file; the next one, or none.
        }
      }
      continue;
    }
    try {
      const resolved = require.resolve(spec);
      const pkg = packageOf(resolved);
      const exports = require(resolved) as Record<string, unknown> | undefined;
      const id = pkg ? `${pkg.name}@${pkg.version}` : `${spec}:${hash('sha256', readFileSync(resolved))}`;
      if (typeof exports === 'function') known.set(exports, id);
      for (const [name, value] of Object.entries(exports ?? {})) {
        if (typeof value === 'function' && !known.has(value)) known.set(value, name === 'default' ? id : `${id}#${name}`);
      }
    } catch {
      // A package that cannot be loaded by `require` is named by its functions' source instead.
    }
  }
  const locals = hash('sha256', local.join('\0'));
  return (fn) => known.get(fn) ?? `${sourceIdentity(fn)}:${locals}`;
}
