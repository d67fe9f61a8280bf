import { defaultConfig, type SearchConfig } from './site-config.js';
import { describe, isRecord } from './values.js';

type Fail = (path: string, message: string, hint?: string) => void;

const keys = ['external'];
const example = 'search: { external: "https://duckduckgo.com/?sites=example.com" }';

/**
 * `search: false`, or `search: { external }` over the defaults. `external` is the search engine
 * the box submits to when the reader's browser runs no JavaScript: its address with the fixed
 * parameters in its query (`?sites=example.com`); the words go in `q`.
 */
export function readSearch(raw: unknown, fail: Fail): SearchConfig | false {
  const defaults = defaultConfig.search as SearchConfig;
  if (raw === false) return false;
  if (raw === true) return defaults;
  if (!isRecord(raw)) {
    fail('search', `"search" must be true, false or a mapping, not ${describe(raw)}.`, `${example}, or search: false for no search box.`);
    return defaults;
  }
  const search: SearchConfig = { ...defaults };
  for (const key of Object.keys(raw)) {
    if (!keys.includes(key)) fail(`search.${key}`, `Unknown key "search.${key}".`, `"search" has ${keys.join(', ')}.`);
  }
  if (raw.external !== undefined) {
    const url = typeof raw.external === 'string' ? parseHttp(raw.external) : undefined;
    if (url) search.external = url.href;
    else fail('search.external', `"search.external" must be an http(s) address, not ${describe(raw.external)}.`, example);
  }
  return search;
}

function parseHttp(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
