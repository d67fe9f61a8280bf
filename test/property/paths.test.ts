/**
 * Property tests of the path logic (issue 7): whatever slug, file name, tag, alias or permalink
 * pattern an author writes, every file the build would write resolves inside the output folder,
 * and two posts never share one.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFileName } from '../../src/content/file-name.js';
import { readPost } from '../../src/content/read-post.js';
import { slugify } from '../../src/content/slug.js';
import { buildSite } from '../../src/site/build-site.js';
import { locate, postPath, safeSitePath } from '../../src/site/permalinks.js';
import { collectTags } from '../../src/site/tags.js';
import { makeConfig, makePost } from '../support/factories.js';

const out = path.resolve('/srv/site/dist');
const inside = (relative: string): boolean => {
  const full = path.resolve(out, relative);
  return full.startsWith(out + path.sep) && !relative.includes('\\') && !relative.includes('\0');
};

/** Pieces that path attacks are made of, mixed with ordinary and non-Latin text. */
const hostilePiece = fc.constantFrom(
  '..', '.', '/', '\\', '%2e', '%2E', '%2f', '%2F', '%5c', '%252e', '%00', '\0', '~', '//', 'C:', 'c:\\', ':', '?', '#', '*',
  'con', 'NUL', 'com1', 'lpt9', 'aux.html', ' ', '\t', '\n', '-', '_', '&', '+', '@', 'a', 'Z', '9', 'é', 'İ', 'ß', '日本', '👩‍💻',
  '\u202e', '\u200b', '\uFEFF', 'index.html', 'rss.xml', '.html', 'file:', 'javascript:', 'http://x/',
);
const hostileText = fc.oneof(
  fc.string({ unit: hostilePiece, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

describe('slugify', () => {
  it('gives one safe segment or nothing, whatever the text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const slug = slugify(text);
        expect(slug).toMatch(/^[\p{L}\p{N}\p{M}-]*$/u);
        expect(slug).not.toMatch(/^-|-$|--/);
        expect(slug).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/);
        if (slug !== '') expect(inside(`tags/${slug}/index.html`)).toBe(true);
        expect(path.posix.normalize(`a/${slug}`)).toBe(slug === '' ? 'a/' : `a/${slug}`);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('file names', () => {
  it('give a slug that stays one segment, and readPost never throws on them', () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), (name, bundle) => {
        const source = bundle ? `${name}/index.md` : `${name}.md`;
        const parts = parseFileName(source);
        expect(slugify(parts.slug)).not.toMatch(/[/\\.%]/);
        const result = readPost('---\ntitle: T\ndate: 2024-01-01\n---\n\nBody.\n', source, `posts/${source}`, { timeZone: 'UTC' });
        if (result.post) expect(result.post.slug).not.toMatch(/[/\\.%]/);
        else expect(result.diagnostics.map((d) => d.code)).toContain('InvalidSlug');
      }),
      { numRuns: 500 },
    );
  });
});

describe('postPath', () => {
  const pattern = fc.constantFrom('/:year/:month/:slug/', '/:year/:month/:day/:slug/', '/posts/:slug/', '/:slug/', '/blog/:year/:slug/');
  const date = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
  it('writes every post inside the output folder', () => {
    fc.assert(
      fc.property(pattern, date, hostileText, fc.constantFrom('/', '/blog/', '/a/b/'), (p, iso, text, base) => {
        const slug = slugify(text) || 'post';
        const where = locate(base, postPath(p, { date: iso, slug }));
        expect(inside(where.outputPath), where.outputPath).toBe(true);
        expect(where.outputPath.endsWith('/index.html')).toBe(true);
        expect(where.url.startsWith(base)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('safeSitePath', () => {
  it('refuses an alias or gives a path inside the output folder, without .. or Windows-reserved names', () => {
    fc.assert(
      fc.property(hostileText, (alias) => {
        const safe = safeSitePath(alias);
        if (safe === undefined) return;
        const { outputPath } = locate('/', safe);
        expect(inside(outputPath), outputPath).toBe(true);
        const segments = outputPath.split('/');
        expect(segments.every((s) => s !== '' && s !== '.' && s !== '..' && !/[. ]$/.test(s))).toBe(true);
        expect(segments.some((s) => /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(s))).toBe(false);
        expect(outputPath).not.toMatch(/[\\:*?"<>|\u0000-\u001F]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every way of writing ../ that a decoder or a file system would follow', () => {
    const dots = fc.constantFrom('..', '%2e%2e', '%2E%2e', '.%2e', '%2e.');
    const slash = fc.constantFrom('/', '%2f', '%2F', '\\', '%5c', '%5C');
    fc.assert(
      fc.property(fc.array(fc.tuple(dots, slash), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '/', 'a/'), (parts, lead) => {
        expect(safeSitePath(`${lead}${parts.map(([d, s]) => d + s).join('')}x`)).toBeUndefined();
      }),
    );
  });
});

describe('tags', () => {
  it('get unique slugs whose pages lie inside tags/', () => {
    fc.assert(
      fc.property(fc.array(fc.array(hostileText, { maxLength: 4 }), { minLength: 1, maxLength: 8 }), (tagLists) => {
        const posts = tagLists.map((tags, i) => ({ tags: tags.map((t) => t.trim()).filter((t) => t !== ''), file: `posts/${i}.md` }));
        const { tags } = collectTags(posts, '/');
        const slugs = tags.map((t) => t.slug);
        expect(new Set(slugs).size).toBe(slugs.length);
        for (const tag of tags) {
          expect(tag.slug).toMatch(/^[\p{L}\p{N}\p{M}-]+$/u);
          expect(inside(tag.outputPath), tag.outputPath).toBe(true);
          expect(tag.outputPath.startsWith('tags/')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the site model', () => {
  it('never places two posts or aliases on one file, and keeps every file inside the output folder', () => {
    const entry = fc.record({ slug: hostileText, aliases: fc.array(hostileText, { maxLength: 3 }), day: fc.integer({ min: 1, max: 3 }) });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 12 }), (entries) => {
        const posts = entries.map(({ slug, aliases, day }, i) =>
          makePost({ title: `Post ${i}`, date: `2024-01-0${day}`, slug: slugify(slug) || `p${i}`, aliases, source: `${i}.md`, file: `posts/${i}.md` }));
        const { site, diagnostics } = buildSite(posts, makeConfig({ baseUrl: 'https://example.com/' }), { drafts: false, now: Date.UTC(2025, 0, 1) });
        const paths = [...site.posts.map((p) => p.outputPath), ...site.aliases.map((a) => a.outputPath), ...site.tags.map((t) => t.outputPath)];
        expect(new Set(paths).size).toBe(paths.length);
        for (const p of paths) expect(inside(p), p).toBe(true);
        // Every post left out is accounted for by an error naming its file.
        const placed = new Set(site.posts.map((p) => p.file));
        for (const post of posts) {
          if (!placed.has(post.file)) expect(diagnostics.some((d) => d.severity === 'error' && d.file === post.file)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
