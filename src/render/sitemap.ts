import { hasIndex } from '../site/taxonomies.js';
import type { Site } from '../site/build-site.js';
import { escapeXml } from './xml.js';

/** `robots.txt`: everything may be crawled; the sitemap is named. */
export function robotsTxt(site: Site): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${new URL('sitemap.xml', site.config.baseUrl).href}\n`;
}

/**
 * `sitemap.xml` (sitemaps.org 0.9): the home page, every post with its last change, and the
 * archive and tag pages. URLs are absolute and percent-encoded by the URL parser.
 */
export function sitemapXml(site: Site): string {
  const origin = new URL(site.config.baseUrl).origin;
  const entry = (path: string, lastmod?: string) =>
    `<url><loc>${escapeXml(new URL(path, origin).href)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`;
  const newest = site.posts[0];
  const lines = [entry(site.basePath, newest && (newest.updated ?? newest.date))];
  for (const post of site.posts) lines.push(entry(post.url, post.updated ?? post.date));
  for (const page of site.pages) if (page.outputPath !== '404.html') lines.push(entry(page.url, page.updated ?? (page.date || undefined)));
  lines.push(entry(`${site.basePath}archive/`));
  for (const year of site.archive) {
    lines.push(entry(year.url));
    for (const month of year.months) lines.push(entry(month.url));
  }
  for (const taxonomy of site.taxonomies.filter(hasIndex)) {
    lines.push(entry(taxonomy.url));
    for (const term of taxonomy.terms) lines.push(entry(term.url));
  }
  for (const author of site.authors) lines.push(entry(author.url));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join('\n')}\n</urlset>\n`;
}
