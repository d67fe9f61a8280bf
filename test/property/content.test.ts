/**
 * Property tests of the content stage (issue 7): random front matter (well-formed YAML of random
 * values, and random YAML-ish text), random markdown and random file names through `readPost`.
 * Nothing throws: every problem is a reported diagnostic of a known code, at a line of the file;
 * a post that comes out is plain, safe data (a usable slug, a title without control characters,
 * no shared prototype touched); and the markdown stage renders any body it accepts.
 */
import fc from 'fast-check';
import { DomUtils, parseDocument } from 'htmlparser2';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readPost } from '../../src/content/read-post.js';
import { codes } from '../../src/diagnostics/codes.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderPost } from '../../src/markdown/render-post.js';
import { plainPipeline } from '../support/markdown.js';

const config = { timeZone: 'America/New_York' };
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

/** What every call must satisfy, whatever the input. */
function checkResult(text: string, source: string, result: ReturnType<typeof readPost>): void {
  const lines = text.split('\n').length;
  const check = (d: Diagnostic) => {
    expect(Object.keys(codes)).toContain(d.code);
    expect(['error', 'warning']).toContain(d.severity);
    expect(d.file).toBe(`posts/${source}`);
    expect(d.message.length).toBeGreaterThan(0);
    if (d.line !== undefined) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.line).toBeLessThanOrEqual(lines + 1);
    }
    if (d.column !== undefined) expect(d.column).toBeGreaterThanOrEqual(1);
  };
  result.diagnostics.forEach(check);
  if (!result.post) {
    // Left out with an error, or skipped as no post at all (no front matter), said once.
    const skipped = result.diagnostics.length === 1 && result.diagnostics[0]?.code === 'NotAPost' && result.diagnostics[0].severity === 'warning';
    expect(skipped || result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  } else {
    const post = result.post;
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(post.slug).toMatch(/^[\p{L}\p{N}\p{M}-]+$/u);
    expect(post.title.trim()).not.toBe('');
    for (const t of [post.title, post.description ?? '', ...post.tags]) expect(t).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
    expect(Number.isFinite(post.time)).toBe(true);
    expect(Object.getPrototypeOf(post.extra)).toBe(Object.prototype);
    // Plain data: it can be serialised (sent to a worker, hashed for the cache) without looping.
    expect(() => JSON.stringify(post)).not.toThrow();
    expect(structuredClone(post).title).toBe(post.title);
  }
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

/** Script elements, event handlers and script URLs in an HTML fragment. */
function activeMarkup(html: string): string[] {
  const doc = parseDocument(html, { decodeEntities: true });
  return DomUtils.findAll(() => true, doc.children).flatMap((el) => [
    ...(['script', 'iframe', 'object', 'embed', 'style', 'base', 'form'].includes(el.name) ? [`<${el.name}>`] : []),
    ...Object.entries(el.attribs)
      .filter(([name, v]) => /^on/i.test(name) || (/^(href|src|action|formaction|poster|srcset)$/i.test(name) && /^(javascript|vbscript|data):/i.test(v.replace(/[\u0000-\u0020]/g, ''))))
      .map(([name, v]) => `${el.name} ${name}=${v}`),
  ]);
}

/** YAML values of every kind, including the traps: look-alike dates, booleans, numbers, paths, keys. */
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('2023-02-30', '2024-13-01', '2024-01-01', '2024-01-01T25:00:00Z', '2024-03-02 09:30:00 -05:00', 'false', 'true', 'yes',
    '../../etc', '%2e%2e%2f', 'C:\\x', 'con', '<script>alert(1)</script>', ']]>', 'a, b', '\u0001', '', ' ', '~', '2024'),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 })),
})).value;
const key = fc.oneof(
  fc.constantFrom('title', 'date', 'updated', 'tags', 'description', 'slug', 'draft', 'comments', 'aliases', 'author', 'category',
    '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'polluted'),
  fc.string({ maxLength: 10 }),
);
const frontMatter = fc.dictionary(key, value, { maxKeys: 8 });

/** Tokens YAML (and gray-matter) care about, for malformed front matter. */
const yamlToken = fc.constantFrom(
  'title: ', 'date: ', 'tags: ', 'slug: ', 'draft: ', '__proto__: ', '\n', ' ', '  ', '\t', '-', '- ', '[', ']', '{', '}', ',', ': ', ':',
  '&a ', '*a', '&b [*b]', '!!js/function ', '!!binary ', '!!str ', '? ', '|', '>', '"', "'", '#', '%YAML 1.1\n', '---', '...', '2024-01-01',
  '2023-02-30', 'x', 'ü', '\u0001', '\uFEFF', '<script>', '\\', '\\x01', '=',
);
const yamlText = fc.string({ unit: yamlToken, maxLength: 30 });
const opener = fc.constantFrom('---\n', '---yaml\n', '---js\n', '--- \n', '---json\n', '');

/** Markdown pieces, including the constructs remark is slow or deep on. */
const mdToken = fc.constantFrom(
  '\n', '\n\n', ' ', '    ', '> ', '>', '- ', '* ', '+ ', '1. ', '1) ', '#', '## ', '```', '~~~', '`', '*', '_', '**', '[', ']', '(', ')', '![',
  '<', '>', '</', '<script>', '<!--', '-->', '<!-- more -->', 'javascript:', 'http://x.org/', './other.md', '|', '---', '\\', '&amp;', '&#0;',
  'word', 'ü', '日本', '\u0000', '\u0001', '\r', '\uFFFF', '[^1]', '[^1]: note', '- [ ] ', '~~',
);
const markdown = fc.oneof(fc.string({ unit: mdToken, maxLength: 60 }), fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }));

describe('readPost with random front matter', () => {
  it('reports problems as diagnostics and returns only safe, plain posts (well-formed YAML of random values)', () => {
    fc.assert(
      fc.property(frontMatter, markdown, (data, body) => {
        let yaml: string;
        try {
          yaml = stringify(data);
        } catch {
          return;
        }
        const text = `---\n${yaml}---\n\n${body}`;
        checkResult(text, 'random.md', readPost(text, 'random.md', 'posts/random.md', config));
      }),
      { numRuns: 500 },
    );
  });

  it('reports problems as diagnostics for malformed YAML and other front-matter languages', () => {
    fc.assert(
      fc.property(opener, yamlText, fc.boolean(), markdown, (open, yaml, close, body) => {
        const text = `${open}${yaml}${close ? '\n---\n' : '\n'}${body}`;
        checkResult(text, 'random.md', readPost(text, 'random.md', 'posts/random.md', config));
      }),
      { numRuns: 1000 },
    );
  });

  it('always refuses a title that is not text, and any front matter in another language', () => {
    fc.assert(
      fc.property(fc.constantFrom('js', 'javascript', 'coffee', 'json', 'toml'), yamlText, (language, rest) => {
        const result = readPost(`---${language}\n${rest}\n---\n\nBody\n`, 'x.md', 'posts/x.md', config);
        expect(result.post).toBeUndefined();
        expect(result.diagnostics.map((d) => d.code)).toEqual(['FrontMatterLanguage']);
      }),
    );
  });
});

describe('readPost and renderPost with random markdown', () => {
  const processor = plainPipeline(false);
  const raw = plainPipeline(true);
  it('never throw; an accepted body renders, and any problem is a known render problem', () => {
    fc.assert(
      fc.property(markdown, fc.boolean(), (body, rawHtml) => {
        const text = `---\ntitle: Random\ndate: 2024-01-01\n---\n\n${body}`;
        const result = readPost(text, 'random.md', 'posts/random.md', config);
        checkResult(text, 'random.md', result);
        if (!result.post) return;
        // A post read from its text (not from the read cache) always carries its body.
        expect(typeof result.post.body).toBe('string');
        const rendered = renderPost({ ...result.post, body: result.post.body as string, url: '/2024/01/random/' }, rawHtml ? raw : processor, () => undefined);
        for (const p of rendered.problems) expect(['BrokenPostLink', 'LinkToUnpublished', 'MarkdownTooDeep', 'MarkdownFailed', 'UnsafeLink']).toContain(p.code);
        expect(activeMarkup(rendered.html)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects deep nesting and very many separate lists before rendering, at the line where it happens', () => {
    const deepLine = fc.record({
      marker: fc.constantFrom('>', '> ', '- ', '* ', '1. ', '> - '),
      depth: fc.integer({ min: 101, max: 3000 }),
      before: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(deepLine, ({ marker, depth, before }) => {
        const text = `---\ntitle: Deep\ndate: 2024-01-01\n---\n\n${'Text.\n\n'.repeat(before)}${marker.repeat(depth)}x\n`;
        const result = readPost(text, 'deep.md', 'posts/deep.md', config);
        expect(result.post).toBeUndefined();
        expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'MarkdownTooDeep', line: 6 + 2 * before })]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('readPost with random file names', () => {
  it('never throws, and a post gets a slug that is one safe URL segment', () => {
    const piece = fc.constantFrom('..', '.', '%2e', '%2f', '\\', ' ', '-', '_', 'con', 'NUL', 'a', '2024-01-01-', '2023-02-30-', 'é', '日本', '#', '~', '\u0001');
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 10 }), fc.constantFrom('.md', '/index.md'), (name, suffix) => {
        const source = `${name}${suffix}`;
        const text = '---\ntitle: "!!!"\n---\n\nBody.\n';
        const result = readPost(text, source, `posts/${source}`, config);
        checkResult(text, source, result);
      }),
      { numRuns: 500 },
    );
  });
});
