import type { BodyRef } from '../content/body-ref.js';
import type { RenderedPost } from '../markdown/render-post.js';
import type { Site } from '../site/build-site.js';
import type { CachedRendering, RenderCache } from './render-cache.js';

/**
 * Key: the site model (by identity), the render cache, and each document's read (`BodyRef`, a
 * new one each time its file is read). Invalid: for any document whose read differs; a kept
 * hit is still checked by `RenderCache.reuse`. Which cache entry each document of a model used
 * last build: a watching process whose model did not change need not look them up again.
 */
export interface RenderHits {
  cache: RenderCache | undefined;
  refs: Array<BodyRef | undefined>;
  hits: Array<CachedRendering | undefined>;
}
/** Key: the model (by identity). Invalid: per document, as `RenderHits` says. */
const lastHits = new WeakMap<Site, RenderHits>();

export function lastRenderHits(site: Site): RenderHits | undefined {
  return lastHits.get(site);
}

export function keepRenderHits(site: Site, hits: RenderHits): void {
  lastHits.set(site, hits);
}

/**
 * Key: the cache entry (by identity). Invalid: with the entry. A cached rendering without what
 * only the cache needs, the same object for the same entry: a watching process then hands
 * listings the same summaries build after build (see `summarise`).
 */
const metas = new WeakMap<CachedRendering, Omit<RenderedPost, 'html'>>();
export function metaOf(entry: CachedRendering): Omit<RenderedPost, 'html'> {
  let meta = metas.get(entry);
  if (!meta) {
    const { key: _key, htmlHash: _htmlHash, source: _source, pack: _pack, offset: _offset, length: _length, ...rest } = entry;
    meta = rest;
    metas.set(entry, meta);
  }
  return meta;
}
