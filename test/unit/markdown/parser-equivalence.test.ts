/**
 * satteri (the native parser) and remark-parse + remark-gfm (the fallback) give the same tree
 * and the same HTML, and the pipeline without plugins gives what remark-html gives: on the
 * CommonMark spec's examples, every fixture and sample post, GFM and math cases, and random
 * markdown. The one kind of tree difference allowed: satteri gives a position to nodes that
 * remark-gfm's autolink literals leave without one (HTML never shows positions).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as commonmarkSpec from 'commonmark-spec';
import fc from 'fast-check';
import matter from 'gray-matter';
import remarkGfm from 'remark-gfm';
import remarkHtml from 'remark-html';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/site-config.js';
import { checkMarkdownLimits } from '../../../src/content/nesting.js';
import { handlers } from '../../../src/markdown/hast-handlers.js';
import { createPipeline, type Pipeline } from '../../../src/markdown/pipeline.js';
import { renderableText } from '../../../src/markdown/render-post.js';
import { postSchema } from '../../../src/markdown/sanitize-schema.js';
import { plainPipeline } from '../../support/markdown.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const spec = commonmarkSpec;

/** Every markdown file below a folder, as its body (front matter split off as the build does). */
function bodiesUnder(dir: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(full);
      else if (stat?.isFile() && name.endsWith('.md')) {
        try {
          const body = matter(readFileSync(full, 'utf8')).content;
          // Posts over the nesting limits are refused before they reach a parser.
          if (!checkMarkdownLimits(body)) found.push([path.relative(repo, full), body]);
        } catch {
          // Files made to fail front-matter reading: their bodies never reach the parser.
        }
      }
    }
  };
  walk(dir);
  return found;
}

/**
 * A tree with its keys sorted, leaving out the two position differences, which HTML never
 * shows: positions remark-gfm's autolink literals leave out (satteri gives them), and columns
 * inside a task list item (remark-gfm starts its paragraph at the checkbox; satteri after it).
 */
function comparable(native: unknown, remark: unknown, inTask = false): unknown {
  if (Array.isArray(native)) return native.map((n, i) => comparable(n, (remark as unknown[] | undefined)?.[i], inTask));
  if (!native || typeof native !== 'object') return native;
  const node = native as Record<string, unknown>;
  const task = inTask || (node.type === 'listItem' && typeof node.checked === 'boolean');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort()) {
    const other = (remark as Record<string, unknown> | undefined)?.[key];
    if (key === 'position' && remark && typeof remark === 'object' && other === undefined) continue;
    if (key === 'position' && task && node.type !== 'listItem') {
      out[key] = other;
      continue;
    }
    out[key] = comparable(node[key], other, task && key === 'children');
  }
  return out;
}
const sorted = (tree: unknown): unknown => comparable(tree, tree);

/**
 * Joins adjacent text nodes. After unmatched brackets satteri can leave a text in two nodes
 * where remark gives one; HTML is the same, and so is the text any plugin reads with
 * mdast-util-to-string.
 */
function mergeTexts<T>(node: T): T {
  const children = (node as { children?: Array<{ type: string; value?: string; position?: { end: unknown } }> }).children;
  if (!children) return node;
  for (let i = children.length - 1; i > 0; i--) {
    const [left, right] = [children[i - 1], children[i]];
    if (left?.type === 'text' && right?.type === 'text') {
      left.value = `${left.value ?? ''}${right.value ?? ''}`;
      if (left.position && right.position) left.position.end = right.position.end;
      children.splice(i, 1);
    }
  }
  for (const child of children) mergeTexts(child);
  return node;
}

const remarkHtmlReference = unified().use(remarkParse).use(remarkGfm).use(remarkHtml, { sanitize: postSchema, handlers }).freeze();

/** Bodies are parsed as `renderPost` has them: without the code points HTML forbids (NUL among them). */
function expectSame(text: string, native: Pipeline, remark: Pipeline, label: string): void {
  const body = renderableText(text);
  const a = native.parse(new VFile(body));
  const b = remark.parse(new VFile(body));
  const prepare = (tree: unknown) => mergeTexts(structuredClone(tree));
  expect(comparable(prepare(a), prepare(b)), label).toEqual(sorted(prepare(b)));
  expect(native.toHtml(a, new VFile(body)), label).toBe(remark.toHtml(b, new VFile(body)));
}

/**
 * The two kinds of text where fuzzing finds satteri's HTML differs (both listed in the README):
 * a delimiter run between a letter or digit and punctuation, and an e-mail address in a run of
 * text without spaces that has non-ASCII letters before it (GFM's autolink literal rules).
 */
const knownDivergence = /[\p{L}\p{N}][*_]+[\p{P}\p{S}]|[^\x00-\x7f]\S*@/u;

describe('satteri and remark-parse', () => {
  const native = plainPipeline(false, 'native');
  const remark = plainPipeline(false, 'remark');

  it('read with satteri by default', () => {
    expect(native.parser).toBe('native');
    expect(remark.parser).toBe('remark');
  });

  it(`give the same tree and HTML for all ${spec.tests.length} CommonMark spec examples`, () => {
    for (const example of spec.tests) expectSame(example.markdown, native, remark, `spec example ${example.number}`);
  });

  it('give the same tree and HTML for every fixture post and every sample-blog post', () => {
    const bodies = [...bodiesUnder(path.join(repo, 'test', 'fixtures')), ...bodiesUnder(path.join(repo, 'posts'))];
    expect(bodies.length).toBeGreaterThan(40);
    for (const [file, body] of bodies) expectSame(body, native, remark, file);
  });

  it('give the same tree and HTML for GFM: tables, footnotes, task lists, strikethrough, autolinks', () => {
    const cases = [
      '| a | b |\n| :- | -: |\n| 1 | 2 |\n| x |',
      'Text[^1] and again[^1].\n\n[^1]: The note\n    with two lines.',
      '- [ ] open\n- [x] done\n  - [ ] nested',
      '~~gone~~ and ~single~ and ~~~not~~~',
      'www.example.com, https://example.com/a?b=c. and foo@bar.example.com!',
      '| a |\n| - |\n| `|` \\| |',
      '> quote\n> - [x] task in a quote\n\n1. one\n\n   two',
    ];
    for (const body of cases) expectSame(body, native, remark, body);
  });

  it('give the same tree and HTML with raw HTML kept', () => {
    const nativeRaw = plainPipeline(true, 'native');
    const remarkRaw = plainPipeline(true, 'remark');
    for (const body of ['<div class="x">a *b*</div>\n\n<figure><img src="https://x.org/a.png"></figure>', 'Inline <mark>hi</mark> <!-- more -->']) {
      expectSame(body, nativeRaw, remarkRaw, body);
    }
  });

  it('give the same tree and HTML with remark-math', () => {
    const settings = (parser: 'native' | 'remark') => ({ rawHtml: false, root: repo, markdown: { ...defaultConfig.markdown, parser, remarkPlugins: [remarkMath] } });
    const nativeMath = createPipeline(settings('native'));
    const remarkMathPipeline = createPipeline(settings('remark'));
    expect(nativeMath.parser).toBe('native');
    for (const body of ['Energy $E=mc^2$ here.', '$$\nx^2\n$$\n', 'Price $5 and $6.', 'a $$inline$$ b', '  $$\n  a\n  $$', '\\$ not $x$', '$a$b$']) {
      expectSame(body, nativeMath, remarkMathPipeline, body);
    }
  });

  it('give the same HTML for random markdown', () => {
    const token = fc.constantFrom(
      '\n', '\n\n', ' ', '    ', '> ', '- ', '* ', '1. ', '1) ', '# ', '## ', '```', '~~~', '`', '*', '_', '**', '~~', '[', ']', '(', ')', '![',
      '<', '>', '<div>', '<!--', '-->', 'http://x.org/', 'www.x.org', 'a@b.org', '|', '| - |', '---', '===', '\\', '&amp;', '&#0;', 'word', 'ü', '日本',
      '[^1]', '[^1]: note', '- [ ] ', '[x]: /url "t"', '\t',
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: token, maxLength: 80 }), fc.string({ maxLength: 200 })), (body) => {
        if (knownDivergence.test(body)) return;
        // Trees are compared on the real posts and the spec above. In random text they can
        // differ where no HTML shows it (a position at the end of an unclosed fence in a list
        // item, an unclosed comment in one), so here the HTML is compared.
        const file = new VFile(renderableText(body));
        expect(native.toHtml(native.parse(file), file), JSON.stringify(body)).toBe(remark.toHtml(remark.parse(file), file));
      }),
      // Each local run explores new text; CI runs the same 3,000 texts, so a new kind of
      // difference shows up here first, not as a landing that fails by chance.
      { numRuns: 3000, ...(process.env.CI ? { seed: 20261203 } : {}) },
    );
  });

  it('still differ where satteri is known to be wrong (listed in the README), so a fixed satteri shows here', () => {
    // `*` after a letter or digit and before punctuation is not left-flanking (CommonMark 6.2), so
    // it cannot open emphasis; satteri opens it. Never seen in the sample blog or the corpus.
    const body = '0*_*';
    expect(knownDivergence.test(body)).toBe(true);
    const file = new VFile(body);
    expect(remark.toHtml(remark.parse(file), file)).toBe('<p>0*_*</p>\n');
    expect(native.toHtml(native.parse(file), file)).toBe('<p>0<em>_</em></p>\n');
  });
});

describe('the pipeline with plugins', () => {
  it('runs remark plugins on mdast and rehype plugins on hast, with the sanitizer last and widened only as the config says', () => {
    const settings = (sanitize: object) => ({ rawHtml: false, root: repo, markdown: { ...defaultConfig.markdown, remarkPlugins: [remarkMath], rehypePlugins: [[rehypeKatex, { output: 'html' }] as const], sanitize } });
    const render = (pipeline: Pipeline) => {
      const file = new VFile('Energy: $E=mc^2$');
      return pipeline.toHtml(pipeline.transform(pipeline.parse(file), file), file);
    };
    const widened = render(createPipeline(settings({ attributes: { span: ['className', 'style', 'ariaHidden'] } })));
    expect(widened).toContain('<span class="katex"><span class="katex-html" aria-hidden="true">');
    // Without the additions, KaTeX's classes and styles are sanitized away; its text stays.
    const strict = render(createPipeline(settings({})));
    expect(strict).not.toContain('katex');
    expect(strict).not.toContain('style=');
    expect(strict).toContain('E');
  });
});

describe('the pipeline without plugins', () => {
  it('gives what remark-parse + remark-gfm + remark-html (with the post schema) give', () => {
    const native = plainPipeline(false, 'native');
    const bodies = [...spec.tests.map((t) => t.markdown), ...bodiesUnder(path.join(repo, 'posts')).map(([, body]) => body)];
    for (const body of bodies) {
      const file = new VFile(body);
      expect(native.toHtml(native.parse(file), file), body).toBe(String(remarkHtmlReference.processSync(body)));
    }
  });
});
