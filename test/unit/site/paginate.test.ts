import { describe, expect, it } from 'vitest';
import { paginate } from '../../../src/site/paginate.js';

const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('paginate', () => {
  it.each([
    [0, 3, [[]]],
    [1, 3, [[1]]],
    [3, 3, [[1, 2, 3]]],
    [4, 3, [[1, 2, 3], [4]]],
    [7, 3, [[1, 2, 3], [4, 5, 6], [7]]],
    [5, 1, [[1], [2], [3], [4], [5]]],
  ])('splits %i items into pages of %i', (n, perPage, expected) => {
    const pages = paginate(items(n), perPage, '/', '');
    expect(pages.map((p) => p.items)).toEqual(expected);
    expect(pages.map((p) => p.number)).toEqual(expected.map((_, i) => i + 1));
    expect(pages.every((p) => p.total === expected.length)).toBe(true);
  });

  it('puts page 1 at the folder and later pages under page/N/, with the base path', () => {
    const pages = paginate(items(5), 2, '/blog/', 'tags/x/');
    expect(pages.map((p) => p.location)).toEqual([
      { url: '/blog/tags/x/', outputPath: 'tags/x/index.html' },
      { url: '/blog/tags/x/page/2/', outputPath: 'tags/x/page/2/index.html' },
      { url: '/blog/tags/x/page/3/', outputPath: 'tags/x/page/3/index.html' },
    ]);
  });

  it('links each page to its neighbours and no further', () => {
    const pages = paginate(items(5), 2, '/', '');
    expect(pages.map((p) => [p.previous, p.next])).toEqual([
      [undefined, '/page/2/'],
      ['/', '/page/3/'],
      ['/page/2/', undefined],
    ]);
  });

  it('keeps every item exactly once, in order', () => {
    const list = items(23);
    expect(paginate(list, 4, '/', '').flatMap((p) => p.items)).toEqual(list);
  });
});
