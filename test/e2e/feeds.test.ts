/**
 * Feeds of the sample blog (issue 3): RSS 2.0, Atom 1.0, JSON Feed 1.1, per-tag feeds,
 * autodiscovery, absolute URLs in content, stable ids, drafts and scheduled posts kept out.
 *
 * Expectations come from the sample posts' front matter, read here with a small parser of
 * our own, not from quire's model.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { build, type BuildResult } from '../../src/build.js';
import { checkAtomRules, parseWithFeedparser, parseWithNode, validateAtomWithJing } from '../helpers/feeds.js';
import { findBrokenLinks, formatBrokenRefs, listFiles } from '../helpers/link-walk.js';
import { toolGate } from '../helpers/tools.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const NOW = Date.parse('2026-01-01T00:00:00Z');
const FEED_LIMIT = 20;

const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// ---------------------------------------------------------------- helpers

type Doc = ReturnType<typeof parseDocument>;
type El = ReturnType<typeof DomUtils.findAll>[number];
const byTag = (root: Doc | El, tag: string): El[] => DomUtils.findAll((el) => el.name === tag, [root]);
const read = (file: string): string => readFileSync(file, 'utf8');

/** A sample post as its source says. */
interface SourcePost {
  file: string;
  title: string;
  slug: string;
  draft: boolean;
  tags: string[];
  /** The instant, when the front matter gives a date with an offset. */
  exact?: number;
  /** A rough instant (date-only values read as UTC), for ordering and the future test. */
  approx: number;
}

function readSourcePosts(postsDir: string): SourcePost[] {
  const files = readdirSync(postsDir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (existsSync(path.join(postsDir, e.name, 'index.md')) ? [`${e.name}/index.md`] : []) : e.name.endsWith('.md') ? [e.name] : [],
  );
  return files.map((file) => {
    const text = read(path.join(postsDir, file));
    const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
    // Dates are read from the raw line: a YAML parser could turn them into Date objects.
    const dateLine = /^date:\s*(.+)$/m.exec(fm)?.[1]?.trim().replace(/^["']|["']$/g, '');
    const data = (parseYaml(fm) ?? {}) as Record<string, unknown>;
    const base = file.replace(/\/index\.md$|\.md$/, '');
    const name = /^(\d{4}-\d{2}-\d{2})-(.+)$/.exec(base);
    const dateText = dateLine ?? name?.[1];
    if (!dateText) throw new Error(`${file}: no date`);
    const withOffset = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?) ?(Z|[+-]\d{2}:\d{2})$/.exec(dateText);
    const exact = withOffset ? Date.parse(`${withOffset[1]}T${withOffset[2]}${withOffset[3]}`) : undefined;
    const post: SourcePost = {
      file,
      title: String(data['title']),
      slug: typeof data['slug'] === 'string' ? data['slug'] : (name?.[2] ?? base),
      draft: data['draft'] === true,
      tags: Array.isArray(data['tags']) ? data['tags'].map(String) : [],
      approx: exact ?? Date.parse(`${dateText.slice(0, 10)}T12:00:00Z`),
    };
    if (exact !== undefined) post.exact = exact;
    return post;
  });
}

/** Child elements of an XML node by local name (ignoring prefixes we do not need). */
const kids = (el: El | Doc, name: string): El[] => DomUtils.findAll((c) => c.name === name, [el]);
const xmlDoc = (file: string): Doc => parseDocument(read(file), { xmlMode: true });
const textOf = (el: El | undefined): string => (el ? DomUtils.textContent(el) : '');

/** Every URL-valued attribute in an HTML fragment. */
function urlsIn(html: string): { attr: string; value: string }[] {
  const out: { attr: string; value: string }[] = [];
  for (const el of DomUtils.findAll(() => true, [parseDocument(html)])) {
    for (const attr of ['href', 'src', 'poster', 'cite', 'action']) {
      const value = el.attribs[attr];
      if (value !== undefined) out.push({ attr: `${el.name}[${attr}]`, value });
    }
    const srcset = el.attribs['srcset'];
    if (srcset !== undefined) for (const part of srcset.split(',')) out.push({ attr: `${el.name}[srcset]`, value: part.trim().split(/\s+/)[0] ?? '' });
  }
  return out;
}
const isAbsolute = (url: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(url);

/** `<link rel="alternate">` elements of an HTML page's head. */
function alternates(file: string): { type: string; href: string }[] {
  const head = byTag(parseDocument(read(file)), 'head')[0];
  if (!head) return [];
  return byTag(head, 'link')
    .filter((l) => (l.attribs['rel'] ?? '').split(/\s+/).includes('alternate'))
    .map((l) => ({ type: l.attribs['type'] ?? '', href: l.attribs['href'] ?? '' }));
}

// ---------------------------------------------------------------- the sample blog

let tmp = '';
let out = '';
let result: BuildResult;
let posts: SourcePost[] = [];
let published: SourcePost[] = [];
/** Lower-cased tag → its posts (newest first), and the tag's URL from `/tags/`. */
const tags = new Map<string, { posts: SourcePost[]; url: string }>();
let origin = '';

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'quire-feeds-'));
  out = path.join(tmp, 'sample');
  result = build({ root: repoRoot, out, now: NOW });
  posts = readSourcePosts(path.join(repoRoot, 'posts'));
  published = posts.filter((p) => !p.draft && p.approx <= NOW).sort((a, b) => b.approx - a.approx);
  origin = new URL(String((parseYaml(read(path.join(repoRoot, 'quire.config.yaml'))) as Record<string, unknown>)['baseUrl'])).origin;
  if (!result.ok) return;
  const tagIndex = byTag(parseDocument(read(path.join(out, 'tags/index.html'))), 'main')[0];
  const links = tagIndex ? byTag(tagIndex, 'a') : [];
  for (const p of published) {
    for (const t of p.tags) {
      const key = t.toLowerCase();
      let entry = tags.get(key);
      if (!entry) {
        const a = links.find((l) => textOf(l).toLowerCase() === key);
        tags.set(key, (entry = { posts: [], url: a?.attribs['href'] ?? `(no link for ${t} in /tags/)` }));
      }
      if (!entry.posts.includes(p)) entry.posts.push(p);
    }
  }
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A tag spelled differently across posts (`Bookbinding`/`bookbinding`), and the biggest other tag. */
function sampleTags(): { key: string; url: string; posts: SourcePost[] }[] {
  const all = [...tags].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.posts.length - a.posts.length || (a.key < b.key ? -1 : 1));
  const mixed = all.find((t) => new Set(published.flatMap((p) => p.tags.filter((x) => x.toLowerCase() === t.key))).size > 1);
  const biggest = all.find((t) => t !== mixed);
  return [mixed, biggest].filter((t) => t !== undefined);
}
const feedFile = (urlPath: string): string => path.join(out, urlPath.replace(/^\//, ''));

describe('sample blog feeds', () => {
  it('builds, with a draft left out and more than one tag feed', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.posts).toBe(published.length);
    expect(posts.some((p) => p.draft)).toBe(true);
    expect(sampleTags().length).toBe(2);
    for (const t of tags.values()) expect(t.url).toMatch(/^\/tags\/[^/]+\/$/);
  });

  const feeds = (): { file: string; posts: SourcePost[]; kind: 'rss' | 'atom' }[] => [
    { file: path.join(out, 'rss.xml'), posts: published, kind: 'rss' },
    { file: path.join(out, 'atom.xml'), posts: published, kind: 'atom' },
    ...sampleTags().flatMap((t) => [
      { file: feedFile(`${t.url}rss.xml`), posts: t.posts, kind: 'rss' as const },
      { file: feedFile(`${t.url}atom.xml`), posts: t.posts, kind: 'atom' as const },
    ]),
  ];

  const feedparserGate = toolGate('python3-feedparser');
  if (feedparserGate.mustFail) it('has python3-feedparser', () => expect.fail(feedparserGate.reason));
  it.skipIf(feedparserGate.skip)('parse with feedparser: bozo 0, every entry, exact titles, dates understood', async () => {
    for (const feed of feeds()) {
      const parsed = await parseWithFeedparser(feed.file);
      expect(parsed.bozoException, feed.file).toBeNull();
      expect(parsed.bozo, feed.file).toBe(false);
      expect(parsed.version).toBe(feed.kind === 'rss' ? 'rss20' : 'atom10');
      const expected = feed.posts.slice(0, FEED_LIMIT);
      expect(parsed.entries.map((e) => e.title), feed.file).toEqual(expected.map((p) => p.title));
      for (const [i, e] of parsed.entries.entries()) {
        expect(e.publishedParsed, `${feed.file} entry ${i}`).not.toBeNull();
        const exact = expected[i]?.exact;
        if (exact !== undefined) expect(Date.parse(e.publishedParsed ?? ''), `${feed.file}: ${e.title ?? ''}`).toBe(Math.floor(exact / 1000) * 1000);
        expect(e.link).toMatch(new RegExp(`^${origin}/`));
      }
    }
  });

  it('parse with @rowanmanning/feed-parser: min(posts, 20) items with ids, links and content', async () => {
    for (const feed of feeds()) {
      const parsed = await parseWithNode(feed.file);
      expect(parsed.type).toBe(feed.kind);
      expect(parsed.items.length, feed.file).toBe(Math.min(feed.posts.length, FEED_LIMIT));
      expect(parsed.items.map((i) => i.title)).toEqual(feed.posts.slice(0, FEED_LIMIT).map((p) => p.title));
      for (const item of parsed.items) {
        expect(item.id).toMatch(/^tag:/);
        expect(item.url).toMatch(new RegExp(`^${origin}/`));
        expect(item.content?.length ?? 0).toBeGreaterThan(100);
      }
    }
  });

  const jingGate = toolGate('jing');
  if (jingGate.mustFail) it('has jing', () => expect.fail(jingGate.reason));
  it.skipIf(jingGate.skip)('Atom feeds (site and tag) validate against the RFC 4287 schema', async () => {
    const atoms = feeds().filter((f) => f.kind === 'atom');
    expect(atoms.length).toBe(3);
    for (const feed of atoms) {
      const jing = await validateAtomWithJing(feed.file);
      expect(jing.errors, feed.file).toEqual([]);
      expect(jing.valid).toBe(true);
    }
  });

  it('Atom feeds follow the rules the schema cannot express', async () => {
    for (const feed of feeds().filter((f) => f.kind === 'atom')) expect(await checkAtomRules(feed.file), feed.file).toEqual([]);
  });

  it('RSS dates are RFC 822 and Atom dates RFC 3339, all for the post’s instant', () => {
    const rss = xmlDoc(path.join(out, 'rss.xml'));
    const pubDates = kids(rss, 'pubDate').map(textOf);
    expect(pubDates.length).toBe(published.length);
    for (const d of [...pubDates, textOf(kids(rss, 'lastBuildDate')[0])]) expect(d).toMatch(RFC822);
    const atom = xmlDoc(path.join(out, 'atom.xml'));
    const entries = kids(atom, 'entry');
    for (const d of [...kids(atom, 'published'), ...kids(atom, 'updated')].map(textOf)) expect(d).toMatch(RFC3339);
    const json = JSON.parse(read(path.join(out, 'feed.json'))) as { items: { date_published: string }[] };
    for (const [i, post] of published.entries()) {
      const atomPublished = Date.parse(textOf(kids(entries[i] as El, 'published')[0]));
      // The same instant in all three formats, and the front matter's when it has an offset.
      expect(Date.parse(pubDates[i] ?? ''), post.file).toBe(Math.floor(atomPublished / 1000) * 1000);
      expect(Date.parse(json.items[i]?.date_published ?? ''), post.file).toBe(atomPublished);
      if (post.exact !== undefined) expect(atomPublished, post.file).toBe(post.exact);
    }
  });

  it('feed.json is JSON Feed 1.1 with the required fields', () => {
    const json = JSON.parse(read(path.join(out, 'feed.json'))) as Record<string, unknown>;
    expect(json['version']).toBe('https://jsonfeed.org/version/1.1');
    expect(json['title']).toBe('Marginalia');
    expect(json['home_page_url']).toBe(`${origin}/`);
    expect(json['feed_url']).toBe(`${origin}/feed.json`);
    expect(json['authors']).toEqual([expect.objectContaining({ name: 'Ada Quill' })]);
    const items = json['items'] as Record<string, unknown>[];
    expect(items.map((i) => i['title'])).toEqual(published.slice(0, FEED_LIMIT).map((p) => p.title));
    expect(new Set(items.map((i) => i['id'])).size).toBe(items.length);
    for (const item of items) {
      expect(typeof item['id']).toBe('string');
      expect(item['url']).toMatch(new RegExp(`^${origin}/`));
      expect(typeof item['content_html']).toBe('string');
      expect(String(item['date_published'])).toMatch(RFC3339);
    }
  });

  it('every link and image inside feed content is absolute', () => {
    const contents: { where: string; html: string }[] = [];
    const feedFiles = [path.join(out, 'rss.xml'), path.join(out, 'atom.xml'), ...[...tags.values()].flatMap((t) => [feedFile(`${t.url}rss.xml`), feedFile(`${t.url}atom.xml`)])];
    for (const file of feedFiles) {
      const doc = xmlDoc(file);
      for (const el of [...kids(doc, 'content:encoded'), ...kids(doc, 'content'), ...kids(doc, 'description'), ...kids(doc, 'summary')]) {
        contents.push({ where: path.relative(out, file), html: textOf(el) });
      }
    }
    const json = JSON.parse(read(path.join(out, 'feed.json'))) as { items: { content_html: string }[] };
    for (const item of json.items) contents.push({ where: 'feed.json', html: item.content_html });
    const urls = contents.flatMap(({ where, html }) => urlsIn(html).map((u) => ({ where, ...u })));
    // The sample has root-relative, bundle-relative, post-source and #fragment links: all must come out absolute.
    expect(urls.filter((u) => u.value.startsWith(`${origin}/`) && u.value.includes('#')).length).toBeGreaterThan(0);
    expect(urls.some((u) => u.attr === 'img[src]' && u.value.startsWith(`${origin}/`))).toBe(true);
    expect(urls.filter((u) => !isAbsolute(u.value))).toEqual([]);
    for (const { html, where } of contents) expect(html, where).not.toMatch(/\b(href|src)="(\/|#)/);
  });

  it('every absolute link in feed content that points into the site resolves', async () => {
    const json = JSON.parse(read(path.join(out, 'feed.json'))) as { items: { content_html: string }[] };
    const files = new Set(await listFiles(out));
    const internal = json.items.flatMap((i) => urlsIn(i.content_html)).filter((u) => u.value.startsWith(`${origin}/`));
    expect(internal.length).toBeGreaterThan(0);
    for (const u of internal) {
      const p = decodeURIComponent(new URL(u.value).pathname).slice(1);
      expect(files.has(p.endsWith('/') || p === '' ? `${p}index.html` : p), u.value).toBe(true);
    }
  });

  it('every HTML page has feed autodiscovery; tag pages also their tag feeds', async () => {
    const pages = (await listFiles(out)).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages) {
      const links = alternates(path.join(out, page));
      expect(links, page).toContainEqual({ type: 'application/rss+xml', href: '/rss.xml' });
      expect(links, page).toContainEqual({ type: 'application/atom+xml', href: '/atom.xml' });
    }
    for (const tag of tags.values()) {
      for (const page of (await listFiles(feedFile(tag.url))).filter((f) => f.endsWith('index.html'))) {
        const links = alternates(path.join(feedFile(tag.url), page));
        expect(links, `${tag.url}${page}`).toContainEqual({ type: 'application/rss+xml', href: `${tag.url}rss.xml` });
        expect(links, `${tag.url}${page}`).toContainEqual({ type: 'application/atom+xml', href: `${tag.url}atom.xml` });
      }
    }
    expect(await findBrokenLinks(out, { siteUrl: `${origin}/` }).then(formatBrokenRefs)).toBe('');
  });
});

// ---------------------------------------------------------------- scheduled posts and drafts

describe('drafts and scheduled posts', () => {
  let scheduledOut = '';
  let scheduledResult: BuildResult;
  let future: SourcePost;
  let draft: SourcePost;

  beforeAll(() => {
    const all = readSourcePosts(path.join(repoRoot, 'posts'));
    const live = all.filter((p) => !p.draft).sort((a, b) => b.approx - a.approx);
    const newest = live[0];
    const second = live[1];
    const d = all.find((p) => p.draft);
    if (!newest || !second || !d) throw new Error('the sample blog needs two posts and a draft');
    future = newest;
    draft = d;
    scheduledOut = path.join(tmp, 'scheduled');
    // Half-way between the two newest posts: the newest is scheduled, not yet published.
    scheduledResult = build({ root: repoRoot, out: scheduledOut, now: Math.round((newest.approx + second.approx) / 2) });
  }, 120_000);

  it('leaves the scheduled post and the draft out of every feed and the sitemap', async () => {
    expect(scheduledResult.ok).toBe(true);
    expect(scheduledResult.skipped).toEqual({ drafts: 1, future: 1 });
    const files = (await listFiles(scheduledOut)).filter((f) => /(^|\/)(rss\.xml|atom\.xml|feed\.json|sitemap\.xml)$/.test(f));
    expect(files).toContain('sitemap.xml');
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = read(path.join(scheduledOut, file));
      for (const hidden of [future, draft]) {
        expect(text.includes(`/${hidden.slug}/`), `${file} has ${hidden.file}`).toBe(false);
        expect(text.includes(`:${hidden.slug}<`), `${file} has ${hidden.file}'s id`).toBe(false);
        expect(text.includes(hidden.title), `${file} has ${hidden.file}'s title`).toBe(false);
      }
    }
    // The scheduled post's page was not written either, and the feeds have one entry less.
    expect((await listFiles(scheduledOut)).some((f) => f.includes(`/${future.slug}/`))).toBe(false);
    const rss = xmlDoc(path.join(scheduledOut, 'rss.xml'));
    expect(kids(rss, 'item').length).toBe(Math.min(published.length - 1, FEED_LIMIT));
  });
});

// ---------------------------------------------------------------- a small inline site

describe('entry ids and the feed limit', () => {
  const writeSite = (root: string, title: string): void => {
    mkdirSync(path.join(root, 'posts'), { recursive: true });
    writeFileSync(path.join(root, 'quire.config.yaml'), 'title: Ids\nbaseUrl: https://ids.example.net/\ntimeZone: UTC\n');
    for (let i = 1; i <= 25; i++) {
      const day = String(i).padStart(2, '0');
      const t = i === 25 ? title : `Post number ${i}`;
      writeFileSync(
        path.join(root, 'posts', `2024-01-${day}-post-${i}.md`),
        `---\ntitle: ${JSON.stringify(t)}\ndate: 2024-01-${day}T10:00:00Z\ntags: [every]\n---\n\nBody of post ${i}, see [the first](./2024-01-01-post-1.md).\n`,
      );
    }
  };
  const ids = (dir: string) => {
    const rss = xmlDoc(path.join(dir, 'rss.xml'));
    const atom = xmlDoc(path.join(dir, 'atom.xml'));
    const json = JSON.parse(read(path.join(dir, 'feed.json'))) as { items: { id: string; title: string }[] };
    return {
      rss: kids(rss, 'guid').map(textOf),
      atom: kids(atom, 'entry').map((e) => textOf(kids(e, 'id')[0])),
      json: json.items.map((i) => i.id),
      titles: json.items.map((i) => i.title),
    };
  };

  it('keeps every entry id when a post’s title changes', () => {
    const root = path.join(tmp, 'ids');
    writeSite(root, 'The original title');
    const first = build({ root, out: 'dist1', now: NOW });
    writeSite(root, 'A completely different title');
    const second = build({ root, out: 'dist2', now: NOW });
    expect(first.ok && second.ok).toBe(true);
    const a = ids(path.join(root, 'dist1'));
    const b = ids(path.join(root, 'dist2'));
    expect(a.titles[0]).toBe('The original title');
    expect(b.titles[0]).toBe('A completely different title');
    expect(b.rss).toEqual(a.rss);
    expect(b.atom).toEqual(a.atom);
    expect(b.json).toEqual(a.json);
    expect(a.atom).toEqual(a.rss);
    expect(new Set(a.atom).size).toBe(a.atom.length);
  });

  it('holds the newest 20 posts in the site and tag feeds', () => {
    const dir = path.join(tmp, 'ids', 'dist1');
    const expected = Array.from({ length: 20 }, (_, i) => `/2024/01/post-${25 - i}/`);
    const rss = xmlDoc(path.join(dir, 'rss.xml'));
    expect(kids(rss, 'item').map((i) => new URL(textOf(kids(i, 'link')[0])).pathname)).toEqual(expected);
    const atom = xmlDoc(path.join(dir, 'atom.xml'));
    expect(kids(atom, 'entry').length).toBe(20);
    const json = JSON.parse(read(path.join(dir, 'feed.json'))) as { items: { url: string }[] };
    expect(json.items.map((i) => new URL(i.url).pathname)).toEqual(expected);
    expect(kids(xmlDoc(path.join(dir, 'tags/every/rss.xml')), 'item').length).toBe(20);
    expect(kids(xmlDoc(path.join(dir, 'tags/every/atom.xml')), 'entry').length).toBe(20);
  });
});
