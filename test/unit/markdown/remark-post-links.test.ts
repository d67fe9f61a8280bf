import { describe, expect, it } from 'vitest';
import { renderBody } from '../../support/markdown.js';

const posts = {
  'other.md': '/blog/2024/02/other/',
  '2008-11-06-ask.md': '/blog/2008/11/ask/',
  'travel/kyoto.md': '/blog/2023/10/kyoto/',
  'bundle/index.md': '/blog/2025/04/bundle/',
  'with space.md': '/blog/2024/05/with-space/',
};

describe('remarkPostLinks', () => {
  it.each([
    ['./other.md', '/blog/2024/02/other/'],
    ['other.md', '/blog/2024/02/other/'],
    ['./other.md#a-part', '/blog/2024/02/other/#a-part'],
    ['./2008-11-06-ask.md', '/blog/2008/11/ask/'],
    ['./travel/kyoto.md', '/blog/2023/10/kyoto/'],
    ['./bundle/index.md', '/blog/2025/04/bundle/'],
    ['./bundle.md', '/blog/2025/04/bundle/'],
    ['./with%20space.md', '/blog/2024/05/with-space/'],
    ['./OTHER.MD', undefined],
  ])('turns a link to %s into a link to its page', (target, url) => {
    const r = renderBody(`See [it](${target}).\n`, { posts });
    if (url === undefined) {
      expect(r.problems).toHaveLength(1);
    } else {
      expect(r.problems).toEqual([]);
      expect(r.html).toContain(`<a href="${url}">it</a>`);
    }
  });

  it('resolves links relative to the linking post’s folder', () => {
    const r = renderBody('[k](./kyoto.md) and [up](../other.md)\n', { source: 'travel/post.md', posts });
    expect(r.problems).toEqual([]);
    expect(r.html).toContain('href="/blog/2023/10/kyoto/"');
    expect(r.html).toContain('href="/blog/2024/02/other/"');
  });

  it('resolves reference-style links too', () => {
    const r = renderBody('See [the other one][o].\n\n[o]: ./other.md\n', { posts });
    expect(r.html).toContain('href="/blog/2024/02/other/"');
  });

  it('reports a link to a missing post with its line in the file', () => {
    const body = 'First paragraph.\n\nSecond, with [a broken link](./missing.md).\n';
    const r = renderBody(body, { posts, bodyLine: 6 });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'BrokenPostLink', line: 8, column: 14 });
    expect(r.problems[0]?.message).toContain('./missing.md');
  });

  it.each([
    ['https://example.com/readme.md'],
    ['/docs/guide.md'],
    ['mailto:someone@example.com'],
    ['#section'],
    ['./image.png'],
  ])('leaves %s alone: it is not another post’s source', (target) => {
    expect(renderBody(`[x](${target})\n`, { posts }).problems).toEqual([]);
  });
});

describe('links to posts written with other extensions', () => {
  it('resolve to .markdown, .mdown and .mkd posts, and to bundles whose index has any of them', () => {
    const others = { 'jekyll.markdown': '/blog/2010/01/jekyll/', 'old.mkd': '/blog/2009/01/old/', 'trip/index.markdown': '/blog/2011/01/trip/' };
    const r = renderBody('[a](./jekyll.markdown) [b](old.mkd#part) [c](./trip.md)\n', { posts: others });
    expect(r.problems).toEqual([]);
    expect(r.html).toBe('<p><a href="/blog/2010/01/jekyll/">a</a> <a href="/blog/2009/01/old/#part">b</a> <a href="/blog/2011/01/trip/">c</a></p>\n');
  });
});

describe('links to drafts and scheduled posts', () => {
  it('become their text, with a warning at the link, and everything inside them is still rendered and counted', () => {
    const body = 'Intro words.\n\nRead [the *draft* ![cover](cover.png) here](./draft.md) now and [it](./other.md).\n';
    const r = renderBody(body, { posts, unpublished: ['draft.md'], url: '/blog/2024/01/post/', bodyLine: 4 });
    expect(r.html).toContain('<p>Read the <em>draft</em> <img src="/blog/2024/01/post/cover.png" alt="cover"> here now and <a href="/blog/2024/02/other/">it</a>.</p>');
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'LinkToUnpublished', line: 6, column: 6 })]);
    // Intro, words, Read, the, draft, here, now, and, it.
    expect(r.words).toBe(9);
    // A bundle of that name, under any of the post extensions, would take the link: each is a dependency.
    expect(r.deps).toEqual([
      ['draft.md', '!unpublished'],
      ['draft/index.markdown', '!missing'], ['draft/index.md', '!missing'], ['draft/index.mdown', '!missing'], ['draft/index.mkd', '!missing'],
      ['other.md', '/blog/2024/02/other/'],
    ]);
  });

  it('leave nothing behind when they have no text, and empty a reference definition', () => {
    const r = renderBody('A [](./draft.md) b [ref][d] c\n\n[d]: ./draft.md\n', { posts, unpublished: ['draft.md'] });
    expect(r.html).toBe('<p>A  b <a href="">ref</a> c</p>\n');
    expect(r.problems.map((p) => p.code)).toEqual(['LinkToUnpublished', 'LinkToUnpublished']);
  });
});
