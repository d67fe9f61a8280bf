import { hasIndex } from './taxonomies.js';
import type { Site } from './build-site.js';

/**
 * Every listing quire writes from the model, by output path, with what it is: the home
 * page's later pages, the archive's years and months, each taxonomy's index, terms and feeds,
 * the authors' pages. A post, page or alias there would be overwritten (see `buildSite`).
 */
export function generatedPaths(site: Pick<Site, 'config' | 'basePath' | 'posts' | 'archive' | 'taxonomies' | 'authors'>): Map<string, string> {
  const paths = new Map<string, string>();
  const perPage = site.config.postsPerPage;
  const listing = (url: string, count: number, what: string, feeds = false) => {
    const dir = url.slice(site.basePath.length);
    const pages = Math.max(1, Math.ceil(count / perPage));
    for (let n = 1; n <= pages; n++) paths.set(n === 1 ? `${dir}index.html` : `${dir}page/${n}/index.html`, what);
    if (feeds) for (const feed of ['rss.xml', 'atom.xml']) paths.set(`${dir}${feed}`, `the feed of ${what}`);
  };
  listing(site.basePath, site.posts.length, 'the home page');
  for (const year of site.archive) {
    listing(year.url, year.posts.length, `the archive of ${year.year}`);
    for (const month of year.months) listing(month.url, month.posts.length, `the archive of ${month.label}`);
  }
  for (const taxonomy of site.taxonomies) {
    if (hasIndex(taxonomy)) paths.set(taxonomy.outputPath, `the index of ${taxonomy.name}`);
    for (const term of taxonomy.terms) listing(term.url, term.posts.length, `the ${taxonomy.name} page of “${term.title}”`, taxonomy.feeds);
  }
  for (const author of site.authors) listing(author.url, author.posts.length, `the page of ${author.name}`, true);
  return paths;
}
