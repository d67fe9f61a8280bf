import { locate, type Location } from './permalinks.js';

/** One page of a paginated listing. */
export interface Paginated<T> {
  items: T[];
  /** 1-based page number. */
  number: number;
  total: number;
  location: Location;
  previous?: string;
  next?: string;
}

/**
 * Splits `items` into pages of `perPage`: the first at `dir` (`tags/x/`), the others at
 * `dir/page/N/`, Hugo- and Jekyll-style. An empty list still gets one (empty) page.
 */
export function paginate<T>(items: readonly T[], perPage: number, basePath: string, dir: string): Paginated<T>[] {
  const total = Math.max(1, Math.ceil(items.length / perPage));
  const where = (n: number): Location => locate(basePath, n === 1 ? dir : `${dir}page/${n}/`);
  const pages: Paginated<T>[] = [];
  for (let n = 1; n <= total; n++) {
    const page: Paginated<T> = { items: items.slice((n - 1) * perPage, n * perPage), number: n, total, location: where(n) };
    if (n > 1) page.previous = where(n - 1).url;
    if (n < total) page.next = where(n + 1).url;
    pages.push(page);
  }
  return pages;
}
