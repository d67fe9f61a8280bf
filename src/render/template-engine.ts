import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid, type FilterImplOptions } from 'liquidjs';
import type { TemplatesConfig } from '../config/site-config.js';

/** The default theme shipped with quire. */
export const builtinTemplatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * Creates the LiquidJS engine. Templates are looked up in the site's own templates folder first,
 * then in the default theme, so a site overrides any template by giving a file the same name.
 *
 * Security: every `{{ output }}` is HTML-escaped unless a template asks for `| raw`, which the
 * default theme does only for HTML that quire itself rendered and sanitized.
 */
export function createTemplateEngine(siteTemplatesDir: string | undefined, extensions: TemplatesConfig = { filters: {}, tags: {} }): Liquid {
  const roots = [siteTemplatesDir, builtinTemplatesDir]
    .filter((dir): dir is string => dir !== undefined && existsSync(dir))
    .map((dir) => path.resolve(dir))
    .filter((dir, i, all) => all.indexOf(dir) === i);
  const engine = new Liquid({
    root: roots,
    partials: roots,
    layouts: roots,
    extname: '.liquid',
    outputEscape: 'escape',
    strictFilters: true,
    cache: true,
    greedy: false,
  });
  // The site's own filters and tags. The compiled renderer leaves any template using them to LiquidJS.
  for (const [name, filter] of Object.entries(extensions.filters)) engine.registerFilter(name, filter as FilterImplOptions);
  for (const [name, tag] of Object.entries(extensions.tags)) engine.registerTag(name, tag as Parameters<Liquid['registerTag']>[1]);
  return engine;
}

const scriptUnsafe = /[<>&\u2028\u2029]/;
const scriptUnsafeAll = /[<>&\u2028\u2029]/g;
const scriptEscapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * Serialises data for a `<script type="application/ld+json">` element: `<`, `>` and `&` are
 * escaped as JSON unicode escapes, so no value (a title holding `</script>`) can end the element.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  // One scan, and none at all for the usual JSON without any of them.
  return scriptUnsafe.test(json) ? json.replace(scriptUnsafeAll, (c) => scriptEscapes[c] as string) : json;
}

/**
 * A hash of every file in the template folders (site first, then the default theme), so that
 * editing any template, partial or stylesheet changes the key of every page.
 */
export function templatesKey(siteTemplatesDir: string | undefined): string {
  const hash = createHash('sha256');
  for (const dir of [siteTemplatesDir, builtinTemplatesDir]) {
    if (dir === undefined || !existsSync(dir)) continue;
    const walk = (current: string, rel: string): void => {
      for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(current, entry.name);
        if (entry.isDirectory()) walk(full, `${rel}${entry.name}/`);
        else if (entry.isFile()) hash.update(`${dir}\0${rel}${entry.name}\0`).update(readFileSync(full));
      }
    };
    walk(dir, '');
  }
  return hash.digest('hex');
}

/** Whether the site's templates or the default theme have a template of this name (`wide` → `wide.liquid`). */
export function hasTemplate(engine: Liquid, name: string): boolean {
  const roots = engine.options.root;
  return roots.some((dir) => existsSync(path.join(dir, `${name}.liquid`)));
}
