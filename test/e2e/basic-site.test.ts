/**
 * Builds the fixture site in test/fixtures/basic (America/New_York, base URL with /blog/) and
 * checks the output page by page.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { findBrokenLinks, formatBrokenRefs } from '../helpers/link-walk.js';
import { FIXED_NOW } from '../support/clock.js';
import { all, attr, hasClass, ids, one, readPage, text, type Document } from '../support/html.js';
import { useTempDirs } from '../support/temp-dir.js';
import { listTree } from '../support/tree.js';

const root = fileURLToPath(new URL('../fixtures/basic/', import.meta.url));
const tempDir = useTempDirs('quire-basic-');

/** The published posts, newest first: [output folder, title, datetime, date text]. */
const published = [
  ['2024/03/just-before-april/', 'Just Before April', '2024-03-31T23:00:00-04:00', 'March 31, 2024'],
  ['2024/03/a-bundle/', 'A Bundle With a Picture', '2024-03-02T18:05:00-05:00', 'March 2, 2024'],
  ['2024/01/winter-notes/', 'Winter Notes', '2024-01-15T00:00:00-05:00', 'January 15, 2024'],
  ['2008/11/ask-and-ye-shall-receive/', 'Ask and Ye Shall Receive', '2008-11-06T00:00:00-05:00', 'November 6, 2008'],
] as const;

let out: string;
let result: BuildResult;
const page = (relative: string): Document => readPage(out, relative).doc;
const html = (relative: string): string => readFileSync(path.join(out, relative), 'utf8');
const htmlFiles = (): string[] => listTree(out).filter((f) => f.endsWith('.html'));

beforeAll(() => {
  out = path.join(tempDir(), 'site');
  result = build({ root, out, now: FIXED_NOW });
});

describe('the basic fixture site', () => {
  it('builds with no errors, leaving out the draft and the future post', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.posts).toBe(4);
    expect(result.skipped).toEqual({ drafts: 1, future: 1 });
    expect(result.outDir).toBe(out);
  });

  it('writes exactly the expected files', async () => {
    // The theme's assets carry a hash of their content in their names; the content may change,
    // the names' form may not. The search index's files are Pagefind's: their folder is listed.
    const files = [...new Set(listTree(out)
      .map((f) => f.replace(/^assets\/(style|search)\.[0-9a-f]{10}\.(css|js)$/, 'assets/$1.HASH.$2'))
      .map((f) => f.replace(/^pagefind\/0\/.*/, 'pagefind/0/…')))];
    await expect(`${files.join('\n')}\n`).toMatchFileSnapshot('../fixtures/basic/expected-files.txt');
  });

  it('lists posts newest first on the home page, with excerpts and "Continue reading"', () => {
    const home = page('index.html');
    const summaries = all(home, 'article', hasClass('post-summary'));
    expect(summaries.map((a) => text(one(a, 'h2')))).toEqual(['Just Before April', 'A Bundle With a Picture']);
    const page2 = all(page('page/2/index.html'), 'article', hasClass('post-summary'));
    expect(page2.map((a) => text(one(a, 'h2')))).toEqual(['Winter Notes', 'Ask and Ye Shall Receive']);

    const [april, bundle] = summaries;
    if (!april || !bundle) throw new Error('missing summaries');
    // A one-paragraph post has nothing more to read.
    expect(all(april, 'p', hasClass('more'))).toEqual([]);
    expect(text(one(april, 'div', hasClass('excerpt')))).toBe('Written at 03:00 UTC on 1 April, which is still 31 March in New York.');
    // First-paragraph excerpt, without the footnote reference or the image that follow.
    expect(text(one(bundle, 'div', hasClass('excerpt')))).toBe('This post lives in a folder with its image beside it.');
    expect(all(bundle, 'sup')).toEqual([]);
    const more = one(bundle, 'p', hasClass('more'));
    expect(text(more)).toMatch(/^Continue reading/);
    expect(attr(one(more, 'a'), 'href')).toBe('/blog/2024/03/a-bundle/');

    const [winter, ask] = page2;
    if (!winter || !ask) throw new Error('missing summaries');
    expect(text(one(winter, 'div', hasClass('excerpt')))).toBe('A date-only post in January, whose first paragraph is its excerpt.');
    expect(text(one(ask, 'div', hasClass('excerpt')))).toBe('The oldest post takes its date and slug from its file name alone.');
    expect(html('page/2/index.html')).not.toContain('FULL-TEXT-ONLY');
    expect(all(ask, 'p', hasClass('more'))).toHaveLength(1);
  });

  it('paginates the home page with links between the pages', () => {
    const nav1 = one(page('index.html'), 'nav', hasClass('pagination'));
    expect(all(nav1, 'a').map((a) => attr(a, 'href'))).toEqual(['/blog/page/2/']);
    const nav2 = one(page('page/2/index.html'), 'nav', hasClass('pagination'));
    expect(all(nav2, 'a').map((a) => attr(a, 'href'))).toEqual(['/blog/']);
  });

  it.each(published.map((p, i) => [p[1], i] as const))('gives "%s" a page with title, local date, tags, reading time and neighbours', (_title, i) => {
    const [dir, title, datetime, dateText] = published[i] ?? published[0];
    const doc = page(`${dir}index.html`);
    const article = one(doc, 'article', hasClass('post'));
    expect(text(one(article, 'h1'))).toBe(title);
    expect(text(one(doc, 'title'))).toBe(`${title} · Fixture Notes`);
    const time = one(article, 'time');
    expect(attr(time, 'datetime')).toBe(datetime);
    expect(text(time)).toBe(dateText);
    expect(text(one(article, 'span', hasClass('reading-time')))).toBe('1 min read');
    expect(attr(one(doc, 'link', (l) => attr(l, 'rel') === 'canonical'), 'href')).toBe(`https://example.com/blog/${dir}`);

    const nav = all(doc, 'nav', hasClass('post-nav'))[0];
    const older = published[i + 1];
    const newer = published[i - 1];
    const prev = nav ? all(nav, 'a', (a) => attr(a, 'rel') === 'prev') : [];
    const next = nav ? all(nav, 'a', (a) => attr(a, 'rel') === 'next') : [];
    expect(prev.map((a) => attr(a, 'href'))).toEqual(older ? [`/blog/${older[0]}`] : []);
    expect(next.map((a) => attr(a, 'href'))).toEqual(newer ? [`/blog/${newer[0]}`] : []);
  });

  it('shows each post’s tags, merged without regard to case under the most-used spelling', () => {
    const tagsOf = (dir: string) => all(one(page(`${dir}index.html`), 'p', hasClass('post-tags')), 'a').map((a) => [text(a), attr(a, 'href')]);
    expect(tagsOf('2008/11/ask-and-ye-shall-receive/')).toEqual([
      ['testing', '/blog/tags/testing/'],
      ['archive', '/blog/tags/archive/'],
    ]);
    expect(tagsOf('2024/03/just-before-april/')).toEqual([
      ['testing', '/blog/tags/testing/'],
      ['time zones', '/blog/tags/time-zones/'],
    ]);
    const tagPage = all(page('tags/testing/index.html'), 'article', hasClass('post-summary')).map((a) => text(one(a, 'h2')));
    const tagPage2 = all(page('tags/testing/page/2/index.html'), 'article', hasClass('post-summary')).map((a) => text(one(a, 'h2')));
    expect([...tagPage, ...tagPage2]).toEqual(['Just Before April', 'Winter Notes', 'Ask and Ye Shall Receive']);
    expect(result.diagnostics.map((d) => d.code)).toContain('TagCase');
  });

  it('turns a link to another post’s .md file into a link to its page', () => {
    const body = one(page('2024/01/winter-notes/index.html'), 'div', hasClass('post-body'));
    expect(all(body, 'a').map((a) => [text(a), attr(a, 'href')])).toEqual([['the oldest post', '/blog/2008/11/ask-and-ye-shall-receive/']]);
  });

  it('shows the full text after the excerpt marker only on the post page', () => {
    expect(html('2008/11/ask-and-ye-shall-receive/index.html')).toContain('FULL-TEXT-ONLY-OLDEST');
    expect(html('2024/01/winter-notes/index.html')).toContain('FULL-TEXT-ONLY-WINTER');
    for (const file of htmlFiles().filter((f) => !f.startsWith('2'))) expect(html(file)).not.toContain('FULL-TEXT-ONLY');
  });

  it('copies the bundle’s image beside its page and links it there', () => {
    const copied = readFileSync(path.join(out, '2024/03/a-bundle/square.svg'));
    expect(copied.equals(readFileSync(path.join(root, 'posts/2024-03-02-a-bundle/square.svg')))).toBe(true);
    const img = one(one(page('2024/03/a-bundle/index.html'), 'div', hasClass('post-body')), 'img');
    expect(attr(img, 'src')).toBe('/blog/2024/03/a-bundle/square.svg');
    expect(attr(img, 'alt')).toBe('A small blue square');
  });

  it('renders footnotes whose links and ids agree', () => {
    const doc = page('2024/03/a-bundle/index.html');
    const body = one(doc, 'div', hasClass('post-body'));
    const anchors = all(body, 'a').map((a) => attr(a, 'href') ?? '').filter((h) => h.startsWith('#'));
    expect(anchors.length).toBeGreaterThanOrEqual(2);
    const pageIds = ids(doc);
    for (const anchor of anchors) expect(pageIds).toContain(anchor.slice(1));
  });

  it('copies static files as they are', () => {
    expect(readFileSync(path.join(out, 'files/notes.txt'), 'utf8')).toBe('A static file, copied as-is.\n');
  });

  it('keeps the draft and the future post out of every page, feed and the sitemap', () => {
    for (const file of listTree(out).filter((f) => /\.(html|xml|json|txt)$/.test(f))) {
      const content = html(file);
      for (const secret of ['Secret Draft', 'SECRET-DRAFT-TEXT', 'secret-draft', 'drafts-only', 'From the Future', 'FUTURE-POST-TEXT', 'from-the-future', 'future-only']) {
        expect(content, `${secret} in ${file}`).not.toContain(secret);
      }
    }
    expect(existsSync(path.join(out, '2024/02'))).toBe(false);
    expect(existsSync(path.join(out, '2030'))).toBe(false);
    expect(existsSync(path.join(out, 'archive/2030'))).toBe(false);
    expect(existsSync(path.join(out, 'tags/drafts-only'))).toBe(false);
  });

  it('puts every link under the /blog/ base path and leaves no internal link broken', async () => {
    for (const file of htmlFiles()) {
      for (const href of [...html(file).matchAll(/\s(?:href|src)="(\/[^"]*)"/g)].map((m) => m[1] ?? '')) {
        expect(href, `${href} in ${file}`).toMatch(/^\/blog\//);
      }
    }
    const broken = await findBrokenLinks(out, { base: '/blog/', siteUrl: 'https://example.com/blog/' });
    expect(broken, formatBrokenRefs(broken)).toEqual([]);
  });

  it('lists every published page in the sitemap with absolute URLs', () => {
    const xml = html('sitemap.xml');
    const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1] ?? '');
    expect(locs.length).toBeGreaterThan(published.length);
    for (const loc of locs) expect(loc).toMatch(/^https:\/\/example\.com\/blog\//);
    for (const [dir] of published) expect(locs).toContain(`https://example.com/blog/${dir}`);
    expect(locs).toContain('https://example.com/blog/');
    for (const loc of locs) {
      const file = loc.replace('https://example.com/blog/', '').replace(/(^|\/)$/, '$1index.html');
      expect(existsSync(path.join(out, file)), loc).toBe(true);
    }
  });

  it('names the sitemap in robots.txt', () => {
    expect(html('robots.txt')).toMatch(/^Sitemap: https:\/\/example\.com\/blog\/sitemap\.xml$/m);
  });

  it('has a 404 page whose links work from any address', () => {
    const doc = page('404.html');
    expect(text(one(doc, 'h1'))).toBe('Page not found');
    for (const a of all(doc, 'a')) {
      const href = attr(a, 'href') ?? '';
      if (!href.startsWith('#')) expect(href, href).toMatch(/^(\/blog\/|https?:)/);
    }
  });

  it('groups the archive by month in the site time zone', () => {
    const march = all(page('archive/2024/03/index.html'), 'article', hasClass('post-summary')).map((a) => text(one(a, 'h2')));
    expect(march).toEqual(['Just Before April', 'A Bundle With a Picture']);
    expect(existsSync(path.join(out, 'archive/2024/04'))).toBe(false);
    expect(text(one(page('archive/2008/11/index.html'), 'h1'))).toBe('Posts from November 2008');
  });

  it('uses semantic page structure with lang, title, description and canonical URL on every page', () => {
    for (const file of htmlFiles()) {
      const doc = page(file);
      expect(attr(one(doc, 'html'), 'lang'), file).toBe('en');
      if (file === '404.html' || !all(doc, 'meta', (m) => attr(m, 'http-equiv') === 'refresh').length) {
        expect(text(one(doc, 'title')), file).not.toBe('');
        expect(all(doc, 'main'), file).toHaveLength(1);
        expect(attr(one(doc, 'meta', (m) => attr(m, 'name') === 'description'), 'content'), file).not.toBe('');
        expect(attr(one(doc, 'link', (l) => attr(l, 'rel') === 'canonical'), 'href'), file).toMatch(/^https:\/\/example\.com\/blog\//);
      }
    }
  });
});

describe('building into a folder that does not exist yet', () => {
  it('creates the output folder and its parents', () => {
    const nested = path.join(tempDir(), 'not', 'yet', 'there');
    const r = build({ root, out: nested, now: FIXED_NOW });
    expect(r.ok).toBe(true);
    expect(existsSync(path.join(nested, 'index.html'))).toBe(true);
  });
});
