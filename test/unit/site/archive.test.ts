import { describe, expect, it } from 'vitest';
import { buildArchive } from '../../../src/site/archive.js';
import { createDateFormatter } from '../../../src/site/dates.js';

const dates = createDateFormatter('en', 'UTC');
type P = { id: string; year: string; month: string };
const post = (id: string, ym: string): P => ({ id, year: ym.slice(0, 4), month: ym.slice(5, 7) });

describe('buildArchive', () => {
  const posts = [
    post('a', '2025-07'),
    post('b', '2025-07'),
    post('c', '2025-01'),
    post('d', '2024-12'),
    post('e', '2024-03'),
    post('f', '2024-03'),
    post('g', '2008-11'),
  ];
  const archive = buildArchive(posts, '/blog/', dates);

  it('groups by year then month, both newest first', () => {
    expect(archive.map((y) => y.year)).toEqual(['2025', '2024', '2008']);
    expect(archive.map((y) => y.months.map((m) => m.month))).toEqual([['07', '01'], ['12', '03'], ['11']]);
  });

  it('puts every post in exactly one month, and in its own year', () => {
    const placed = archive.flatMap((y) => y.months.flatMap((m) => m.posts.map((p) => p.id)));
    expect(placed).toEqual(posts.map((p) => p.id));
    for (const year of archive) {
      expect(year.posts).toEqual(year.months.flatMap((m) => m.posts));
      for (const month of year.months) for (const p of month.posts) expect([p.year, p.month]).toEqual([year.year, month.month]);
    }
  });

  it('counts and labels months, and gives each period its URL', () => {
    const july = archive[0]?.months[0];
    expect(july).toMatchObject({ label: 'July 2025', name: 'July', url: '/blog/archive/2025/07/', outputPath: 'archive/2025/07/index.html' });
    expect(july?.posts).toHaveLength(2);
    expect(archive[2]).toMatchObject({ url: '/blog/archive/2008/', outputPath: 'archive/2008/index.html' });
  });

  it('gives an empty archive for no posts', () => {
    expect(buildArchive([], '/', dates)).toEqual([]);
  });
});
