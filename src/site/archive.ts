import type { DateFormatter } from './dates.js';
import type { Draft } from './draft.js';
import { locate, type Location } from './permalinks.js';

/** A month that has posts. */
export interface ArchiveMonth<P> extends Location {
  readonly year: string;
  readonly month: string;
  /** `November 2008`, in the site's language. */
  readonly label: string;
  /** The month's name alone: `November`. */
  readonly name: string;
  readonly posts: readonly P[];
}

/** A year that has posts, with its months newest first. */
export interface ArchiveYear<P> extends Location {
  readonly year: string;
  readonly months: readonly ArchiveMonth<P>[];
  readonly posts: readonly P[];
}

/**
 * Groups posts (given newest first) by year, then month, in the site's time zone.
 * Both levels come out newest first, and every post lands in exactly one month.
 */
export function buildArchive<P extends { year: string; month: string }>(
  posts: readonly P[],
  basePath: string,
  dates: DateFormatter,
): ArchiveYear<P>[] {
  type Month = Draft<ArchiveMonth<P>>;
  const years: Array<Omit<Draft<ArchiveYear<P>>, 'months'> & { months: Month[] }> = [];
  for (const post of posts) {
    let year = years.at(-1);
    if (year?.year !== post.year) {
      year = { year: post.year, months: [], posts: [], ...locate(basePath, `archive/${post.year}/`) };
      years.push(year);
    }
    let month: Month | undefined = year.months.at(-1);
    if (month?.month !== post.month) {
      const m = Number(post.month);
      month = {
        year: post.year,
        month: post.month,
        label: dates.month(Number(post.year), m),
        name: dates.monthName(m),
        posts: [],
        ...locate(basePath, `archive/${post.year}/${post.month}/`),
      };
      year.months.push(month);
    }
    year.posts.push(post);
    month.posts.push(post);
  }
  return years;
}
