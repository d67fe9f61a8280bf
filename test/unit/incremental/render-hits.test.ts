import { describe, expect, it } from 'vitest';
import { keepRenderHits, lastRenderHits, metaOf } from '../../../src/incremental/render-hits.js';
import type { CachedRendering } from '../../../src/incremental/render-cache.js';
import { buildSite } from '../../../src/site/build-site.js';
import { FIXED_NOW } from '../../support/clock.js';
import { makeConfig } from '../../support/factories.js';

const modelOf = () => buildSite([], makeConfig(), { drafts: false, now: FIXED_NOW }).site;

describe('render hits of a model', () => {
  it('are kept for that model only', () => {
    const site = modelOf();
    const hits = { cache: undefined, refs: [{ hash: 'h', offset: 0 }], hits: [undefined] };
    expect(lastRenderHits(site)).toBeUndefined();
    keepRenderHits(site, hits);
    expect(lastRenderHits(site)).toBe(hits);
    expect(lastRenderHits(modelOf())).toBeUndefined();
  });
});

describe('metaOf', () => {
  const entry = (): CachedRendering => ({
    key: 'k', htmlHash: 'x', source: 'posts/a.md', pack: 'p.pack', offset: 10, length: 20,
    excerptHtml: '<p>Hi</p>', hasMore: false, summary: 'Hi', words: 1, readingMinutes: 1, problems: [], deps: [],
  });

  it('is the entry without what only the cache needs', () => {
    expect(metaOf(entry())).toEqual({ excerptHtml: '<p>Hi</p>', hasMore: false, summary: 'Hi', words: 1, readingMinutes: 1, problems: [], deps: [] });
  });

  it('is the same object for the same entry, and another for another entry', () => {
    const one = entry();
    expect(metaOf(one)).toBe(metaOf(one));
    expect(metaOf(entry())).not.toBe(metaOf(one));
  });
});
