/**
 * Search, built end to end: the box on every page, the search page, and the Pagefind index
 * (read back from its fragments: one per document, with the text words are found in), kept
 * between builds while no document changes, and `search: false`.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync, cpSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { FIXED_NOW } from '../support/clock.js';
import { all, attr, one, readPage, text } from '../support/html.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';
import { diffTrees, readTree } from '../support/tree.js';
import { searchScriptSrc } from '../support/theme-script.js';

const tempDir = useTempDirs('quire-search-');

const post = (title: string, date: string, body: string, extra = '') => `---\ntitle: ${title}\ndate: ${date}\n${extra}---\n\n${body}\n`;

function site(config = ''): string {
  const root = tempDir();
  writeFiles(root, {
    'quire.config.yaml': `title: Bench Notes\nbaseUrl: https://notes.example/\n${config}`,
    'posts/2024-05-01-alum.md': post('Sizing the paper', '2024-05-01T10:00:00Z', 'A wash of **alum** &amp; water, then the bath.\n\n```js\nconst x = "<b>not markup</b>";\n```', 'tags: [paper, marbling]\n'),
    'posts/2024-06-01-thread.md': post('Linen thread', '2024-06-01T10:00:00Z', 'Waxed linen thread holds a *kettle stitch* well.'),
    'pages/about.md': '---\ntitle: About\n---\n\nA bindery in a spare room.\n',
  });
  return root;
}

interface Fragment {
  url: string;
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/** The documents of an index, as Pagefind stored them (each fragment is a gzipped "pagefind_dcd" + JSON). */
function fragments(bundle: string): Fragment[] {
  const dir = path.join(bundle, 'fragment');
  return readdirSync(dir).map((file) => {
    const text = gunzipSync(readFileSync(path.join(dir, file))).toString('utf8');
    return JSON.parse(text.slice(text.indexOf('{'))) as Fragment;
  }).sort((a, b) => a.url.localeCompare(b.url));
}

/** The names of the fragments of the output's first index. */
function fragmentNames(root: string): string[] {
  return readdirSync(path.join(root, 'dist', 'pagefind', '0', 'fragment')).sort();
}

/** Whether each of the output's fragments `names` is the very file of the cache's only index. */
function linkedFromCache(root: string, names: readonly string[]): boolean {
  const [folder, ...more] = readdirSync(path.join(root, '.quire', 'cache', 'search'));
  if (folder === undefined || more.length > 0) return false;
  return names.every((name) => statSync(path.join(root, 'dist', 'pagefind', '0', 'fragment', name)).ino === statSync(path.join(root, '.quire', 'cache', 'search', folder, 'fragment', name)).ino);
}

describe('a site with search', () => {
  it('has a search box on every page and a search page that loads the script; no other page has a script', () => {
    const root = site();
    const result = build({ root, now: FIXED_NOW });
    expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
    const dist = path.join(root, 'dist');
    for (const page of ['index.html', '2024/05/alum/index.html', 'about/index.html', 'tags/index.html', '404.html']) {
      const { doc } = readPage(dist, page);
      const form = one(doc, 'form', (el) => attr(el, 'role') === 'search');
      expect(attr(form, 'action'), page).toBe('/search/');
      expect(attr(form, 'method'), page).toBe('get');
      const input = one(form, 'input');
      expect([attr(input, 'type'), attr(input, 'name')], page).toEqual(['search', 'q']);
      const label = one(form, 'label');
      expect(attr(label, 'for')).toBe(attr(input, 'id'));
      expect(all(doc, 'script', (el) => attr(el, 'type') !== 'application/ld+json'), page).toEqual([]);
    }
    const { doc } = readPage(dist, 'search/index.html');
    expect(text(one(doc, 'h1'))).toBe('Search');
    const form = one(doc, 'form', (el) => attr(el, 'data-bundles') !== undefined);
    expect(JSON.parse(attr(form, 'data-bundles') ?? '')).toEqual(['/pagefind/0/']);
    expect(JSON.parse(attr(form, 'data-strings') ?? '')).toEqual({
      language: 'en', results: { one: '{count} result', other: '{count} results' }, none: 'Nothing found for “{query}”.',
      loading: 'Searching…', failed: 'The search could not be loaded. Try again later.',
    });
    const script = one(doc, 'script');
    expect(attr(script, 'type')).toBe('module');
    const src = attr(script, 'src') ?? '';
    expect(src).toMatch(searchScriptSrc);
    expect(readFileSync(path.join(dist, src), 'utf8')).toContain('mergeIndex');
    expect(one(doc, 'p', (el) => attr(el, 'role') === 'status')).toBeDefined();
    // Without JavaScript the page says so, and points at the archive and the tags.
    const noscript = one(doc, 'noscript');
    expect(all(noscript, 'a').map((a) => attr(a, 'href'))).toEqual(['/archive/', '/tags/']);
    // The search page is no page to find in a search engine's sitemap.
    expect(readFileSync(path.join(dist, 'sitemap.xml'), 'utf8')).not.toContain('/search/');
  });

  it('indexes every post and page (not the 404 page) with its title, date, terms and the text of its body', () => {
    const root = site();
    expect(build({ root, now: FIXED_NOW }).search).toEqual({ indexed: 3, reused: 0 });
    const bundle = path.join(root, 'dist', 'pagefind', '0');
    for (const file of ['pagefind.js', 'pagefind-worker.js', 'pagefind-entry.json', 'wasm.en.pagefind']) expect(existsSync(path.join(bundle, file)), file).toBe(true);
    // Pagefind's own interfaces are not served: the theme has its own.
    expect(readdirSync(bundle).filter((f) => f.includes('-ui'))).toEqual([]);
    const docs = fragments(bundle);
    expect(docs.map((d) => d.url)).toEqual(['/2024/05/alum/', '/2024/06/thread/', '/about/']);
    const [alum, thread, about] = docs as [Fragment, Fragment, Fragment];
    expect(alum.meta).toEqual({ title: 'Sizing the paper', date: 'May 1, 2024', datetime: '2024-05-01T10:00:00Z' });
    expect(alum.filters).toEqual({ tags: ['paper', 'marbling'] });
    // Text as a reader reads it: references decoded, markup gone, code kept as its text (Pagefind keeps line breaks as spaces).
    expect(alum.content).toBe('Sizing the paper A wash of alum & water, then the bath. const x = "<b>not markup</b>";');
    expect(thread.content).toBe('Linen thread Waxed linen thread holds a kettle stitch well.');
    expect(about.meta).toEqual({ title: 'About' });
  });

  it('keeps the index while no document changes, and makes it again, equal to a clean build, when one does', () => {
    const root = site();
    build({ root, now: FIXED_NOW });
    // The output's index files are hard links to the cache's, not copies.
    const before = fragmentNames(root);
    expect(before).toHaveLength(3);
    expect(linkedFromCache(root, before)).toBe(true);
    const warm = build({ root, now: FIXED_NOW });
    expect(warm.search).toEqual({ indexed: 0, reused: 3 });
    // A template change re-renders pages, but no document's text: the index stays.
    writeFiles(root, { 'templates/partials/sidebar.liquid': '<aside class="sidebar">Nothing here</aside>\n' });
    expect(build({ root, now: FIXED_NOW }).search).toEqual({ indexed: 0, reused: 3 });
    writeFileSync(path.join(root, 'posts/2024-06-01-thread.md'), post('Linen thread', '2024-06-01T10:00:00Z', 'Waxed linen thread, and a bone folder.'));
    const changed = build({ root, now: FIXED_NOW });
    expect(changed.search).toEqual({ indexed: 3, reused: 0 });
    expect(fragments(path.join(root, 'dist', 'pagefind', '0')).find((d) => d.url === '/2024/06/thread/')?.content).toContain('bone folder');
    const clean = tempDir();
    cpSync(root, clean, { recursive: true, filter: (from) => !from.includes(`${path.sep}.quire`) && !from.endsWith(`${path.sep}dist`) });
    expect(build({ root: clean, now: FIXED_NOW }).ok).toBe(true);
    expect(diffTrees(readTree(path.join(root, 'dist')), readTree(path.join(clean, 'dist')))).toEqual([]);
    // Only the index in use stays in the cache, and the output links the files that are new in it.
    expect(readdirSync(path.join(root, '.quire', 'cache', 'search'))).toHaveLength(1);
    const added = fragmentNames(root).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    expect(linkedFromCache(root, added)).toBe(true);
  });

  it('indexes Japanese text under its language', () => {
    const root = tempDir();
    writeFiles(root, {
      'quire.config.yaml': 'title: 製本ノート\nbaseUrl: https://notes.example/\nlanguage: ja\n',
      'posts/2024-05-01-washi.md': post('和紙について', '2024-05-01T10:00:00Z', '手漉きの和紙は繊維が長く、とても丈夫です。'),
    });
    const result = build({ root, now: FIXED_NOW });
    expect(result.ok).toBe(true);
    const bundle = path.join(root, 'dist', 'pagefind', '0');
    expect(JSON.parse(readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8')).languages).toHaveProperty('ja');
    // Cut into words (Pagefind marks the cuts with zero-width spaces), so a word inside a sentence is found.
    const content = fragments(bundle)[0]?.content ?? '';
    expect(content.replaceAll('\u200B', '')).toBe('和紙について 手漉きの和紙は繊維が長く、とても丈夫です。');
    expect(content).toContain('\u200B繊維\u200B');
    const { doc } = readPage(path.join(root, 'dist'), 'search/index.html');
    expect(JSON.parse(attr(one(doc, 'form', (el) => attr(el, 'data-strings') !== undefined), 'data-strings') ?? '').results).toEqual({ other: '{count}件の結果' });
  });

  it('offers readers without JavaScript the external search the config names', () => {
    const root = site('search:\n  external: "https://duckduckgo.com/?sites=notes.example"\n');
    expect(build({ root, now: FIXED_NOW }).ok).toBe(true);
    const { doc } = readPage(path.join(root, 'dist'), 'search/index.html');
    const form = one(one(doc, 'noscript'), 'form');
    expect(attr(form, 'action')).toBe('https://duckduckgo.com/');
    expect(all(form, 'input').map((el) => [attr(el, 'type'), attr(el, 'name'), attr(el, 'value')])).toEqual([['hidden', 'sites', 'notes.example'], ['search', 'q', undefined]]);
  });

  it('has no box, page or index with search: false', () => {
    const root = site('search: false\n');
    const result = build({ root, now: FIXED_NOW });
    expect(result.ok).toBe(true);
    expect(result.search).toBeUndefined();
    const dist = path.join(root, 'dist');
    expect(existsSync(path.join(dist, 'search'))).toBe(false);
    expect(existsSync(path.join(dist, 'pagefind'))).toBe(false);
    expect(readdirSync(path.join(dist, 'assets')).filter((f) => f.startsWith('search'))).toEqual([]);
    expect(all(readPage(dist, 'index.html').doc, 'form')).toEqual([]);
  });

  it('reports bad search settings at their lines, and a page that takes the search page\'s place', () => {
    const bad = build({ root: site('search:\n  external: ftp://files.example/\n  box: left\n'), now: FIXED_NOW });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => `${d.code} ${path.basename(d.file ?? '')}:${d.line ?? ''} ${d.message}`)).toEqual([
      'ConfigInvalid quire.config.yaml:5 Unknown key "search.box".',
      'ConfigInvalid quire.config.yaml:4 "search.external" must be an http(s) address, not the text "ftp://files.example/".',
    ]);
    const root = site();
    writeFiles(root, { 'pages/search.md': '---\ntitle: Find\n---\n\nHere.\n' });
    const taken = build({ root, now: FIXED_NOW });
    expect(taken.ok).toBe(false);
    expect(taken.diagnostics.map((d) => `${d.code} ${path.basename(d.file ?? '')}:${d.line ?? ''} ${d.message}`)).toContainEqual(
      'PermalinkCollision search.md:2 This page would be written to search/index.html, which quire writes itself.');
  });
});
