/**
 * The feeds of a site with no published posts: Atom's required `updated` (and RSS's
 * `lastBuildDate`) say when the feed took its present form, not 1970, and stay byte for byte the
 * same over rebuilds while nothing they show changes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const tempDir = useTempDirs('quire-empty-feeds-');
const day = 24 * 60 * 60 * 1000;

describe('the feeds of a site without posts', () => {
  it('are dated by the build that first wrote them, and kept as they are until they change', () => {
    const site = tempDir();
    writeFiles(site, {
      'quire.config.yaml': 'title: Empty\nbaseUrl: https://example.com/\n',
      'posts/2024-01-01-draft.md': '---\ntitle: Not yet\ndraft: true\n---\nBody.\n',
    });
    const read = (file: string) => readFileSync(path.join(site, 'dist', file), 'utf8');
    expect(build({ root: site, out: 'dist', now: FIXED_NOW }).ok).toBe(true);
    const atom = read('atom.xml');
    expect(atom).toContain('<updated>2025-06-01T12:00:00Z</updated>');
    expect(atom).not.toContain('<entry>');
    expect(read('rss.xml')).toContain('<lastBuildDate>Sun, 01 Jun 2025 12:00:00 GMT</lastBuildDate>');
    const json = JSON.parse(read('feed.json')) as Record<string, unknown>;
    expect(json.items).toEqual([]);
    expect(JSON.stringify(json)).not.toMatch(/1970/);

    // A day later, nothing the feeds show has changed: the same bytes.
    expect(build({ root: site, out: 'dist', now: FIXED_NOW + day }).ok).toBe(true);
    expect(read('atom.xml')).toBe(atom);
    expect(build({ root: site, out: 'dist', now: FIXED_NOW + day, cache: false }).ok).toBe(true);
    expect(read('atom.xml')).toBe(atom);

    // The title changed: the feed did too, now.
    writeFiles(site, { 'quire.config.yaml': 'title: Still empty\nbaseUrl: https://example.com/\n' });
    expect(build({ root: site, out: 'dist', now: FIXED_NOW + 2 * day }).ok).toBe(true);
    expect(read('atom.xml')).toContain('<updated>2025-06-03T12:00:00Z</updated>');
  });
});
