import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPost } from '../../../src/content/read-post.js';
import { slugify } from '../../../src/content/slug.js';
import { decodeSourceText } from '../../../src/content/source-text.js';

const ny = { timeZone: 'America/New_York' };
const lines = (...l: string[]) => `${l.join('\n')}\n`;
const read = (text: string, source = 'post.md') => readPost(text, source, `posts/${source}`, ny);
const errors = (r: ReturnType<typeof readPost>) => r.diagnostics.filter((d) => d.severity === 'error');
const warnings = (r: ReturnType<typeof readPost>) => r.diagnostics.filter((d) => d.severity === 'warning');

describe('readPost', () => {
  it('reads a complete post', () => {
    const r = read(lines(
      '---',
      'title: "  A Title  "',
      'date: 2024-03-02T09:30:00+01:00',
      'updated: 2024-03-05',
      'tags: [one, two, one]',
      'description: Short.',
      'slug: Custom Slug',
      'draft: false',
      'comments: false',
      'aliases: [/old/]',
      '---',
      'Body text.',
    ));
    expect(errors(r)).toEqual([]);
    expect(r.post).toMatchObject({
      source: 'post.md',
      file: 'posts/post.md',
      title: 'A Title',
      tags: ['one', 'two'],
      description: 'Short.',
      slug: 'custom-slug',
      draft: false,
      commentsOpen: false,
      aliases: ['/old/'],
      body: 'Body text.\n',
      bodyLine: 12,
    });
    expect(r.post?.time).toBe(Date.parse('2024-03-02T08:30:00Z'));
    expect(r.post?.updated).toBe('2024-03-05T00:00:00-05:00');
  });

  it('takes the date from the file name when front matter has none', () => {
    const r = read(lines('---', 'title: Ask', '---', 'Body'), '2008-11-06-ask-and-ye-shall-receive.md');
    expect(errors(r)).toEqual([]);
    expect(r.post?.date).toBe('2008-11-06T00:00:00-05:00');
    expect(r.post?.slug).toBe('ask-and-ye-shall-receive');
  });

  it('prefers the front-matter date over the file name', () => {
    const r = read(lines('---', 'title: Ask', 'date: 2009-01-02', '---', 'Body'), '2008-11-06-ask.md');
    expect(r.post?.date).toBe('2009-01-02T00:00:00-05:00');
  });

  it('takes the date and slug of a bundle from its folder name', () => {
    const r = readPost(lines('---', 'title: Bundle', '---', 'Body'), '2025-04-19-marbled/index.md', 'x', ny, ['a.svg']);
    expect(r.post).toMatchObject({ date: '2025-04-19T00:00:00-04:00', slug: 'marbled', assets: ['a.svg'] });
  });

  it('falls back to a slug from the title when the file name gives none', () => {
    const r = read(lines('---', 'title: Ça va? Très bien', 'date: 2024-01-01', '---', 'x'), '2024-01-01-日.md');
    expect(r.post?.slug).toBe('日');
    const r2 = read(lines('---', 'title: Ça va? Très bien', 'date: 2024-01-01', '---', 'x'), '!!!.md');
    expect(r2.post?.slug).toBe('ca-va-tres-bien');
  });

  it('reports a missing title and a missing date', () => {
    const r = read(lines('---', 'tags: [a]', '---', 'Body'), 'no-date.md');
    expect(r.post).toBeUndefined();
    expect(errors(r).map((d) => d.code).sort()).toEqual(['MissingDate', 'MissingTitle']);
  });

  it('reports an impossible date (2023-02-30) at the line of the date key', () => {
    const r = read(lines('---', 'title: x', '', 'date: 2023-02-30', '---', 'Body'));
    expect(r.post).toBeUndefined();
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatchObject({ code: 'InvalidDate', file: 'posts/post.md', line: 4, column: 1 });
    expect(errors(r)[0]?.frame).toContain('> 4 | date: 2023-02-30');
  });

  it('reports a YAML error with the file and the real line number', () => {
    const r = read(lines('---', 'title: x', 'date: 2024-01-01', 'description: "quoted" then more', 'tags: [a]', '---', 'Body'));
    expect(r.post).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: 'FrontMatterYaml', file: 'posts/post.md', line: 4 });
    expect(r.diagnostics[0]?.frame).toMatch(/^> 4 \| description: "quoted" then more$/m);
  });

  it('refuses ---js front matter, naming the file', () => {
    const r = read(lines('---js', '{ title: "x" }', '---', 'Body'));
    expect(r.post).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'FrontMatterLanguage', file: 'posts/post.md', line: 1 });
  });

  it.each([
    ['draft: "false"', 'draft'],
    ['draft: "true"', 'draft'],
    ['draft: yes', 'draft'],
    ['draft: 0', 'draft'],
    ['comments: "no"', 'comments'],
  ])('treats %s as an error, not as a truthy string', (field, key) => {
    const r = read(lines('---', 'title: x', 'date: 2024-01-01', field, '---', 'Body'));
    expect(r.post).toBeUndefined();
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatchObject({ code: 'InvalidField', line: 4 });
    expect(errors(r)[0]?.message).toContain(key);
  });

  it.each([
    ['title: 2024', '2024'],
    ['title: 3.5', '3.5'],
    ['title: true', 'true'],
    ['title: "2024"', '2024'],
  ])('turns the bare YAML scalar in %s into the title text %j', (field, title) => {
    const r = read(lines('---', field, 'date: 2024-01-01', '---', 'Body'));
    expect(errors(r)).toEqual([]);
    expect(r.post?.title).toBe(title);
  });

  it('splits tags: a, b at the commas, with a warning at the tags line', () => {
    const r = read(lines('---', 'title: x', 'date: 2024-01-01', 'tags: a, b ,c', '---', 'Body'));
    expect(r.post?.tags).toEqual(['a', 'b', 'c']);
    expect(warnings(r)).toHaveLength(1);
    expect(warnings(r)[0]).toMatchObject({ code: 'InvalidField', line: 4 });
  });

  it('accepts a single tag written as text without a warning', () => {
    const r = read(lines('---', 'title: x', 'date: 2024-01-01', 'tags: solo', '---', 'Body'));
    expect(r.post?.tags).toEqual(['solo']);
    expect(r.diagnostics).toEqual([]);
  });

  it('keeps numeric tags as text and rejects nested ones', () => {
    expect(read(lines('---', 'title: x', 'date: 2024-01-01', 'tags: [2024, a]', '---', 'B')).post?.tags).toEqual(['2024', 'a']);
    const bad = read(lines('---', 'title: x', 'date: 2024-01-01', 'tags: [[a]]', '---', 'B'));
    expect(errors(bad)[0]?.code).toBe('InvalidField');
  });

  it('keeps unknown fields in extra, including awkward keys as plain own properties', () => {
    const r = read(lines('---', 'title: x', 'date: 2024-01-01', 'mood: sunny', 'rating: 4', '__proto__: { admin: true }', 'image: a.png', '---', 'B'));
    expect(errors(r)).toEqual([]);
    expect(r.post?.extra).toMatchObject({ mood: 'sunny', rating: 4, image: 'a.png' });
    expect(Object.prototype.hasOwnProperty.call(r.post?.extra, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('reads a file saved with a BOM and CRLF line endings with the right body line and error lines', () => {
    const crlf = '\uFEFF---\r\ntitle: Windows\r\ndate: 2024-01-01\r\n---\r\n\r\nBody.\r\n';
    const decoded = decodeSourceText(new TextEncoder().encode(crlf));
    if (!('text' in decoded)) throw new Error('not decoded');
    const r = read(decoded.text);
    expect(errors(r)).toEqual([]);
    expect(r.post).toMatchObject({ title: 'Windows', body: '\nBody.\n', bodyLine: 5 });

    const bad = decodeSourceText(new TextEncoder().encode('\uFEFF---\r\ntitle: x\r\ndate: [\r\n---\r\n'));
    if (!('text' in bad)) throw new Error('not decoded');
    expect(read(bad.text).diagnostics[0]).toMatchObject({ code: 'FrontMatterYaml', line: 3 });
  });

  it('reports front matter that is not a mapping', () => {
    const r = read(lines('---', '- a', '- b', '---', 'Body'));
    expect(r.diagnostics[0]?.code).toBe('FrontMatterNotMapping');
  });

  it('rejects a slug with no letters or digits', () => {
    const r = read(lines('---', 'title: x', 'date: 2024-01-01', 'slug: "../.."', '---', 'Body'));
    expect(errors(r)[0]).toMatchObject({ code: 'InvalidSlug', line: 4 });
  });
});

describe('readPost shortcuts', () => {
  it('warns of an empty post exactly when the body is only white space and HTML comments', () => {
    const piece = fc.constantFrom('<!--', '-->', '<!-->', '<!---->', '-', '<', '!', '>', ' ', '\n', '\t', '\u00a0', '\u2028', '\u200b', 'x');
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 16 }), (body) => {
        const empty = body.replace(/<!--[\s\S]*?-->/g, '').trim() === '';
        const r = read(`---\ntitle: x\ndate: 2024-01-01\n---\n${body}`);
        expect(r.diagnostics.some((d) => d.code === 'EmptyPost')).toBe(empty);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a file name that is already a slug the slug slugify gives', () => {
    const part = fc.constantFrom('a', 'b', 'x1', '2024', 'con', 'nul', 'com1', 'lpt9', 'aux', 'prn', 'page', 'c');
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 3 }), (parts) => {
        const name = parts.join('-');
        expect(read(lines('---', 'title: x', 'date: 2024-01-01', '---', 'Body'), `${name}.md`).post?.slug).toBe(slugify(name));
      }),
    );
  });
});
