/**
 * Names longer than a file system allows (255 bytes): a long slug or tag is shortened and the
 * site builds; an alias that long is refused with its file and line. None crashes the build.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { slugify } from '../../src/content/slug.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const tempDir = useTempDirs('quire-long-names-');
const config = 'title: Long names\nbaseUrl: https://example.com/\n';
const longSlug = 'a-rather-long-slug-'.repeat(16);
const longTag = 'tag '.repeat(80);

describe('names too long for a file', () => {
  it('builds a post with a 300-byte slug, a long title and a long tag under shortened names', () => {
    const site = tempDir();
    writeFiles(site, {
      'quire.config.yaml': config,
      'posts/2024-01-01-slugged.md': `---\ntitle: Slugged\nslug: ${longSlug}\ntags: [${longTag}]\n---\nBody.\n`,
      'posts/2024-01-02-titled.md': `---\ntitle: ${'Über lange Titel '.repeat(20)}\nslug: ${'Über lange Titel '.repeat(20)}\n---\nBody.\n`,
    });
    const result = build({ root: site, out: 'dist', now: FIXED_NOW });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(existsSync(path.join(site, 'dist', '2024', '01', slugify(longSlug), 'index.html'))).toBe(true);
    expect(existsSync(path.join(site, 'dist', 'tags', slugify(longTag), 'rss.xml'))).toBe(true);
  });

  it('refuses an alias with a 300-byte part, naming the file and line, and writes nothing', () => {
    const site = tempDir();
    writeFiles(site, {
      'quire.config.yaml': config,
      'posts/2024-01-01-old.md': `---\ntitle: Old\naliases:\n  - /${'x'.repeat(300)}.html\n---\nBody.\n`,
    });
    const result = build({ root: site, out: 'dist', now: FIXED_NOW });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatchObject([{ code: 'InvalidField', severity: 'error', line: 3 }]);
    expect(path.resolve(site, result.diagnostics[0]?.file ?? '')).toBe(path.join(site, 'posts', '2024-01-01-old.md'));
    expect(existsSync(path.join(site, 'dist'))).toBe(false);
  });
});
