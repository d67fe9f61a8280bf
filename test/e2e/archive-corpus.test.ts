/**
 * Archive and tag pages on a generated corpus of 1,000 posts (issue 3, "done when" 1).
 *
 * The corpus comes from `bench/gen-corpus.mjs` (deterministic). What the site should
 * contain is derived here from the corpus files' front matter, independently of quire's code:
 * published posts are the non-drafts dated before the build's clock; a post's month is the
 * month of its date in UTC (the default time zone; a date without a time is that calendar day);
 * its URL is `/:year/:month/:slug/` with the slug from the file name.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { generateCorpus } from '../support/corpus.js';

const POSTS = 1000;
const NOW = Date.parse('2026-01-01T00:00:00Z');
const PER_PAGE = 10; // the default `postsPerPage`

// ---------------------------------------------------------------- the corpus, read independently

interface CorpusPost {
  file: string;
  slug: string;
  draft: boolean;
  time: number;
  /** `YYYY` and `MM` of the date in UTC. */
  year: string;
  month: string;
  tags: string[];
  /** The URL quire should give it. */
  url: string;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  if (v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return v;
}

/** UTC year, month and instant of a front-matter date as the generator writes them. */
function utcDate(text: string): { year: string; month: string; time: number } {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dateOnly) {
    // That calendar day in the site's zone (UTC): its month is the one written.
    return { year: dateOnly[1] ?? '', month: dateOnly[2] ?? '', time: Date.parse(`${text}T00:00:00Z`) };
  }
  const full = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}) ?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!full) throw new Error(`unexpected date in corpus: ${text}`);
  const time = Date.parse(`${full[1]}T${full[2]}${full[3]}`);
  if (Number.isNaN(time)) throw new Error(`unparseable date in corpus: ${text}`);
  const d = new Date(time);
  return { year: String(d.getUTCFullYear()), month: String(d.getUTCMonth() + 1).padStart(2, '0'), time };
}

function readCorpusPost(dir: string, file: string): CorpusPost {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1];
  if (fm === undefined) throw new Error(`${file}: no front matter`);
  const lines = fm.split('\n');
  let date: string | undefined;
  let draft = false;
  const tags: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = /^([a-z]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value = ''] = m;
    if (key === 'date') date = value.trim();
    else if (key === 'draft') draft = value.trim() === 'true';
    else if (key === 'tags') {
      if (value.startsWith('[')) {
        const inner = value.trim().replace(/^\[|\]$/g, '');
        // The generator's tags hold no commas, so splitting the flow list is safe.
        for (const t of inner.split(',')) if (t.trim() !== '') tags.push(unquote(t));
      } else {
        for (let j = i + 1; j < lines.length && /^\s+- /.test(lines[j] ?? ''); j++) tags.push(unquote((lines[j] ?? '').replace(/^\s+- /, '')));
      }
    }
  }
  if (date === undefined) throw new Error(`${file}: no date`);
  const name = /^\d{4}-\d{2}-\d{2}-(.+)\.md$/.exec(file);
  if (!name?.[1]) throw new Error(`unexpected corpus file name ${file}`);
  const { year, month, time } = utcDate(date);
  return { file, slug: name[1], draft, time, year, month, tags, url: `/${year}/${month}/${name[1]}/` };
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

// ---------------------------------------------------------------- reading the built pages

type Doc = ReturnType<typeof parseDocument>;
type El = ReturnType<typeof DomUtils.findAll>[number];

const hasClass = (el: El, cls: string): boolean => (el.attribs['class'] ?? '').split(/\s+/).includes(cls);
const byClass = (root: Doc | El, cls: string): El[] => DomUtils.findAll((el) => hasClass(el, cls), [root]);
const byTag = (root: Doc | El, tag: string): El[] => DomUtils.findAll((el) => el.name === tag, [root]);
const text = (el: El): string => DomUtils.textContent(el).replace(/\s+/g, ' ').trim();

let dist = '';
const docs = new Map<string, Doc>();
/** Parses `dist/<rel>` (cached). */
function page(rel: string): Doc {
  let doc = docs.get(rel);
  if (!doc) {
    doc = parseDocument(readFileSync(path.join(dist, rel), 'utf8'));
    docs.set(rel, doc);
  }
  return doc;
}

/** The `index.html` files of a paginated listing at `dir` (`archive/2011/01/`): page 1, then `page/N/`. */
function listingPages(dir: string): string[] {
  const pages = [`${dir}index.html`];
  const more = path.join(dist, dir, 'page');
  if (existsSync(more)) {
    const numbers = readdirSync(more).map(Number).sort((a, b) => a - b);
    // Pages 2..N, none missing, none extra.
    expect(numbers, `${dir}page/`).toEqual(numbers.map((_, i) => i + 2));
    for (const n of numbers) pages.push(`${dir}page/${n}/index.html`);
  }
  return pages;
}

/** Post links of a listing's page: the title link of every post summary inside `<main>`. */
function postLinks(rel: string): string[] {
  const main = byTag(page(rel), 'main')[0];
  if (!main) throw new Error(`${rel}: no <main>`);
  return byClass(main, 'post-summary').map((summary) => {
    const a = byClass(summary, 'post-title').flatMap((t) => byTag(t, 'a'))[0];
    const href = a?.attribs['href'];
    if (href === undefined) throw new Error(`${rel}: a post summary without a title link`);
    return href;
  });
}

/** Post links over every page of a paginated listing; checks the page sizes on the way. */
function listingLinks(dir: string): string[] {
  const pages = listingPages(dir);
  const links = pages.map(postLinks);
  links.forEach((onPage, i) => {
    if (i < links.length - 1) expect(onPage.length, `${pages[i]} is not full`).toBe(PER_PAGE);
    else expect(onPage.length, `${pages[i]}`).toBeGreaterThan(0);
    expect(onPage.length).toBeLessThanOrEqual(PER_PAGE);
  });
  return links.flat();
}

const digitsDirs = (dir: string, digits: number): string[] =>
  readdirSync(path.join(dist, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && new RegExp(`^\\d{${digits}}$`).test(e.name))
    .map((e) => e.name)
    .sort();

const monthLabel = (year: string, month: string): string =>
  new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(Number(year), Number(month) - 1, 15));

const countOf = (el: El): number => {
  const count = byClass(el, 'count')[0];
  const m = count && /^\((\d+)\)$/.exec(text(count));
  if (!m?.[1]) throw new Error(`no "(N)" count in: ${text(el)}`);
  return Number(m[1]);
};

// ---------------------------------------------------------------- the tests

describe(`archive and tags on a ${POSTS}-post corpus`, () => {
  let tmp = '';
  let result: BuildResult;
  let published: CorpusPost[] = [];
  let drafts: CorpusPost[] = [];
  const months = new Map<string, Set<string>>(); // `YYYY/MM` → post URLs
  const years = new Map<string, Set<string>>(); // `YYYY` → post URLs
  const tags = new Map<string, Set<string>>(); // lower-cased tag → post URLs

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'quire-corpus-'));
    generateCorpus(tmp, POSTS);
    const postsDir = path.join(tmp, 'posts');
    const all = readdirSync(postsDir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => readCorpusPost(postsDir, f));
    published = all.filter((p) => !p.draft && p.time <= NOW);
    drafts = all.filter((p) => p.draft);
    for (const p of published) {
      addTo(months, `${p.year}/${p.month}`, p.url);
      addTo(years, p.year, p.url);
      for (const t of p.tags) addTo(tags, t.normalize('NFC').toLowerCase(), p.url);
    }
    dist = path.join(tmp, 'dist');
    result = build({ root: tmp, src: 'posts', out: dist, now: NOW });
  }, 180_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads a corpus that exercises the checks', () => {
    expect(published.length + drafts.length).toBe(POSTS);
    expect(drafts.length).toBeGreaterThan(0);
    expect(months.size).toBeGreaterThan(100);
    expect(tags.size).toBeGreaterThan(100);
    // Offsets push some posts into another month than their file name says.
    expect(published.some((p) => p.file.slice(0, 7) !== `${p.year}-${p.month}`)).toBe(true);
  });

  it('builds without errors', () => {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.file ?? ''}: ${d.message}`).slice(0, 5), `${errors.length} errors`).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.posts).toBe(published.length);
    expect(result.skipped.drafts).toBe(drafts.length);
  });

  it('writes the archive, year and month pages for exactly the periods with published posts', () => {
    expect(existsSync(path.join(dist, 'archive/index.html'))).toBe(true);
    expect(digitsDirs('archive', 4)).toEqual([...years.keys()].sort());
    for (const year of years.keys()) {
      expect(existsSync(path.join(dist, `archive/${year}/index.html`)), year).toBe(true);
      const expected = [...months.keys()].filter((k) => k.startsWith(`${year}/`)).map((k) => k.slice(5)).sort();
      expect(digitsDirs(`archive/${year}`, 2), year).toEqual(expected);
    }
  });

  it('lists every published post in exactly one month page, the month of its date in UTC', () => {
    const seen = new Map<string, number>();
    for (const [key, urls] of months) {
      const links = listingLinks(`archive/${key}/`);
      expect(new Set(links).size, `duplicates on archive/${key}/`).toBe(links.length);
      expect(new Set(links), `archive/${key}/`).toEqual(urls);
      for (const l of links) seen.set(l, (seen.get(l) ?? 0) + 1);
      const h1 = byTag(page(`archive/${key}/index.html`), 'h1')[0];
      const [y = '', m = ''] = key.split('/');
      expect(h1 && text(h1)).toContain(monthLabel(y, m));
    }
    expect(seen.size).toBe(published.length);
    expect([...seen].filter(([, n]) => n !== 1)).toEqual([]);
    for (const d of drafts) expect(seen.has(d.url), d.file).toBe(false);
  });

  it('lists each year’s posts on its year pages', () => {
    for (const [year, urls] of years) {
      const links = listingLinks(`archive/${year}/`);
      expect(links.length).toBe(urls.size);
      expect(new Set(links), `archive/${year}/`).toEqual(urls);
    }
  });

  it('shows every month with its count, newest first, on the archive page', () => {
    const doc = page('archive/index.html');
    const main = byTag(doc, 'main')[0];
    if (!main) throw new Error('no <main>');
    const monthLinks = byTag(main, 'h3').map((h) => ({ href: byTag(h, 'a')[0]?.attribs['href'], label: text(byTag(h, 'a')[0] ?? h), count: countOf(h) }));
    const expected = [...months.keys()].sort().reverse();
    expect(monthLinks.map((m) => m.href)).toEqual(expected.map((k) => `/archive/${k}/`));
    for (const [i, m] of monthLinks.entries()) {
      const key = expected[i] ?? '';
      const [y = '', mm = ''] = key.split('/');
      expect(m.count, key).toBe(months.get(key)?.size);
      expect(m.label).toBe(monthLabel(y, mm));
    }
    const postHrefs = byTag(main, 'li').flatMap((li) => byTag(li, 'a').map((a) => a.attribs['href'] ?? ''));
    expect(postHrefs.length).toBe(published.length);
    expect(new Set(postHrefs)).toEqual(new Set(published.map((p) => p.url)));
  });

  it('has every year, and the months of the newest year, with the right counts in the home page sidebar', () => {
    const widget = byClass(page('index.html'), 'widget-archive')[0];
    if (!widget) throw new Error('no archive widget in the home page sidebar');
    const newest = [...years.keys()].sort().reverse();
    // The newest year open, "2025 (69)", with its months; every older year a link with its count.
    const open = byTag(widget, 'summary').map((s) => ({ year: /\d{4}/.exec(text(s))?.[0], count: countOf(s) }));
    expect(open).toEqual([{ year: newest[0], count: years.get(newest[0] as string)?.size }]);
    const older = byClass(widget, 'archive-years').flatMap((ul) => byTag(ul, 'li')).map((li) => {
      const a = byTag(li, 'a')[0];
      return { href: a?.attribs['href'], year: a ? text(a) : '', count: countOf(li) };
    });
    expect(older).toEqual(newest.slice(1).map((y) => ({ href: `/archive/${y}/`, year: y, count: years.get(y)?.size })));
    const hrefs = byTag(widget, 'a').map((a) => a.attribs['href'] ?? '');
    expect(hrefs.filter((h) => /^\/archive\/\d{4}\/$/.test(h)).sort()).toEqual([...years.keys()].sort().map((y) => `/archive/${y}/`));
    // Months: every month of the newest year with posts, newest first, with its label and count.
    const monthEntries = byTag(widget, 'a')
      .filter((a) => /^\/archive\/\d{4}\/\d{2}\/$/.test(a.attribs['href'] ?? ''))
      .map((a) => ({ href: a.attribs['href'], label: text(a), count: a.parent ? countOf(a.parent as El) : -1 }));
    expect(monthEntries).toEqual(
      [...months.keys()].filter((k) => k.startsWith(`${newest[0]}/`)).sort().reverse().map((k) => {
        const [y = '', m = ''] = k.split('/');
        return { href: `/archive/${k}/`, label: monthLabel(y, m), count: months.get(k)?.size };
      }),
    );
  });

  it('lists the 40 most used tags in the sidebar, in the order of the tag index, with a link to all of them', () => {
    const entries = (root: Doc | El, cls?: string) => byTag(cls ? (byClass(root, cls)[0] as El) : root, 'li').map((li) => {
      const a = byTag(li, 'a')[0];
      return { href: a?.attribs['href'] ?? '', count: countOf(li) };
    });
    const index = entries(byTag(page('tags/index.html'), 'main')[0] as El);
    expect(index.length).toBeGreaterThan(40);
    const top = new Set([...index].sort((a, b) => b.count - a.count || index.indexOf(a) - index.indexOf(b)).slice(0, 40).map((t) => t.href));
    const sidebar = entries(page('index.html'), 'widget-tags');
    expect(sidebar).toEqual(index.filter((t) => top.has(t.href)));
    const all = byClass(page('index.html'), 'all-tags').flatMap((p) => byTag(p, 'a'));
    expect(all.map((a) => [a.attribs['href'], text(a)])).toEqual([['/tags/', `All ${index.length} tags`]]);
  });

  it('writes tag pages for exactly the tags present (case-insensitive), each listing its posts', () => {
    const main = byTag(page('tags/index.html'), 'main')[0];
    if (!main) throw new Error('tags/index.html: no <main>');
    const entries = byTag(main, 'li').map((li) => {
      const a = byTag(li, 'a')[0];
      return { name: a ? text(a) : '', href: a?.attribs['href'] ?? '', count: countOf(li) };
    });
    expect(new Set(entries.map((e) => e.name.normalize('NFC').toLowerCase()))).toEqual(new Set(tags.keys()));
    expect(entries.length).toBe(tags.size);
    expect(new Set(entries.map((e) => e.href)).size, 'distinct tag URLs').toBe(entries.length);
    // No other tag pages than those listed.
    const onDisk = readdirSync(path.join(dist, 'tags'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `/tags/${e.name}/`)
      .sort();
    expect(onDisk).toEqual(entries.map((e) => e.href).sort());
    for (const entry of entries) {
      const expected = tags.get(entry.name.normalize('NFC').toLowerCase()) ?? new Set();
      expect(entry.count, entry.name).toBe(expected.size);
      const links = listingLinks(entry.href.slice(1));
      expect(links.length, entry.href).toBe(expected.size);
      expect(new Set(links), entry.href).toEqual(expected);
    }
  });

  it('keeps drafts out of the sitemap and feeds', () => {
    const sitemap = readFileSync(path.join(dist, 'sitemap.xml'), 'utf8');
    const locs = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => new URL(m[1] ?? '').pathname);
    const postLocs = locs.filter((l) => /^\/\d{4}\/\d{2}\/[^/]+\/$/.test(l));
    expect(new Set(postLocs)).toEqual(new Set(published.map((p) => p.url)));
    // The newest 20 (the default feedLimit), in every feed format; the entries' own links only
    // (post bodies may link to a draft's URL, which is the author's business).
    const newest = [...published].sort((a, b) => b.time - a.time).slice(0, 20).map((p) => p.url);
    const rss = readFileSync(path.join(dist, 'rss.xml'), 'utf8');
    const rssLinks = [...rss.matchAll(/<item>[\s\S]*?<link>([^<]*)<\/link>/g)].map((m) => new URL(m[1] ?? '').pathname);
    expect(rssLinks).toEqual(newest);
    const atom = readFileSync(path.join(dist, 'atom.xml'), 'utf8');
    const atomLinks = [...atom.matchAll(/<entry>[\s\S]*?<link rel="alternate"[^>]*href="([^"]*)"/g)].map((m) => new URL(m[1] ?? '').pathname);
    expect(atomLinks).toEqual(newest);
    const json = JSON.parse(readFileSync(path.join(dist, 'feed.json'), 'utf8')) as { items: { url: string }[] };
    expect(json.items.map((i) => new URL(i.url).pathname)).toEqual(newest);
  });
});
