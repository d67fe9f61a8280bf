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
import { mayHaveTable, remarkGfmFast, usesFastGfm } from '../../../src/markdown/remark-gfm-fast.js';

const upstream = unified().use(remarkParse).use(remarkGfm).use(remarkHtml);
const fast = unified().use(remarkParse).use(remarkGfmFast).use(remarkHtml);
const withoutTables = unified().use(remarkParse).use(remarkGfmFast, { tables: false }).use(remarkHtml);
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
    const tableFree = bodies.filter((body) => !mayHaveTable(body));
    expect(tableFree.length).toBeGreaterThan(5);
    for (const body of tableFree) expect(html(withoutTables, body)).toBe(html(upstream, body));
  });

  it('renders random "@"-free text built from the characters that matter to GFM exactly as remark-gfm', () => {
    const piece = fc.constantFrom(
      'a', 'b', 'x', '1', '.', '_', '-', '+', '*', '~', '`', '/', ':', ' ', '\n', '[', ']', '(', ')', '<', '>', '|',
      'www.', 'http://', 'https://', 'mailto:', 'xmpp:', 'ex.com', '\\', '&amp;', '!', '"', '- ', '[ ] ', '[^1]', '\n\n',
      // Character references decode to what the autolink-literal transform looks for.
      'w', 'W', 'H', '&#119;', '&#x57;', '&#46;', '&period;', '&#58;', '&#47;', '&sol;', '&#64;', '&commat;', 'ww',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(outcome(fast, text)).toBe(outcome(upstream, text));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    'Visit &#119;ww.example.com or &#x57;WW&#46;example&period;org today',
    'htt&#112;s&#58;//example.com/&#x7E;a and HTTP&#58;&sol;&sol;x.org',
    'mail &commat; a&#64;b.co, mailto&#58;a&#64;b.co and xmpp&#58;a&#64;b.co/r',
    '[www.in-a-link.org](https://x.org) and [www.ref.org][r]\n\n[r]: https://r.org',
    'Emphasis *www*.example.com and `www.code.org` and ![www.alt.org](https://i.org/x.png)',
  ])('finds literals in %j, whose source holds no plain one, exactly as remark-gfm', (text) => {
    expect(html(fast, text)).toBe(html(upstream, text));
  });

  it.each([
    'Setext\n-\n\nand\n---\nthematic\n\n- - -\n\nA list\n- item\n',
    'Colons apart\n: -\n\n- :\na\n\nb :\n: - : - :',
    'Head  row\n---  ---\n\n> Quote\n> ---\n\n* a\n  ---',
    'x\n-\t:\n\ny\n-- :\n\nz\n:\\-\n',
    'Pipes in text: a | b\nc | d\n\n`x|y`\n- | -x\n\n> | a |\n> | b |\n\n| a |\n|-a-|',
  ])('parses %j without the table tokenizer exactly as remark-gfm', (text) => {
    expect(mayHaveTable(text)).toBe(false);
    expect(html(withoutTables, text)).toBe(html(upstream, text));
  });

  it.each(['a | b\n--|--', '| a |\n|---|', 'a\n:-', 'a\n-:', 'a\n--:|', '> a\n> | - |', '- a\n\t|-|', 'a\r\n|-\r\n'])('keeps the table tokenizer for %j', (text) => {
    expect(mayHaveTable(text)).toBe(true);
    expect(html(upstream, text)).toContain('<table>');
  });

  it('parses random text that has no possible delimiter row without the table tokenizer exactly as remark-gfm', () => {
    const piece = fc.constantFrom(
      'a', 'b', '1', ' ', '  ', '\t', '\n', '\n\n', '\r', '\r\n', '-', '--', '---', ':', ':-', '-:', '|', '| ', ' |', '=', '==', '> ', '- ', '* ', '+ ', '1. ',
      '2) ', '#', '# ', '```', '~~~', '    ', '\\', '`', '*', '_', '[', ']', '(', ')', '<', '>', '!', '[^1]', '[ ] ', '~', 'www.x.org', '\u2028',
    );
    // Whole lines too, in containers, so that near-tables and real ones are common.
    const line = fc.tuple(
      fc.constantFrom('', ' ', '> ', '>', '  ', '\t', '- ', '* ', '1. ', '> > ', '> - ', '[^1]: '),
      fc.constantFrom('a', 'a | b', '| a |', '|', '||', '-', '---', '--|--', '|-|', '| - |', ':-', '-:', ':-:', '| :-- | --: |', '-|-a', '- | -', ': | :', ''),
      fc.constantFrom('', ' ', '\t', '|', ' x'),
    ).map((parts) => parts.join(''));
    const text = fc.oneof(
      fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join('')),
      fc.tuple(fc.array(line, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol)),
    );
    let withoutTable = 0;
    fc.assert(
      fc.property(text, (text) => {
        if (mayHaveTable(text)) return;
        withoutTable++;
        expect(outcome(withoutTables, text)).toBe(outcome(upstream, text));
      }),
      { numRuns: 8000 },
    );
    expect(withoutTable).toBeGreaterThan(2000);
  });

  it('is not used for text with "@", where e-mail literals need the upstream tokenizer', () => {
    // Here the two differ; the build therefore renders such posts with remark-gfm itself.
    expect(html(fast, '.www.a@b.co')).not.toBe(html(upstream, '.www.a@b.co'));
    const processors = createProcessors({ rawHtml: false });
    expect(pickProcessor(processors, 'Mail a@b.co')).toBe(processors.full);
    expect(pickProcessor(processors, 'Mail a@b.co\n\n| a |\n| - |')).toBe(processors.full);
    expect(pickProcessor(processors, 'No address here')).toBe(processors.fastWithoutTables);
    expect(pickProcessor(processors, '| a |\n| - |')).toBe(processors.fast);
  });
});
