import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { defaultConfig } from '../../../src/config/site-config.js';
import { readPost } from '../../../src/content/read-post.js';
import { addToConfig } from '../../../src/import/config-additions.js';
import { importMenu, type MenuResolver } from '../../../src/import/import-menu.js';
import type { ImportedItem, ImportedMenuItem } from '../../../src/import/model.js';
import { pagePlaces } from '../../../src/import/page-paths.js';
import { importFile } from '../../../src/import/write-import.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-import-pages-');
const fixture = decodeURIComponent(new URL('../../fixtures/import/wordpress.xml', import.meta.url).pathname);
const config = { timeZone: 'America/Los_Angeles', permalink: '/:year/:month/:slug/', baseUrl: 'https://blog.example/', rawHtml: false, taxonomies: defaultConfig.taxonomies };

function item(overrides: Partial<ImportedItem> & { id: string }): ImportedItem {
  return {
    kind: 'page', type: 'page', status: 'publish', title: `Page ${overrides.id}`, slug: '', oldUrls: [], html: 'Body.', autop: true,
    tags: [], categories: [], commentsOpen: true, comments: [], line: 1, ...overrides,
  };
}

describe('WordPress pages become pages', () => {
  const root = tempDir();
  const target = { postsDir: path.join(root, 'posts'), pagesDir: path.join(root, 'pages'), commentsDir: path.join(root, 'comments'), config };
  const report = importFile('wordpress', fixture, target);
  const read = (file: string) => readFileSync(path.join(target.pagesDir, file), 'utf8');

  it('writes each page into the pages folder, a parent beside the folder of its children', () => {
    expect(report.pages).toEqual({ found: 2, asPosts: false, written: ['about.md', 'about/the-workshop.md'], existing: [], drafts: 0 });
    expect(existsSync(path.join(target.postsDir, 'about.md'))).toBe(false);
  });

  it('writes front matter the build reads as a page without a single problem, with the order as weight', () => {
    for (const file of ['about.md', 'about/the-workshop.md']) {
      const result = readPost(read(file), `../pages/${file}`, file, config, [], 'page');
      expect(result.diagnostics).toEqual([]);
    }
    expect(read('about/the-workshop.md')).toBe([
      '---',
      'title: The workshop',
      'author: Mara Lindqvist',
      'weight: 2',
      '# Old link /?page_id=109 has a query string: a static host cannot redirect it (see "Moving from WordPress" in quire\'s README).',
      '---',
      // The h3 straight under the title moves up a level; the link to the old About page goes to the new one.
      '## Tools',
      '',
      'A bench, a press and a [page about me](/about/).',
      '',
    ].join('\n'));
    expect(report.notes.headings).toBe(1);
  });

  it('keeps no comments on pages, and counts them', () => {
    expect(report.comments.onPages).toBe(1);
    expect(existsSync(path.join(target.commentsDir, 'the-workshop'))).toBe(false);
  });

  it('names the authors who wrote something, by login, for the config', () => {
    expect(report.settings.authors).toEqual({ mara: { name: 'Mara Lindqvist' } });
  });

  it('makes the menu from the export: pages by file, categories by URL, headings kept, links as they are', () => {
    expect(report.settings.menu).toEqual([
      { page: 'about.md', children: [{ page: 'about/the-workshop.md' }] },
      { label: 'Topics', children: [{ label: 'Bookbinding', url: '/categories/bookbinding/' }, { label: 'Travel', url: '/categories/travel/' }] },
      { label: 'Elsewhere', url: 'https://elsewhere.example/mara' },
    ]);
    expect(report.menu?.dropped).toEqual([
      { label: 'Private notes', reason: 'its post is not one of the published posts and pages imported' },
      { label: 'Home', reason: 'it is a heading with no entries under it left' },
    ]);
  });

  it('imports pages as dated posts with pagesAsPosts, as before', () => {
    const other = tempDir();
    const asPosts = importFile('wordpress', fixture, { ...target, postsDir: path.join(other, 'posts'), pagesDir: path.join(other, 'pages'), commentsDir: path.join(other, 'comments') }, { pagesAsPosts: true });
    expect(asPosts.pages).toMatchObject({ found: 2, asPosts: true, written: [] });
    expect(asPosts.written).toContain('2023-05-01-about.md');
    expect(existsSync(path.join(other, 'pages'))).toBe(false);
  });
});

describe('pagePlaces', () => {
  const decode = (slug: string) => decodeURIComponent(slug);

  it('nests children under the nearest imported ancestor, and keeps slugs unique among siblings', () => {
    const top = item({ id: '1', slug: 'docs' });
    const hidden = item({ id: '2', slug: 'private', parent: '1', status: 'private' });
    const deep = item({ id: '3', slug: 'setup', parent: '2' });
    const twin = item({ id: '4', slug: 'setup', parent: '1' });
    const places = pagePlaces([top, deep, twin], [top, hidden, deep, twin], decode);
    expect(places.get(top)).toEqual({ path: 'docs', hasChildren: true });
    expect(places.get(deep)).toEqual({ path: 'docs/setup', hasChildren: false });
    expect(places.get(twin)).toEqual({ path: 'docs/setup-2', hasChildren: false, renamedFrom: 'setup' });
  });

  it('moves top-level pages off the names of quire’s own listings, and survives a parent loop', () => {
    const archive = item({ id: '1', slug: 'archive' });
    const year = item({ id: '2', slug: '2024' });
    const a = item({ id: '3', slug: 'a', parent: '4' });
    const b = item({ id: '4', slug: 'b', parent: '3' });
    const greek = item({ id: '5', slug: '%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2' });
    const places = pagePlaces([archive, year, a, b, greek], [archive, year, a, b, greek], decode);
    expect(places.get(archive)?.path).toBe('archive-2');
    expect(places.get(year)?.path).toBe('2024-2');
    expect([places.get(a)?.path, places.get(b)?.path].sort()).toEqual(['b', 'b/a']);
    expect(places.get(greek)?.path).toBe('epipedo-2');
  });
});

describe('importMenu', () => {
  const entry = (id: string, order: number, menuItem: Partial<ImportedMenuItem>, title = ''): ImportedItem =>
    item({ id, kind: 'other', type: 'nav_menu_item', title, order, menuItem: { menu: 'main', menuName: 'Main', type: 'custom', object: 'custom', objectId: id, url: '#', ...menuItem } });
  const resolve: MenuResolver = {
    item: (id) => (id === '10' ? { kind: 'page', source: 'about.md', title: 'About' } : undefined),
    term: () => undefined,
    url: (url) => (url.startsWith('https://') ? { url } : undefined),
  };

  it('moves entries deeper than two levels under their top-level entry, and drops headings left empty', () => {
    const items = [
      entry('1', 1, {}, 'Depth'),
      entry('2', 2, { parent: '1', type: 'post_type', object: 'page', objectId: '10' }),
      entry('3', 3, { parent: '2', url: 'https://a.example/' }, 'Deep link'),
      entry('4', 4, { parent: '2' }, 'Deep heading'),
      entry('5', 5, {}, 'Empty'),
      entry('6', 6, { menu: 'other', menuName: 'Other', url: 'https://b.example/' }, 'Elsewhere'),
    ];
    const menu = importMenu(items, undefined, resolve);
    expect(menu.chosen?.slug).toBe('main');
    expect(menu.menu).toEqual([{ label: 'Depth', children: [{ page: 'about.md' }, { label: 'Deep link', url: 'https://a.example/' }] }]);
    expect(menu.flattened).toBe(1);
    expect(menu.dropped.map((d) => d.label)).toEqual(['Deep heading', 'Empty']);
    expect(importMenu(items, 'Other', resolve).menu).toEqual([{ label: 'Elsewhere', url: 'https://b.example/' }]);
    expect(importMenu(items, 'none', resolve).chosen).toBeUndefined();
  });
});

describe('addToConfig', () => {
  const settings = { authors: { mara: { name: 'Mara' } }, menu: [{ label: 'Home', url: '/' }] };

  it('adds keys to a YAML config, keeping its comments, and keeps a key it has without force', () => {
    const root = tempDir();
    const file = path.join(root, 'quire.config.yaml');
    writeFileSync(file, '# my blog\ntitle: Notes # short\nmenu:\n  - { label: Mine, url: /mine/ }\n');
    const added = addToConfig(root, file, settings, false);
    expect(added).toEqual({ file, written: ['authors'], kept: ['menu'] });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# my blog');
    expect(text).toContain('title: Notes # short');
    expect(loadConfig(root).config.authors).toEqual({ mara: { name: 'Mara' } });
    expect(loadConfig(root).config.menu).toEqual([{ label: 'Mine', url: '/mine/' }]);
    addToConfig(root, file, settings, true);
    expect(loadConfig(root).config.menu).toEqual([{ label: 'Home', url: '/' }]);
  });

  it('writes a new YAML config when there is none, edits JSON as JSON, and leaves a config in code alone', () => {
    const root = tempDir();
    expect(addToConfig(root, undefined, settings, false).written).toEqual(['authors', 'menu']);
    expect(loadConfig(root).config.menu).toEqual([{ label: 'Home', url: '/' }]);

    const json = tempDir();
    writeFileSync(path.join(json, 'quire.config.json'), '{ "title": "J" }');
    addToConfig(json, path.join(json, 'quire.config.json'), settings, false);
    expect(JSON.parse(readFileSync(path.join(json, 'quire.config.json'), 'utf8'))).toEqual({ title: 'J', ...settings });

    const code = tempDir();
    mkdirSync(code, { recursive: true });
    writeFileSync(path.join(code, 'quire.config.mjs'), 'export default { title: "C" };\n');
    const added = addToConfig(code, path.join(code, 'quire.config.mjs'), settings, false);
    expect(added.written).toEqual([]);
    expect(added.byHand).toContain('authors:\n  mara:\n    name: Mara');
    expect(readFileSync(path.join(code, 'quire.config.mjs'), 'utf8')).toBe('export default { title: "C" };\n');
  });
});

describe('Blogger pages become pages too', () => {
  it('writes the page at a clean URL, its /p/….html address kept as an alias', () => {
    const root = tempDir();
    const target = { postsDir: path.join(root, 'posts'), pagesDir: path.join(root, 'pages'), commentsDir: path.join(root, 'comments'), config };
    const report = importFile('blogger', decodeURIComponent(new URL('../../fixtures/import/blogger.xml', import.meta.url).pathname), target);
    expect(report.pages.written).toEqual(['about-me.md']);
    const page = readPost(readFileSync(path.join(target.pagesDir, 'about-me.md'), 'utf8'), '../pages/about-me.md', 'about-me.md', config, [], 'page');
    expect(page.diagnostics).toEqual([]);
    expect(page.post?.title).toBe('About me');
    expect(page.post?.aliases).toEqual(['/p/about-me.html']);
  });
});
