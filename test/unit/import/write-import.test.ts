import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/site-config.js';
import { readComment } from '../../../src/content/read-comments.js';
import { readPost } from '../../../src/content/read-post.js';
import type { ImportedItem, ImportedSite } from '../../../src/import/model.js';
import { importFile, oldPath, siteDate, writeImport, type ImportOptions, type ImportTarget } from '../../../src/import/write-import.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-import-unit-');
const fixture = (name: string) => fileURLToPathname(new URL(`../../fixtures/import/${name}`, import.meta.url));
function fileURLToPathname(url: URL): string {
  return decodeURIComponent(url.pathname);
}
const config = { timeZone: 'America/Los_Angeles', permalink: '/:year/:month/:slug/', baseUrl: 'https://blog.example/', rawHtml: false, taxonomies: defaultConfig.taxonomies };

function site(root = tempDir()): ImportTarget & { root: string } {
  return { root, postsDir: path.join(root, 'posts'), pagesDir: path.join(root, 'pages'), commentsDir: path.join(root, 'comments'), config };
}
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).sort() : []);
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

/** Reads a written post back the way the build does; it must have no problems at all. */
function readBack(target: ImportTarget, file: string) {
  const result = readPost(read(target.postsDir, file), file, file, config);
  expect(result.diagnostics).toEqual([]);
  if (!result.post) throw new Error(`${file} did not read back`);
  return result.post;
}

function item(overrides: Partial<ImportedItem> & { id: string }): ImportedItem {
  return {
    kind: 'post', type: 'post', status: 'publish', title: `Post ${overrides.id}`, slug: '', oldUrls: [], html: 'Body.', autop: true,
    tags: [], categories: [], commentsOpen: true, comments: [], line: 1, date: { utc: '2024-05-01T12:00:00Z' }, ...overrides,
  };
}
const wpSite = (items: ImportedItem[]): ImportedSite => ({ source: 'wordpress', title: 'T', home: 'https://old.example', version: '1.2', items });

describe('importing the WordPress fixture', () => {
  const target = site();
  const report = importFile('wordpress', fixture('wordpress.xml'), target);

  it('writes published, draft, pending and scheduled posts, named by their local date', () => {
    expect(files(target.postsDir)).toEqual([
      '2023-12-31-new-years-eve-at-the-bindery.md', '2024-02-10-cafe-uber-strasse.md', '2024-03-05-日本の和紙.md',
      '2024-04-01-notes-on-glue.md', '2024-04-02-waiting-for-review.md', '2030-01-01-spring-workshop.md',
    ]);
    expect(report.written).toHaveLength(6);
    expect(report.drafts).toBe(2);
    expect(report.scheduled).toBe(1);
    expect(report.leftOut).toEqual({ private: 1, protected: 1, trash: 1, other: 0, undated: 0 });
    expect(report.pages).toEqual({ found: 2, asPosts: false, written: ['about.md', 'about/the-workshop.md'], existing: [], drafts: 0 });
    expect(report.otherTypes).toEqual({ attachment: 2, nav_menu_item: 8 });
  });

  it('writes front matter the build reads without a single warning', () => {
    const post = readBack(target, '2023-12-31-new-years-eve-at-the-bindery.md');
    // 06:30 GMT on 1 January is 22:30 on 31 December in the site's zone.
    expect(post.date).toBe('2023-12-31T22:30:00-08:00');
    expect(post.updated).toBe('2024-01-02T08:00:00-08:00');
    expect(post.slug).toBe('new-years-eve-at-the-bindery');
    expect(post.tags).toEqual(['paper', 'tools']);
    expect(post.extra['categories']).toEqual(['Bookbinding']);
    expect(post.extra['author']).toBe('Mara Lindqvist');
    expect(post.description).toBe('Twelve text blocks & a warm glue pot.');
    expect(post.aliases).toEqual(['/2023/12/31/new-years-eve-at-the-bindery/']);
    expect(post.body).toContain('<!-- more -->');
    expect(post.body).toContain('[the café post](/2024/02/cafe-uber-strasse/)');
    for (const file of files(target.postsDir)) readBack(target, file);
  });

  it('records ?p=ID links as a note in the front matter, not as aliases', () => {
    expect(read(target.postsDir, '2023-12-31-new-years-eve-at-the-bindery.md')).toMatch(/^# Old link \/\?p=101 has a query string/m);
    expect(report.queryLinks.map((q) => q.link)).toEqual(['/?p=101', '/?p=102', '/?p=103', '/?p=104', '/?p=105', '/?p=111', '/?page_id=108', '/?page_id=109']);
    expect(report.queryLinks[0]?.url).toBe('/2023/12/new-years-eve-at-the-bindery/');
  });

  it('marks drafts and pending posts as drafts, reads draft dates in the site zone, closes closed comments', () => {
    const draft = readBack(target, '2024-04-01-notes-on-glue.md');
    expect(draft.draft).toBe(true);
    expect(draft.date).toBe('2024-04-01T10:00:00-07:00');
    expect(readBack(target, '2024-04-02-waiting-for-review.md').draft).toBe(true);
    expect(readBack(target, '2024-02-10-cafe-uber-strasse.md').commentsOpen).toBe(false);
    expect(readBack(target, '2024-03-05-日本の和紙.md').slug).toBe('日本の和紙');
  });

  it('writes approved comments with threading, and counts spam, pending, pingbacks and re-threaded replies', () => {
    const dir = path.join(target.commentsDir, 'new-years-eve-at-the-bindery');
    expect(files(dir)).toEqual(['11.md', '12.md', '13.md', '17.md']);
    const comment = (id: string) => {
      const result = readComment(read(dir, `${id}.md`), { file: id, postSlug: 'new-years-eve-at-the-bindery', id }, config);
      expect(result.diagnostics).toEqual([]);
      if (!result.comment) throw new Error('no comment');
      return result.comment;
    };
    expect(comment('11')).toMatchObject({ author: 'Priya Natarajan', url: 'https://priya.example.net/', date: '2023-12-31T23:50:00-08:00' });
    expect(comment('11').replyTo).toBeUndefined();
    expect(comment('12').replyTo).toBe('11');
    expect(comment('13').replyTo).toBe('12');
    expect(comment('17').replyTo).toBeUndefined();
    expect(read(dir, '11.md')).not.toContain('priya@example.net');
    expect(report.comments).toEqual({ written: 5, existing: 0, pending: 1, spam: 1, trash: 0, pingbacks: 1, empty: 0, rethreaded: 1, onSkippedItems: 1, onPages: 1 });
  });

  it('counts what it converted: captions, galleries, embeds, unknown shortcodes', () => {
    expect(report.notes).toMatchObject({ captions: 2, galleries: 1, emptyGalleries: 0, embeds: 1, unknownShortcodes: { 'contact-form-7': 1 } });
  });

  it('is safe to re-run: nothing is overwritten, everything is counted as already there', () => {
    const before = files(target.postsDir).map((f) => read(target.postsDir, f));
    writeFileSync(path.join(target.postsDir, '2024-04-01-notes-on-glue.md'), '---\ntitle: Edited by hand\ndate: 2024-04-01\n---\nMine.\n');
    const again = importFile('wordpress', fixture('wordpress.xml'), target);
    expect(again.written).toEqual([]);
    expect(again.existing).toHaveLength(6);
    expect(again.comments.written).toBe(0);
    expect(again.comments.existing).toBe(5);
    expect(again.renamed).toEqual([]);
    expect(read(target.postsDir, '2024-04-01-notes-on-glue.md')).toContain('Edited by hand');
    expect(files(target.postsDir).map((f) => read(target.postsDir, f)).filter((t) => !t.includes('Edited by hand'))).toEqual(before.filter((t) => !t.includes('Notes on glue')));
  });

  it('replaces posts with --force', () => {
    const forced = importFile('wordpress', fixture('wordpress.xml'), target, { force: true });
    expect(forced.written).toHaveLength(6);
    expect(read(target.postsDir, '2024-04-01-notes-on-glue.md')).toContain('title: Notes on glue');
  });
});

describe('options', () => {
  it('imports pages as posts with pagesAsPosts, with their old path as an alias', () => {
    const target = site();
    const report = importFile('wordpress', fixture('wordpress.xml'), target, { pagesAsPosts: true });
    expect(report.pages).toEqual({ found: 2, asPosts: true, written: [], existing: [], drafts: 0 });
    expect(readBack(target, '2023-05-01-about.md').aliases).toEqual(['/about/']);
    expect(report.queryLinks.map((q) => q.link)).toContain('/?page_id=108');
  });

  it('keeps pingbacks as comments with includePingbacks', () => {
    const target = site();
    const report = importFile('wordpress', fixture('wordpress.xml'), target, { includePingbacks: true });
    expect(report.comments.pingbacks).toBe(0);
    expect(read(path.join(target.commentsDir, 'new-years-eve-at-the-bindery'), '15.md')).toContain('author: Another Bindery Blog');
  });

  it('copies uploads beside their posts as bundles and rewrites the links, with media', () => {
    const target = site();
    const options: ImportOptions = { media: fixture('uploads') };
    const report = importFile('wordpress', fixture('wordpress.xml'), target, options);
    expect(files(target.postsDir)).toContain('2023-12-31-new-years-eve-at-the-bindery/index.md');
    expect(existsSync(path.join(target.postsDir, '2023-12-31-new-years-eve-at-the-bindery/press.jpg'))).toBe(true);
    expect(existsSync(path.join(target.postsDir, '2024-02-10-cafe-uber-strasse/paper.jpg'))).toBe(true);
    const post = readBack(target, '2023-12-31-new-years-eve-at-the-bindery/index.md');
    expect(post.body).toContain('[![The standing press](press.jpg)](press.jpg)');
    expect(report.media.copied).toBe(4);
    expect(report.media.missing).toEqual([]);
    // A re-run with media finds the bundles.
    expect(importFile('wordpress', fixture('wordpress.xml'), target, options).existing).toHaveLength(6);
  });

  it('never copies a file outside the media folder, through ../ or a symbolic link', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'media/uploads/2020'), { recursive: true });
    writeFileSync(path.join(root, 'secret.txt'), 'secret');
    symlinkSync(path.join(root, 'secret.txt'), path.join(root, 'media/uploads/2020/link.txt'));
    const target = site(path.join(root, 'site'));
    const report = writeImport(wpSite([item({
      id: '1', html: '<a href="https://old.example/wp-content/uploads/2020/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt">a</a> <a href="https://old.example/wp-content/uploads/2020/link.txt">b</a>',
    })]), target, { media: path.join(root, 'media/uploads') });
    expect(report.media.copied).toBe(0);
    expect(readdirSync(target.postsDir)).toEqual(['2024-05-01-post-1.md']);
  });
});

describe('slugs, aliases and paths', () => {
  it('gives a taken slug a suffix, and keeps comment folders apart', () => {
    const target = site();
    const report = writeImport(wpSite([
      item({ id: '1', slug: 'same', date: { utc: '2024-01-01T12:00:00Z' }, comments: [{ id: '1', author: 'A', html: 'one', autop: true, status: 'approved', type: 'comment' }] }),
      item({ id: '2', slug: 'same', date: { utc: '2024-02-01T12:00:00Z' }, comments: [{ id: '1', author: 'B', html: 'two', autop: true, status: 'approved', type: 'comment' }] }),
    ]), target);
    expect(files(target.postsDir)).toEqual(['2024-01-01-same.md', '2024-02-01-same-2.md']);
    expect(report.renamed).toEqual([{ slug: 'same', post: '2024-02-01-same-2' }]);
    expect(files(target.commentsDir)).toEqual(['same-2/1.md', 'same/1.md']);
  });

  it('avoids a slug an existing post already has, and finds its own files again on a re-run', () => {
    const target = site();
    mkdirSync(target.postsDir, { recursive: true });
    writeFileSync(path.join(target.postsDir, '2020-01-01-hello.md'), '---\ntitle: Mine\n---\nHand-written.\n');
    const items = [item({ id: '1', slug: 'hello' })];
    expect(writeImport(wpSite(items), target).written).toEqual(['2024-05-01-hello-2.md']);
    const again = writeImport(wpSite(items), target);
    expect(again.written).toEqual([]);
    expect(again.existing).toEqual(['2024-05-01-hello-2.md']);
  });

  it('drops aliases that equal the new URL, clash, or name pages quire writes itself', () => {
    const target = site();
    const report = writeImport(wpSite([
      item({ id: '1', slug: 'a', link: 'https://old.example/2024/05/a/' }),
      item({ id: '2', slug: 'b', link: 'https://old.example/old/b/' }),
      item({ id: '3', slug: 'c', link: 'https://old.example/old/b/' }),
      item({ id: '4', slug: 'd', link: 'https://old.example/index.html' }),
      item({ id: '5', slug: 'e', link: 'https://old.example/blog/feed/?x=1' }),
    ]), target);
    expect(readBack(target, '2024-05-01-a.md').aliases).toEqual([]);
    expect(readBack(target, '2024-05-01-b.md').aliases).toEqual(['/old/b/']);
    expect(readBack(target, '2024-05-01-c.md').aliases).toEqual([]);
    expect(report.droppedAliases.map((d) => d.reason)).toEqual(['another imported post has the same old link', 'quire writes that page itself']);
  });

  it('reads old links relative to the old blog root, and tells query links apart', () => {
    expect(oldPath('https://old.example/blog/2008/11/x/', 'https://old.example/blog')).toEqual({ kind: 'path', path: '/2008/11/x/' });
    expect(oldPath('https://old.example/blog/?p=12', 'https://old.example/blog/')).toEqual({ kind: 'query', query: '/?p=12' });
    expect(oldPath('/2011/10/x.html', undefined)).toEqual({ kind: 'path', path: '/2011/10/x.html' });
    expect(oldPath('https://old.example/?s=search', 'https://old.example')).toBeUndefined();
    expect(oldPath('javascript:alert(1)', undefined)).toBeUndefined();
    expect(oldPath('https://old.example/', 'https://old.example')).toBeUndefined();
  });

  it('turns export dates into the site zone, and reads zone-less ones in it', () => {
    expect(siteDate({ utc: '2024-01-01T06:30:00Z' }, 'America/Los_Angeles')?.toISO()).toBe('2023-12-31T22:30:00.000-08:00');
    expect(siteDate({ local: '2024-07-01T10:00:00' }, 'Europe/Paris')?.toISO()).toBe('2024-07-01T10:00:00.000+02:00');
    expect(siteDate({ local: 'nonsense' }, 'UTC')).toBeUndefined();
  });

  it('titles untitled posts from their first words, and leaves undated ones out', () => {
    const target = site();
    const { date: _unused, ...undated } = item({ id: '2' });
    const report = writeImport(wpSite([item({ id: '1', title: '', html: 'Just a quick status update about glue today' }), undated]), target);
    expect(readBack(target, '2024-05-01-just-a-quick-status-update-about-glue-today.md').title).toBe('Just a quick status update about glue today');
    expect(report.untitled).toBe(1);
    expect(report.leftOut.undated).toBe(1);
  });

  it('refuses to write through a symbolic link that leads out of the posts folder', () => {
    const root = tempDir();
    const target = site(path.join(root, 'site'));
    mkdirSync(target.postsDir, { recursive: true });
    mkdirSync(path.join(root, 'outside'));
    writeFileSync(path.join(root, 'outside/victim.md'), 'original');
    symlinkSync(path.join(root, 'outside/victim.md'), path.join(target.postsDir, '2024-05-01-post-1.md'));
    const report = writeImport(wpSite([item({ id: '1' })]), target, { force: true });
    expect(report.refused).toEqual([path.join(target.postsDir, '2024-05-01-post-1.md')]);
    expect(readFileSync(path.join(root, 'outside/victim.md'), 'utf8')).toBe('original');
  });
});
