import { describe, expect, it } from 'vitest';
import { shorten } from '../../../src/markdown/render-post.js';
import { renderBody } from '../../support/markdown.js';

describe('renderPost', () => {
  it('renders GitHub-flavoured markdown to HTML with its excerpt and reading time', () => {
    const r = renderBody('Hello *world*.\n\n## Part\n\nMore.\n');
    expect(r.html).toBe('<p>Hello <em>world</em>.</p>\n<h2 id="part">Part</h2>\n<p>More.</p>\n');
    expect(r.excerptHtml.trim()).toBe('<p>Hello <em>world</em>.</p>');
    expect(r.readingMinutes).toBe(1);
    expect(r.problems).toEqual([]);
  });

  it('counts the words of a heading and of the paragraph after it separately', () => {
    // "Part" and "More" are two words, not "PartMore".
    expect(renderBody('Hello *world*.\n\n## Part\n\nMore.\n').words).toBe(4);
    expect(renderBody('- one\n- two\n- three\n').words).toBe(3);
  });

  it('makes relative images and links root-relative to the post page', () => {
    const r = renderBody('![A](photo.jpg) [file](files/a.pdf) [abs](/x/) [ext](https://e.x/y)\n', { url: '/blog/2025/04/bundle/' });
    expect(r.html).toContain('src="/blog/2025/04/bundle/photo.jpg"');
    expect(r.html).toContain('href="/blog/2025/04/bundle/files/a.pdf"');
    expect(r.html).toContain('href="/x/"');
    expect(r.html).toContain('href="https://e.x/y"');
    expect(r.excerptHtml).toContain('src="/blog/2025/04/bundle/photo.jpg"');
  });

  it('counts a 2,000-character Chinese post as 4 minutes', () => {
    expect(renderBody(`${'读'.repeat(2000)}\n`).readingMinutes).toBe(4);
  });

  it('reports nesting too deep to render as a problem instead of crashing', () => {
    const r = renderBody(`${'>'.repeat(20000)} deep\n`);
    if (r.problems.length > 0) expect(r.problems.map((p) => p.code)).toEqual(['MarkdownTooDeep']);
    else expect(r.html).toContain('deep');
  });

  it('gives the same HTML for the same input every time', () => {
    const body = '# T\n\nA[^1]\n\n[^1]: n\n';
    expect(renderBody(body).html).toBe(renderBody(body).html);
  });
});

describe('inline nesting', () => {
  it('keeps emphasis nested at most 32 deep, and every word of the text', () => {
    const { html, problems } = renderBody(`${'*'.repeat(5000)}deep${'*'.repeat(5000)} and *normal*`);
    expect(problems).toEqual([]);
    let depth = 0;
    let deepest = 0;
    for (const tag of html.matchAll(/<(\/?)(em|strong|del)>/g)) {
      depth += tag[1] ? -1 : 1;
      deepest = Math.max(deepest, depth);
    }
    expect(depth).toBe(0);
    expect(deepest).toBe(32);
    expect(html).toContain('deep');
    expect(html).toContain('<em>normal</em>');
  });
});

describe('shorten', () => {
  it.each([
    ['short', 10, 'short'],
    ['one two three four', 10, 'one two…'],
    ['abcdefghijklmnop', 5, 'abcde…'],
    ['one two, three', 9, 'one two…'],
  ])('cuts %j to %i characters as %j', (text, max, out) => {
    expect(shorten(text, max)).toBe(out);
  });
});
