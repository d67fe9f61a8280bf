import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../../src/content/front-matter.js';
import { readPost } from '../../../src/content/read-post.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const utc = { timeZone: 'UTC' };

describe('TOML front matter (+++)', () => {
  it('reads fields, keeps dates as written, and locates keys at their lines', () => {
    const split = splitFrontMatter(lines('+++', 'title = "Hello"', 'date = 2019-03-11', 'lastmod = 2019-03-12T08:00:00-07:00', 'tags = ["a", "b"]', '+++', 'Body'));
    expect(split.problem).toBeUndefined();
    expect(split.format).toBe('toml');
    expect(split.data).toEqual({ title: 'Hello', date: '2019-03-11', lastmod: '2019-03-12T08:00:00.000-07:00', tags: ['a', 'b'] });
    expect(split.body).toBe('Body\n');
    expect(split.bodyLine).toBe(7);
    expect(split.locate('tags')).toEqual({ line: 5, column: 1 });
  });

  it.each([
    ['an unclosed string', lines('+++', 'title = "Hello', 'date = 2019-03-11', '+++', 'Body'), 2, 15],
    ['a missing value', lines('+++', 'title = "a"', '', 'draft =', '+++', 'Body'), 4, 8],
    ['a duplicate key', lines('+++', 'title = "a"', 'title = "b"', '+++'), 3, 1],
  ])('reports malformed TOML (%s) at its line and column in the file', (_what, text, line, column) => {
    const r = readPost(text, 'post.md', 'posts/post.md', utc);
    expect(r.post).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: 'FrontMatterToml', file: 'posts/post.md', line, column });
    expect(r.diagnostics[0]?.message).toMatch(/^Front matter is not valid TOML: /);
    expect(r.diagnostics[0]?.frame).toContain(`> ${line} |`);
  });

  it('reports front matter that is never closed', () => {
    const split = splitFrontMatter(lines('+++', 'title = "a"', 'Body'));
    expect(split.problem).toMatchObject({ kind: 'toml', line: 1, message: expect.stringMatching(/never closed/) });
  });
});

describe('JSON front matter', () => {
  it('reads Hugo\'s leading object and the body after it', () => {
    const split = splitFrontMatter(lines('{', '  "title": "Hello",', '  "date": "2019-03-11"', '}', 'Body {with braces}'));
    expect(split).toMatchObject({ format: 'json', data: { title: 'Hello', date: '2019-03-11' }, body: 'Body {with braces}\n', bodyLine: 5 });
    expect(split.locate('date')).toEqual({ line: 3, column: 3 });
  });

  it('reads Hexo\'s ;;; form, with or without the braces', () => {
    expect(splitFrontMatter(lines(';;;', '"title": "Hello",', '"date": "2019-03-11"', ';;;', 'Body'))).toMatchObject({ data: { title: 'Hello' }, bodyLine: 5 });
    expect(splitFrontMatter(lines(';;;', '{"title": "Hello"}', ';;;', 'Body'))).toMatchObject({ data: { title: 'Hello' }, bodyLine: 4 });
    expect(splitFrontMatter(lines('"title": "Hello",', '"date": "2019-03-11"', ';;;', 'Body'), { openerless: true })).toMatchObject({ data: { title: 'Hello' }, bodyLine: 4 });
  });

  it.each([
    ['a missing comma', lines('{', '  "title": "Hello"', '  "date": "2019-03-11"', '}', 'Body'), 'FrontMatterJson', 3, 3],
    ['a trailing comma in ;;;', lines(';;;', '"title": "Hello",', ';;;', 'Body'), 'FrontMatterJson', 3, 1],
    ['a single-quoted key', lines('{', "  'title': 'x'", '}'), 'FrontMatterJson', 2, 3],
  ])('reports malformed JSON (%s) at its line and column in the file', (_what, text, code, line, column) => {
    const r = readPost(text, 'post.md', 'posts/post.md', utc);
    expect(r.post).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code, line, column })]);
    expect(r.diagnostics[0]?.message).toMatch(/^Front matter is not valid JSON: /);
  });
});

describe('Hexo front matter without an opening ---', () => {
  it('reads the fields above the first --- line', () => {
    const r = readPost(lines('title: Hexo 3.0 released', 'date: 2015-03-06 10:00:00', 'tags: [release]', '---', 'Body'), '2015-03-06-hexo-3.md', 'x', utc);
    expect(r.diagnostics).toEqual([]);
    expect(r.post).toMatchObject({ title: 'Hexo 3.0 released', date: '2015-03-06T10:00:00Z', tags: ['release'], bodyLine: 5, body: 'Body\n' });
  });

  it('reports a YAML problem in them at the line of the file, as with an opening ---', () => {
    const r = readPost(lines('title: a', 'date: 2015-03-06', 'description: "quoted" and more', '---', 'Body'), 'p.md', 'x', utc);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'FrontMatterYaml', line: 3 })]);
  });

  it('leaves prose that merely starts with "Word:" above a rule as a body without front matter', () => {
    expect(splitFrontMatter(lines('Note: read this first.', '', '---', 'More'), { openerless: true }).format).toBe('none');
  });
});

describe('other engines\' field spellings', () => {
  it('reads Jekyll\'s space-separated tags, published: false, permalink and excerpt', () => {
    const r = readPost(lines('---', 'title: T', 'date: 2008-11-06 12:34:56 -0500', 'tags: ruby jekyll', 'published: false', 'permalink: /blog/old-t/', 'excerpt: The gist.', '---', 'Body'), 't.md', 'x', utc);
    expect(r.post).toMatchObject({ tags: ['ruby', 'jekyll'], draft: true, aliases: ['/blog/old-t/'], description: 'The gist.', time: Date.UTC(2008, 10, 6, 17, 34, 56) });
    expect(r.post?.extra).toMatchObject({ permalink: '/blog/old-t/', excerpt: 'The gist.' });
  });

  it('reads Hugo\'s publishDate, lastmod, summary and authors', () => {
    const r = readPost(lines('+++', 'title = "T"', 'publishDate = 2019-03-11', 'lastmod = 2019-04-01', 'summary = "Short."', 'authors = ["Ada"]', 'expiryDate = 2030-01-01', '+++', 'Body'), 't.md', 'x', utc);
    expect(r.diagnostics).toEqual([]);
    expect(r.post).toMatchObject({ date: '2019-03-11T00:00:00Z', updated: '2019-04-01T00:00:00Z', description: 'Short.', extra: { authors: ['Ada'], expiryDate: '2030-01-01' } });
  });

  it('checks the types of the fields it maps', () => {
    const r = readPost(lines('---', 'title: T', 'date: 2019-03-11', 'published: "no"', 'lastmod: 2019-02-30', '---', 'Body'), 't.md', 'x', utc);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['InvalidDate', 5], ['InvalidField', 4]]);
  });
});

describe('files that are not posts', () => {
  it.each([['a README without front matter', '# About this folder\n\nNotes.\n'], ['an empty file', '']])('skips %s with one warning naming it', (_what, text) => {
    const r = readPost(text, 'README.md', 'posts/README.md', utc);
    expect(r.post).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'NotAPost', file: 'posts/README.md', line: 1 })]);
  });
});
