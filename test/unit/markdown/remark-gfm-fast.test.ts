import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import matter from 'gray-matter';
import remarkGfm from 'remark-gfm';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { createProcessors, pickProcessor } from '../../../src/markdown/create-processor.js';
import { remarkGfmFast, usesFastGfm } from '../../../src/markdown/remark-gfm-fast.js';

const upstream = unified().use(remarkParse).use(remarkGfm).use(remarkHtml);
const fast = unified().use(remarkParse).use(remarkGfmFast).use(remarkHtml);
const html = (processor: typeof upstream, text: string) => String(processor.processSync(text));
/**
 * The HTML, or the error thrown. Under vitest, micromark's development build runs with its
 * internal assertions on, and remark-gfm itself trips one on inputs like "*\n[ ] a"; the two
 * processors must then fail alike.
 */
const outcome = (processor: typeof upstream, text: string): string => {
  try {
    return html(processor, text);
  } catch (error) {
    return `throws: ${(error as Error).message}`;
  }
};

describe('remarkGfmFast', () => {
  it.each([
    'Visit www.example.com, https://example.com/a_b_c?x=1&y=2#top) and (http://x.org/a(b)).',
    'Tricky: www.x.y/~user/ https://a.b/~c~d~ *www.em.org* _http://u.org_ ~~www.old.org~~',
    'Not links: wwwx.org, http:/x, ftp://x.org, www., https://',
    '- [ ] task www.todo.org\n- [x] done https://done.org\n\n| www.t.org | b |\n|:--|--:|\n| c | ~~d~~ |\n',
    'Footnote[^1] here.\n\n[^1]: See www.note.org',
    'Entity &#64; is not an at sign: a&#64;b.co',
  ])('renders %j exactly as remark-gfm', (text) => {
    expect(usesFastGfm(text)).toBe(true);
    expect(html(fast, text)).toBe(html(upstream, text));
  });

  it('fails exactly as remark-gfm where micromark\'s development assertions stop remark-gfm', () => {
    expect(outcome(upstream, '*\n[ ] a')).toMatch(/^throws: /);
    expect(outcome(fast, '*\n[ ] a')).toBe(outcome(upstream, '*\n[ ] a'));
  });

  it('renders every sample post without "@" exactly as remark-gfm', () => {
    const posts = path.resolve(import.meta.dirname, '../../../posts');
    const files = readdirSync(posts, { recursive: true }).map(String).filter((f) => f.endsWith('.md'));
    const bodies = files.map((file) => matter(readFileSync(path.join(posts, file), 'utf8'), {}).content).filter(usesFastGfm);
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) expect(html(fast, body)).toBe(html(upstream, body));
  });

  it('renders random "@"-free text built from the characters that matter to GFM exactly as remark-gfm', () => {
    const piece = fc.constantFrom(
      'a', 'b', 'x', '1', '.', '_', '-', '+', '*', '~', '`', '/', ':', ' ', '\n', '[', ']', '(', ')', '<', '>', '|',
      'www.', 'http://', 'https://', 'mailto:', 'xmpp:', 'ex.com', '\\', '&amp;', '!', '"', '- ', '[ ] ', '[^1]', '\n\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(outcome(fast, text)).toBe(outcome(upstream, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('is not used for text with "@", where e-mail literals need the upstream tokenizer', () => {
    // Here the two differ; the build therefore renders such posts with remark-gfm itself.
    expect(html(fast, '.www.a@b.co')).not.toBe(html(upstream, '.www.a@b.co'));
    const processors = createProcessors({ rawHtml: false });
    expect(pickProcessor(processors, 'Mail a@b.co')).toBe(processors.full);
    expect(pickProcessor(processors, 'No address here')).toBe(processors.fast);
  });
});
