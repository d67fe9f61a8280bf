import path from 'node:path';
import type { Liquid } from 'liquidjs';
import type { RenderFile } from '../render/compiled-templates.js';
import type { SiteModel } from '../site/build-site.js';
import type { ImageFactsMemo } from './file-stamps.js';
import { KeyMemo } from './page-keys.js';
import { ReadCache } from './read-cache.js';
import { RenderCache } from './render-cache.js';

/**
 * What a watching process keeps between builds: parsed posts (in memory only), and the render
 * cache with its index loaded (still persisted, for the next process). Without it, each build
 * loads the persistent caches from the cache folder. Every cache states its key where it is
 * made: below, and in each file of this folder.
 */
export interface BuildCaches {
  read: ReadCache;
  /** The pages folder's read cache (its listing is never trusted: a site has few pages). */
  pages?: ReadCache;
  render?: RenderCache;
  /** Key: the templates folder and `templates.key`. The template engine and its compiled templates. */
  templates?: { dir: string; key: string; engine: Liquid; renderFile: RenderFile };
  /**
   * Key: `siteKey`, the hash of everything the model is made from (`modelKey`). A model made
   * anew reuses this one's placements (see `Placement`) where they still hold.
   */
  model?: { siteKey: string; model: SiteModel };
  /** Page keys of the last build, reused where a page's data did not change. */
  keys?: KeyMemo;
  /** The images' sizes and formats, as their headers gave them (see `ImageFactsMemo`). */
  imageFacts?: ImageFactsMemo;
  /** The bodies' text for their search records (see `SearchTextMemo`). */
  searchTexts?: SearchTextMemo;
}

/**
 * The text of each body as its search record takes it, kept by a watching process: a save
 * indexes its shard again, and reading some 2,450 bodies back from the render cache and taking
 * their tags out held each save at 10,000 posts back by about 250 ms.
 * Key: the document's source path. Invalid: when the hash of its body's HTML differs.
 */
export type SearchTextMemo = Map<string, { bodyKey: string; text: Buffer }>;

/**
 * `make()`, answered from `memo` while the body's hash is `bodyKey`. Kept as UTF-8 outside the
 * JavaScript heap: at 10,000 posts the text is 54 million characters, most of it in strings of
 * two bytes a character (a word of CJK or a dash makes a whole string so), about 105 MB.
 */
export function rememberedText(memo: SearchTextMemo, source: string, bodyKey: string, make: () => string): string {
  const kept = memo.get(source);
  if (kept?.bodyKey === bodyKey) return kept.text.toString('utf8');
  const text = make();
  memo.set(source, { bodyKey, text: Buffer.from(text, 'utf8') });
  return text;
}

/**
 * The read cache of one folder (`which`: posts or pages), for `scope` (see `ReadCache`); the
 * watching process's own, or one loaded from `cacheDir`. Undefined with the cache off.
 */
export function readCacheFor(cacheDir: string | undefined, which: 'posts' | 'pages', scope: string, caches: BuildCaches | undefined): ReadCache | undefined {
  if (cacheDir === undefined) return undefined;
  const cache = (which === 'posts' ? caches?.read : caches?.pages) ?? new ReadCache(path.join(cacheDir, which), scope);
  if (caches && which === 'pages') caches.pages = cache;
  cache.useScope(scope);
  return cache;
}

/** The site model for `siteKey`: last build's while the key is the same, else `make()`, given last build's placements. */
export function keptModel(caches: BuildCaches | undefined, siteKey: string, make: (placed: SiteModel['placements'] | undefined) => SiteModel): SiteModel {
  const kept = caches?.model;
  const model = kept?.siteKey === siteKey ? kept.model : make(kept?.model.placements);
  if (caches) caches.model = { siteKey, model };
  return model;
}

/** The site's render cache: the one a watching process keeps, while it suits the settings. */
export function renderCacheFor(cacheDir: string, settings: string, caches: BuildCaches | undefined): RenderCache {
  const dir = path.join(cacheDir, 'render');
  const kept = caches?.render;
  if (kept && kept.dir === dir && kept.settings === settings) return kept;
  const cache = new RenderCache(dir, settings);
  if (caches) caches.render = cache;
  return cache;
}

/** The compiled templates of `dir` under `key`: the kept ones while both are the same, else `make()`. */
export function keptTemplates(caches: BuildCaches | undefined, dir: string, key: string, make: () => NonNullable<BuildCaches['templates']>): NonNullable<BuildCaches['templates']> {
  const kept = caches?.templates;
  const templates = kept && kept.dir === dir && kept.key === key ? kept : make();
  if (caches) caches.templates = templates;
  return templates;
}

/** Page keys of the last build: kept in memory while watching, else loaded from `file` (none with the cache off). */
export function pageKeysFor(caches: BuildCaches | undefined, file: string | undefined, version: string): KeyMemo | undefined {
  const load = () => (file ? KeyMemo.load(file, version) : new KeyMemo());
  return caches ? (caches.keys ??= load()) : file ? load() : undefined;
}
