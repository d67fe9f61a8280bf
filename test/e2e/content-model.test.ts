/**
 * Pages, taxonomies, authors and the menu, built end to end: where each page goes, what links
 * to what, the errors an author meets, and warm builds equal to clean ones after every kind of
 * edit.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { watchSite, type SiteWatcher, type WatchBuild } from '../../src/serve/watch-site.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs } from '../support/temp-dir.js';
import { listTree } from '../support/tree.js';

const tempDir = useTempDirs('quire-content-model-');

const config = `title: Model
baseUrl: https://model.example/
author: Ada Quill
postsPerPage: 2
authors:
  ada: { name: Ada Quill, url: "https://ada.example/" }
  ben: { name: Ben Marsh, bio: Writes about trains. }
taxonomies:
  - tags
  - { name: categories, hierarchical: true }
  - { name: series, ordered: true }
menu:
  - { page: about.md }
  - label: Topics
    children:
      - { label: Tools, url: /categories/bookbinding/tools/ }
  - { post: 2024-01-01-first.md, label: Start here }
`;

function writeSite(files: Record<string, string>): string {
  const root = tempDir();
  for (const [file, text] of Object.entries({ 'quire.config.yaml': config, ...files })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const site = {
  'posts/2024-01-01-first.md': '---\ntitle: First\ncategories: [Bookbinding/Tools]\nseries: Basics\n---\nSee [about](../pages/about.md).\n',
  'posts/2024-02-01-second.md': '---\ntitle: Second\nauthor: ben\ncategories: [Travel]\nseries: Basics\n---\nSecond post.\n',
  'posts/2024-03-01-third.md': '---\ntitle: Third\nauthor: Ada Quill\ncategories: [[Bookbinding, Paper]]\ntags: [paper]\nseries: Basics\n---\nThird.\n',
  'pages/about.md': '---\ntitle: About us\n---\nRead [the first post](../posts/2024-01-01-first.md) and [the team](about/team.md).\n',
  'pages/about/team.md': '---\ntitle: The team\n---\nWe are two.\n',
  'pages/404.md': '---\ntitle: Lost\nmenu: false\n---\nNothing here.\n',
  'pages/draft.md': '---\ntitle: Not yet\ndraft: true\n---\nSoon.\n',
};

const read = (out: string, file: string) => readFileSync(path.join(out, file), 'utf8');

describe('a site with pages, categories, a series, two authors and a menu', () => {
  const root = writeSite(site);
  const out = path.join(root, 'dist');
  const result = build({ root, out, now: FIXED_NOW, cache: false });

  it('builds without problems', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.posts).toBe(3);
    expect(result.documents).toBe(6);
  });

  it('writes each page at its path, its links resolved, outside the stream and feeds, inside the sitemap', () => {
    const about = read(out, 'about/index.html');
    expect(about).toContain('<h1 class="post-title">About us</h1>');
    expect(about).toContain('href="/2024/01/first/"');
    expect(about).toContain('href="/about/team/"');
    expect(read(out, 'about/team/index.html')).toContain('<p class="page-parent"><a href="/about/">About us</a></p>');
    expect(read(out, '2024/01/first/index.html')).toContain('<a href="/about/">about</a>');
    expect(read(out, '404.html')).toContain('Nothing here.');
    expect(existsSync(path.join(out, 'draft'))).toBe(false);
    const main = (file: string) => /<main[\s\S]*<\/main>/.exec(read(out, file))?.[0] ?? '';
    for (const file of ['index.html', 'archive/index.html']) expect(main(file), file).not.toContain('About us');
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) expect(read(out, file), file).not.toContain('About us');
    expect(read(out, 'sitemap.xml')).toContain('<loc>https://model.example/about/team/</loc>');
    expect(read(out, 'sitemap.xml')).not.toContain('404.html');
  });

  it('gives categories nested pages, an index with counts, and feeds; posts show them', () => {
    expect(read(out, 'categories/index.html')).toMatch(/depth-0"><a href="\/categories\/bookbinding\/">Bookbinding<\/a> <span class="count">\(2\)<\/span>/);
    const parent = read(out, 'categories/bookbinding/index.html');
    expect(parent).toContain('<h1>Posts in “Bookbinding”</h1>');
    expect(parent).toContain('<li><a href="/categories/bookbinding/paper/">Paper</a></li>');
    expect(parent).toContain('href="/2024/01/first/"');
    expect(read(out, 'categories/bookbinding/tools/index.html')).toContain('<p class="term-parent">In <a href="/categories/bookbinding/">Bookbinding</a></p>');
    expect(read(out, 'categories/bookbinding/tools/rss.xml')).toContain('<title>First</title>');
    expect(read(out, '2024/01/first/index.html')).toContain('<a href="/categories/bookbinding/tools/">Bookbinding › Tools</a>');
    expect(read(out, 'rss.xml')).toContain('<category>Bookbinding › Paper</category>');
  });

  it('shows each post of a series as a part, with the parts before and after', () => {
    const second = read(out, '2024/02/second/index.html');
    expect(second).toContain('Part 2 of 3 in <a href="/series/basics/">Basics</a>');
    expect(second).toContain('<a href="/2024/01/first/" rel="prev">← First</a>');
    expect(second).toContain('<a href="/2024/03/third/" rel="next">Third →</a>');
  });

  it('names each post\'s author on its page, in its listing entry, JSON-LD and every feed, with a page per author', () => {
    const second = read(out, '2024/02/second/index.html');
    expect(second).toContain('by <a class="p-author h-card" href="/authors/ben/">Ben Marsh</a>');
    expect(second).toContain('"author":{"@type":"Person","name":"Ben Marsh","url":"https://model.example/authors/ben/"}');
    expect(read(out, 'index.html')).toContain('>Ben Marsh</a>');
    expect(read(out, 'rss.xml')).toContain('<dc:creator>Ben Marsh</dc:creator>');
    expect(read(out, 'atom.xml')).toMatch(/<author>\n\s+<name>Ben Marsh<\/name>\n\s+<uri>https:\/\/model.example\/authors\/ben\/<\/uri>/);
    expect(JSON.parse(read(out, 'feed.json')).items.find((i: { title: string }) => i.title === 'Second').authors).toEqual([{ name: 'Ben Marsh', url: 'https://model.example/authors/ben/' }]);
    const ben = read(out, 'authors/ben/index.html');
    expect(ben).toContain('<h1>Posts by Ben Marsh</h1>');
    expect(ben).toContain('<p class="author-bio">Writes about trains.</p>');
    expect(read(out, 'authors/ada/rss.xml')).toContain('<title>Third</title>');
    expect(read(out, 'authors/ada/rss.xml')).not.toContain('<title>Second</title>');
  });

  it('puts the menu in every header, the current entry marked', () => {
    const about = read(out, 'about/index.html');
    expect(about).toContain('<li><a href="/about/" aria-current="page">About us</a></li>');
    expect(about).toContain('<span class="menu-heading">Topics</span><ul><li><a href="/categories/bookbinding/tools/">Tools</a></li></ul>');
    expect(about).toContain('<a href="/2024/01/first/">Start here</a>');
    expect(read(out, '2024/01/first/index.html')).toContain('<a href="/2024/01/first/" aria-current="page">Start here</a>');
  });
});

describe('the default menu', () => {
  it('is Home, Archive, Tags and the pages at the top of the pages folder by weight, leaving out menu: false', () => {
    const root = writeSite({
      'quire.config.yaml': 'title: Plain\nbaseUrl: https://plain.example/\n',
      'posts/2024-01-01-a.md': '---\ntitle: A\n---\nA.\n',
      'pages/contact.md': '---\ntitle: Contact\nweight: 2\n---\nWrite.\n',
      'pages/colophon.md': '---\ntitle: Colophon\nweight: 1\nmenu: Made with\n---\nPaper.\n',
      'pages/hidden.md': '---\ntitle: Hidden\nmenu: false\n---\nShh.\n',
      'pages/contact/form.md': '---\ntitle: Form\n---\nA child page.\n',
      // In a folder without a page of its own: not at the top, though it has no parent page.
      'pages/documents/policy-v2.md': '---\ntitle: Policy v2\n---\nOld terms.\n',
      'pages/about/index.md': '---\ntitle: About\nweight: 3\n---\nA bundle at the top.\n',
    });
    const out = path.join(root, 'dist');
    expect(build({ root, out, now: FIXED_NOW, cache: false }).ok).toBe(true);
    const labels = [...read(out, 'index.html').matchAll(/<li><a href="([^"]*)"[^>]*>([^<]*)<\/a><\/li>/g)].slice(0, 7).map((m) => m[2]);
    expect(labels).toEqual(['Home', 'Archive', 'Tags', 'Made with', 'Contact', 'About', 'Subscribe']);
    expect(read(out, 'documents/policy-v2/index.html')).toContain('Old terms.');
  });
});

describe('problems with pages, layouts, authors and categories', () => {
  const problems = (files: Record<string, string>) => {
    const root = writeSite(files);
    const result = build({ root, out: path.join(root, 'dist'), now: FIXED_NOW, cache: false });
    return { result, root };
  };

  it('a page on a post\'s URL, or on a listing quire writes, is an error naming both', () => {
    const { result } = problems({
      'quire.config.yaml': 'title: T\nbaseUrl: https://t.example/\npermalink: /:slug/\nmenu: []\n',
      'posts/2024-01-01-hello.md': '---\ntitle: Hello\ntags: [x]\n---\nHi.\n',
      'pages/hello.md': '---\ntitle: Hello page\n---\nClash.\n',
      'pages/tags/x.md': '---\ntitle: Tag clash\n---\nClash.\n',
    });
    expect(result.ok).toBe(false);
    const collisions = result.diagnostics.filter((d) => d.code === 'PermalinkCollision');
    expect(collisions.map((d) => [d.file, d.message])).toEqual([
      [expect.stringContaining('pages/hello.md'), expect.stringMatching(/hello\/index.html, which \S*posts\/2024-01-01-hello.md already takes/)],
      [expect.stringContaining('pages/tags/x.md'), expect.stringContaining('which quire writes itself (the tags page of “x”)')],
    ]);
  });

  it('an unknown layout is an error with its line and a frame; a known one renders the page', () => {
    const { result } = problems({
      'quire.config.yaml': 'title: T\nbaseUrl: https://t.example/\n',
      'posts/2024-01-01-a.md': '---\ntitle: A\nlayout: wide\n---\nA.\n',
      'pages/b.md': '---\ntitle: B\nlayout: post\n---\nB.\n',
    });
    const d = result.diagnostics.find((x) => x.code === 'UnknownLayout');
    expect(result.ok).toBe(false);
    expect(d).toMatchObject({ severity: 'error', line: 3, column: 1, file: expect.stringContaining('posts/2024-01-01-a.md') });
    expect(d?.frame).toContain('layout: wide');
    const ok = problems({
      'quire.config.yaml': 'title: T\nbaseUrl: https://t.example/\n',
      'posts/2024-01-01-a.md': '---\ntitle: A\nlayout: wide\n---\nA.\n',
      'templates/wide.liquid': "{% layout 'layouts/base' %}{% block content %}<div class=\"wide\">{{ post.html | raw }}</div>{% endblock %}",
    });
    expect(ok.result.ok).toBe(true);
    expect(readFileSync(path.join(ok.root, 'dist/2024/01/a/index.html'), 'utf8')).toContain('<div class="wide"><p>A.</p>');
  });

  it('an author the config does not list is a warning with the known names; a category that makes no URL is an error', () => {
    const { result } = problems({
      'posts/2024-01-01-a.md': '---\ntitle: A\nauthor: Zed\n---\nA.\n',
      'posts/2024-01-02-b.md': '---\ntitle: B\ncategories: ["???"]\n---\nB.\n',
    });
    const author = result.diagnostics.find((d) => d.code === 'UnknownAuthor');
    expect(author).toMatchObject({ severity: 'warning', line: 3, hint: 'Known authors: ada (Ada Quill), ben (Ben Marsh).' });
    const category = result.diagnostics.find((d) => d.code === 'InvalidSlug');
    expect(category).toMatchObject({ severity: 'error', line: 3, file: expect.stringContaining('2024-01-02-b.md') });
    expect(category?.message).toBe('The category "???" has no letters or digits to make a URL from.');
  });

  it('a menu entry naming a page that does not exist is an error pointing at the config', () => {
    const { result } = problems({ 'quire.config.yaml': 'title: T\nbaseUrl: https://t.example/\nmenu:\n  - { page: nowhere.md }\n', 'posts/2024-01-01-a.md': '---\ntitle: A\n---\nA.\n' });
    expect(result.diagnostics.find((d) => d.code === 'MenuTarget')).toMatchObject({ severity: 'error', file: expect.stringMatching(/quire\.config\.yaml$/) });
  });
});

describe('warm builds after edits of every new kind', () => {
  const edits: Array<[string, (root: string) => void]> = [
    ['a page', (root) => writeFileSync(path.join(root, 'pages/about.md'), '---\ntitle: About the two of us\n---\nEdited.\n')],
    ['an author\'s name', (root) => writeFileSync(path.join(root, 'quire.config.yaml'), config.replace('Ben Marsh', 'Benjamin Marsh'))],
    ['a post\'s category', (root) => writeFileSync(path.join(root, 'posts/2024-02-01-second.md'), '---\ntitle: Second\nauthor: ben\ncategories: [Bookbinding/Paper]\nseries: Basics\n---\nSecond post.\n')],
    ['a menu entry', (root) => writeFileSync(path.join(root, 'quire.config.yaml'), config.replace('label: Start here', 'label: Begin'))],
    ['the custom 404 page removed', (root) => rmSync(path.join(root, 'pages/404.md'))],
  ];
  it.each(edits)('%s: the warm output equals a clean build, byte for byte', (_what, edit) => {
    const root = writeSite(site);
    const warm = path.join(root, 'dist');
    expect(build({ root, out: warm, now: FIXED_NOW }).ok).toBe(true);
    edit(root);
    expect(build({ root, out: warm, now: FIXED_NOW }).ok).toBe(true);
    const clean = path.join(root, 'clean');
    expect(build({ root, out: clean, now: FIXED_NOW, cache: false }).ok).toBe(true);
    const files = listTree(clean);
    expect(listTree(warm)).toEqual(files);
    for (const file of files) expect(read(warm, file), file).toBe(read(clean, file));
  });

  let watcher: SiteWatcher | undefined;
  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
  });

  it('watched: one watcher sees each edit in turn, and writes what a clean build writes after each', async () => {
    const root = writeSite(site);
    const builds: WatchBuild[] = [];
    watcher = watchSite({ root, out: 'dist', now: () => FIXED_NOW, onBuild: (b) => builds.push(b) });
    expect((await watcher.ready).result.ok).toBe(true);
    const watched = path.join(root, 'dist');
    for (const [what, edit] of edits) {
      const seen = builds.length;
      edit(root);
      const deadline = performance.now() + 15_000;
      while (builds.length === seen && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const rebuilt = builds[seen];
      expect(rebuilt?.result.ok, `${what}: a rebuild`).toBe(true);
      const clean = path.join(tempDir(), 'clean');
      expect(build({ root, out: clean, now: FIXED_NOW, cache: false }).ok).toBe(true);
      const files = listTree(clean);
      expect(listTree(watched), what).toEqual(files);
      for (const file of files) expect(read(watched, file), `${what}: ${file}`).toBe(read(clean, file));
    }
  }, 60_000);
});
