/**
 * The render cache's pack files: renderings written by one process, read back by the next;
 * outdated renderings compacted away; packs of other running processes and unsaved bytes left
 * alone or dropped as they must be.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RenderedPost } from '../../../src/markdown/render-post.js';
import { RenderCache } from '../../../src/incremental/render-cache.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-render-cache-');
const rendering = (html: string): RenderedPost => ({ html, excerptHtml: '', hasMore: false, summary: '', words: 1, readingMinutes: 1, problems: [], deps: [] });
const inputs = (source: string, body: string) => ({ source, url: `/${source}/`, bodyLine: 4, bodyHash: body });
const packs = (dir: string) => readdirSync(path.join(dir, 'packs')).sort();

describe('RenderCache packs', () => {
  it('keeps every rendering readable across processes, and compacts a pack once most of it is outdated', () => {
    const dir = tempDir();
    const sources = Array.from({ length: 10 }, (_, i) => `post-${i}.md`);
    const all = new Set(sources);
    const first = new RenderCache(dir, 's');
    const hashes = sources.map((s) => first.put(first.key(inputs(s, 'v1')), s, rendering(`<p>${s} v1 — ü</p>\n`)));
    first.save(all, all);
    const firstPacks = packs(dir);
    expect(firstPacks).toHaveLength(1);

    // A new process reads them all back.
    const reader = new RenderCache(dir, 's');
    sources.forEach((s, i) => {
      const entry = reader.get(inputs(s, 'v1'), () => '');
      expect(entry?.htmlHash).toBe(hashes[i]);
      expect(reader.html(entry?.key as string, hashes[i] as string)).toBe(`<p>${s} v1 — ü</p>\n`);
    });
    // In the next, six of ten posts change: the first pack is mostly outdated, and its four
    // renderings still used move to a pack of their own beside the six new ones.
    const second = new RenderCache(dir, 's');
    for (const s of sources.slice(0, 6)) second.put(second.key(inputs(s, 'v2')), s, rendering(`<p>${s} v2</p>\n`));
    for (const s of sources.slice(6)) second.get(inputs(s, 'v1'), () => '');
    second.save(all, all);
    const after = packs(dir);
    expect(after).not.toContain(firstPacks[0]);
    expect(after).toHaveLength(2);
    const third = new RenderCache(dir, 's');
    for (const [i, s] of sources.entries()) {
      const entry = third.get(inputs(s, i < 6 ? 'v2' : 'v1'), () => '');
      expect(third.html(entry?.key as string, entry?.htmlHash as string)).toBe(i < 6 ? `<p>${s} v2</p>\n` : `<p>${s} v1 — ü</p>\n`);
    }
  });

  it('never serves damaged bytes, drops packs no index names, and leaves a running process\'s pack', () => {
    const dir = tempDir();
    const cache = new RenderCache(dir, 's');
    const key = cache.key(inputs('a.md', 'x'));
    const htmlHash = cache.put(key, 'a.md', rendering('<p>a</p>\n'));
    cache.save(new Set(['a.md']), new Set(['a.md']));
    const [pack] = packs(dir);
    writeFileSync(path.join(dir, 'packs', pack as string), '<s>damaged</s>');
    expect(new RenderCache(dir, 's').html(key, htmlHash)).toBeUndefined();

    // A killed build's pack (its process is gone, no index names it) goes; a live process's stays.
    writeFileSync(path.join(dir, 'packs', '999999999-dead-0.pack'), 'unsaved');
    writeFileSync(path.join(dir, 'packs', `${process.ppid}-running-0.pack`), 'being written');
    const later = new RenderCache(dir, 's');
    later.put(later.key(inputs('b.md', 'y')), 'b.md', rendering('<p>b</p>\n'));
    later.save(new Set(['b.md']), new Set(['b.md']));
    expect(existsSync(path.join(dir, 'packs', '999999999-dead-0.pack'))).toBe(false);
    expect(existsSync(path.join(dir, 'packs', `${process.ppid}-running-0.pack`))).toBe(true);
  });
});
