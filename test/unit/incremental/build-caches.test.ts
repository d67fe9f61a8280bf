import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptModel, keptTemplates, pageKeysFor, readCacheFor, renderCacheFor, type BuildCaches } from '../../../src/incremental/build-caches.js';
import { ReadCache } from '../../../src/incremental/read-cache.js';
import { buildSite, type SiteModel } from '../../../src/site/build-site.js';
import { FIXED_NOW } from '../../support/clock.js';
import { makeConfig, makePost } from '../../support/factories.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-build-caches-');
const caches = (): BuildCaches => ({ read: new ReadCache(undefined, '') });
const model = (placed?: SiteModel['placements']): SiteModel =>
  buildSite([makePost({ title: 'One', date: '2024-01-01', slug: 'one' })], makeConfig(), { drafts: false, now: FIXED_NOW, placed });

describe('keptModel', () => {
  it('gives the last model while its key is the same, and makes none', () => {
    const kept = caches();
    const made: Array<SiteModel['placements'] | undefined> = [];
    const make = (placed: SiteModel['placements'] | undefined) => (made.push(placed), model(placed));
    const first = keptModel(kept, 'a', make);
    expect(keptModel(kept, 'a', make)).toBe(first);
    expect(made).toEqual([undefined]);
  });

  it('makes a model for another key, handing it the last model\'s placements', () => {
    const kept = caches();
    const first = keptModel(kept, 'a', () => model());
    let given: SiteModel['placements'] | undefined;
    const second = keptModel(kept, 'b', (placed) => ((given = placed), model(placed)));
    expect(second).not.toBe(first);
    expect(given).toBe(first.placements);
    expect(kept.model).toEqual({ siteKey: 'b', model: second });
  });

  it('keeps nothing without caches (a one-off build)', () => {
    let calls = 0;
    keptModel(undefined, 'a', () => (calls++, model()));
    keptModel(undefined, 'a', () => (calls++, model()));
    expect(calls).toBe(2);
  });
});

describe('keptTemplates', () => {
  const templates = (key: string) => ({ dir: '/t', key, engine: {} as never, renderFile: (() => '') as never });

  it('reuses the engine while folder and key are the same', () => {
    const kept = caches();
    const first = keptTemplates(kept, '/t', 'k1', () => templates('k1'));
    expect(keptTemplates(kept, '/t', 'k1', () => templates('k1'))).toBe(first);
    const second = keptTemplates(kept, '/t', 'k2', () => templates('k2'));
    expect(second).not.toBe(first);
    expect(keptTemplates(kept, '/other', 'k2', () => ({ ...templates('k2'), dir: '/other' }))).not.toBe(second);
  });
});

describe('renderCacheFor, readCacheFor and pageKeysFor', () => {
  it('keep one render cache while its folder and settings are the same', () => {
    const dir = tempDir();
    const kept = caches();
    const first = renderCacheFor(dir, 's1', kept);
    expect(renderCacheFor(dir, 's1', kept)).toBe(first);
    expect(renderCacheFor(dir, 's2', kept)).not.toBe(first);
    expect(renderCacheFor(dir, 's1', undefined)).not.toBe(renderCacheFor(dir, 's1', undefined));
  });

  it('give the watching process\'s read caches, and none with the cache off', () => {
    const dir = tempDir();
    const kept = caches();
    expect(readCacheFor(dir, 'posts', 'zone', kept)).toBe(kept.read);
    const pages = readCacheFor(dir, 'pages', 'zone', kept);
    expect(readCacheFor(dir, 'pages', 'zone', kept)).toBe(pages);
    expect(readCacheFor(undefined, 'posts', 'zone', kept)).toBeUndefined();
    expect(readCacheFor(dir, 'posts', 'zone', undefined)).not.toBe(kept.read);
  });

  it('keep page keys in memory while watching, and load none with the cache off', () => {
    const kept = caches();
    const file = path.join(tempDir(), 'keys.bin');
    const first = pageKeysFor(kept, file, 'v');
    expect(pageKeysFor(kept, file, 'v')).toBe(first);
    expect(pageKeysFor(undefined, undefined, 'v')).toBeUndefined();
    expect(pageKeysFor(undefined, file, 'v')).not.toBe(first);
  });
});
