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
