/**
 * Property test of escaping (issue 7): a post with a random title (and description and tag) is
 * built with the real templates, and no `<` from them reaches any page or XML feed unescaped:
 * every HTML and XML file holds exactly as many `<` as the same site built with a plain title,
 * and the title reads back exactly (once decoded) from the page's heading.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DomUtils, parseDocument } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { cleanText } from '../../src/content/read-post.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';
import { listTree } from '../support/tree.js';

const tempDir = useTempDirs('quire-prop-render-');
const NOW = Date.UTC(2025, 0, 1);

/** Text made of what breaks markup: tags, quotes, entities, CDATA ends, script closers, Liquid. */
const piece = fc.constantFrom(
  '<', '>', '&', '"', "'", '/', '\\', '`', '=', ' ', 'a', 'é', '😀', '日本', '\u2028', '\u0085', '\u0001', '<script>', '</script>', '<!--',
  '-->', ']]>', '<![CDATA[', '&lt;', '&#60;', '&amp;', '{{ site.title }}', '{% raw %}', '</title>', '<img src=x onerror=alert(1)>',
  'javascript:', '"><svg onload=alert(1)>', '\'; alert(1); //',
);
const hostile = fc.oneof(fc.string({ unit: piece, minLength: 1, maxLength: 12 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }));

/** Counts `<` in every page and XML feed. */
function angleCounts(out: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of listTree(out).filter((f) => /\.(html|xml)$/.test(f))) {
    counts[file] = (readFileSync(path.join(out, file), 'utf8').match(/</g) ?? []).length;
  }
  return counts;
}

/** A post whose title, description and tag are given as YAML double-quoted strings (JSON's escapes are YAML's). */
function post(title: string, description: string, tag: string): string {
  return `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-05-01\nslug: post\ndescription: ${JSON.stringify(description)}\ntags: [${JSON.stringify(tag)}]\n---\n\nThe body.\n`;
}

describe('a random title, description and tag', () => {
  let site: string;
  let out: string;
  let baseline: Record<string, number>;
  beforeAll(() => {
    site = tempDir();
    out = path.join(site, 'dist');
    writeFiles(site, {
      'quire.config.yaml': 'title: Property\nbaseUrl: https://example.com/\n',
      'posts/post.md': post('Plain', 'Plain', 'other-tag'),
      'posts/other.md': '---\ntitle: Other\ndate: 2024-04-01\ntags: [plain]\n---\n\nAnother post, so the title shows in listings and links.\n',
    });
    expect(build({ root: site, now: NOW }).ok).toBe(true);
    baseline = angleCounts(out);
  }, 60_000);

  it('never adds a < to any page or feed, and reads back exactly from the page', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (title, description, tag) => {
        const cleanTitle = cleanText(title).trim();
        const cleanTag = cleanText(tag).trim();
        // Titles and tags with nothing left after cleaning are errors or dropped: covered elsewhere.
        fc.pre(cleanTitle !== '' && cleanTag !== '' && cleanTag.normalize('NFC').toLowerCase() !== 'plain');
        writeFileSync(path.join(site, 'posts', 'post.md'), post(title, description, tag));
        const result = build({ root: site, now: NOW });
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const counts = angleCounts(out);
        // The tag's pages and feeds take the place of the baseline's other tag, under another slug:
        // compare those as a set of counts, and every other file by name.
        const split = (c: Record<string, number>) => ({
          named: Object.fromEntries(Object.entries(c).filter(([f]) => !/^tags\/[^/]+\//.test(f))),
          tagPages: Object.entries(c).filter(([f]) => /^tags\/[^/]+\//.test(f)).map(([f, n]) => `${path.posix.basename(f)} ${n}`).sort(),
        });
        expect(split(counts)).toEqual(split(baseline));
        const doc = parseDocument(readFileSync(path.join(out, '2024/05/post/index.html'), 'utf8'), { decodeEntities: true });
        const h1 = DomUtils.getElementsByTagName('h1', doc)[0];
        expect(h1 && DomUtils.textContent(h1)).toBe(cleanTitle);
        const ld = DomUtils.getElementsByTagName('script', doc);
        expect(ld).toHaveLength(1);
        expect((JSON.parse(DomUtils.textContent(ld[0] as never)) as { headline: string }).headline).toBe(cleanTitle);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
