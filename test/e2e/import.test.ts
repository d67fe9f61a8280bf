/**
 * `quire import` (issue 9), end to end: a WordPress WXR 1.2 export and a Blogger export, written
 * for these tests from the formats' documentation, are imported into fresh sites through the CLI,
 * then built. Checked page by page: post count, calendar days, tags, comment threading, and that
 * every alias is a redirect page to its post's new URL; then the link walk and the Nu HTML Checker
 * over every page. A hostile export must import into a site that is still safe.
 *
 * Expectations come from the fixtures, read by eye, not from the importer's model.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { readPosts } from '../../src/content/read-posts.js';
import { findBrokenLinks, formatBrokenRefs } from '../helpers/link-walk.js';
import { toolGate } from '../helpers/tools.js';
import { formatVnuMessages, runVnu } from '../helpers/vnu.js';
import { FIXED_NOW } from '../support/clock.js';
import { all, attr, hasClass, one, readPage, text, type Document, type Element } from '../support/html.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';
import { runCli } from '../support/run-cli.js';
import { isSearchPage, searchScriptTag } from '../support/theme-script.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const tempDir = useTempDirs('quire-import-e2e-');
const vnuGate = toolGate('java');
const SITE_URL = 'https://blog.example/';
const CONFIG = `title: New Home\nbaseUrl: ${SITE_URL}\ntimeZone: America/Los_Angeles\nlanguage: en\n`;

const cli = runCli;

/** A site imported from one export and built. */
interface Imported {
  root: string;
  out: string;
  summary: string;
  /** Every file in the site folder after the import, before the build. */
  files: string[];
  result: BuildResult;
}

async function importAndBuild(kind: string, file: string, extra: string[] = [], config = CONFIG, root = tempDir()): Promise<Imported> {
  writeFiles(root, { 'quire.config.yaml': config });
  const run = await cli('import', kind, file, '--root', root, ...extra);
  if (run.code !== 0) throw new Error(`import failed (${run.code}): ${run.stderr}`);
  const out = path.join(root, 'dist');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(root, f)).isFile()).sort();
  return { root, out, summary: run.stdout, files, result: build({ root, out, now: FIXED_NOW }) };
}

const page = (site: Imported, url: string): Document => readPage(site.out, `${decodeURIComponent(url).replace(/^\//, '')}index.html`).doc;
const commentList = (doc: Document) => one(doc, 'ol', hasClass('comment-list'));
/** Ids of the `<li class="comment">` directly inside `list`, in order. */
const childIds = (list: Element) => list.children.filter((c): c is Element => 'name' in c && c.name === 'li').map((li) => attr(li, 'id'));
const repliesOf = (doc: Document, id: string) => {
  const li = one(doc, 'li', (el) => attr(el, 'id') === `comment-${id}`);
  const children = li.children.find((c): c is Element => 'name' in c && c.name === 'ol');
  return children ? childIds(children) : [];
};
const postDate = (doc: Document) => one(one(doc, 'header', hasClass('post-header')), 'time');
const tagNames = (doc: Document) => all(one(doc, 'p', hasClass('post-tags')), 'a').map(text);
const unescapeXml = (s: string) => s.replace(/^<!\[CDATA\[|\]\]>$/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const htmlFiles = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).sort();

/**
 * Every alias in every built post's front matter must be a redirect page at that path, pointing at
 * the post's new URL (meta refresh, canonical link and a plain link).
 */
function expectAliasesRedirect(site: Imported): number {
  const { posts } = readPosts(path.join(site.root, 'posts'), { timeZone: 'America/Los_Angeles' });
  let count = 0;
  for (const post of posts) {
    if (post.draft || post.time > FIXED_NOW) continue;
    const target = `/${post.date.slice(0, 4)}/${post.date.slice(5, 7)}/${post.slug}/`;
    expect(statSync(path.join(site.out, decodeURIComponent(target), 'index.html')).isFile()).toBe(true);
    for (const alias of post.aliases) {
      const decoded = decodeURIComponent(alias).replace(/^\//, '');
      const { doc } = readPage(site.out, decoded.endsWith('/') ? `${decoded}index.html` : decoded);
      const refresh = attr(one(doc, 'meta', (el) => attr(el, 'http-equiv') === 'refresh'), 'content');
      expect(refresh, alias).toBe(`0; url=${target}`);
      expect(attr(one(doc, 'link', (el) => attr(el, 'rel') === 'canonical'), 'href')).toBe(`${SITE_URL}${target.slice(1)}`);
      expect(attr(one(doc, 'a'), 'href')).toBe(target);
      count++;
    }
  }
  return count;
}

let wordpress: Imported;
let blogger: Imported;
let hostile: Imported & { before: string[]; outside: string };

beforeAll(async () => {
  wordpress = await importAndBuild('wordpress', fixture('wordpress.xml'), ['--media', fixture('uploads')]);
  blogger = await importAndBuild('blogger', fixture('blogger.xml'));

  // The hostile site keeps raw HTML (the riskier mode), has a media folder, and a file just
  // outside it that a `../` in an upload URL aims at.
  const parent = tempDir();
  const root = path.join(parent, 'site');
  mkdirSync(path.join(parent, 'media/uploads/2020'), { recursive: true });
  writeFileSync(path.join(parent, 'media/secret.txt'), 'secret');
  writeFileSync(path.join(parent, 'secret.txt'), 'secret');
  const before = readdirSync(parent, { recursive: true, encoding: 'utf8' }).sort();
  const site = await importAndBuild('wordpress', fixture('hostile.xml'), ['--media', path.join(parent, 'media/uploads')], `${CONFIG}rawHtml: true\n`, root);
  hostile = { ...site, before, outside: parent };
});

describe('a WordPress blog moves in', () => {
  it('imports and builds with no problem at all', () => {
    expect(wordpress.result.diagnostics).toEqual([]);
    expect(wordpress.result.ok).toBe(true);
  });

  it('publishes the three public posts; drafts, pending and scheduled posts are kept but not built', () => {
    expect(wordpress.result.posts).toBe(3);
    expect(wordpress.result.skipped).toEqual({ drafts: 2, future: 1 });
    expect(readdirSync(path.join(wordpress.root, 'posts')).sort()).toEqual([
      '2023-12-31-new-years-eve-at-the-bindery', '2024-02-10-cafe-uber-strasse', '2024-03-05-日本の和紙',
      '2024-04-01-notes-on-glue.md', '2024-04-02-waiting-for-review.md', '2030-01-01-spring-workshop.md',
    ]);
    expect(wordpress.summary).toContain('1 private, 1 password-protected, 1 trashed');
  });

  it('dates each post on its calendar day in the site\'s zone, not the GMT day', () => {
    // Published 22:30 on New Year's Eve in Los Angeles, 06:30 on 1 January in GMT.
    const doc = page(wordpress, '/2023/12/new-years-eve-at-the-bindery/');
    expect(attr(postDate(doc), 'datetime')).toBe('2023-12-31T22:30:00-08:00');
    expect(text(postDate(doc))).toBe('December 31, 2023');
    expect(text(one(doc, 'h1'))).toBe('New Year’s Eve at the Bindery');
    expect(readdirSync(path.join(wordpress.out, 'archive/2023'))).toContain('12');
    expect(text(postDate(page(wordpress, '/2024/02/cafe-uber-strasse/')))).toBe('February 10, 2024');
  });

  it('tags posts with their tags only: categories are written as categories, "Uncategorized" left out', () => {
    expect(tagNames(page(wordpress, '/2023/12/new-years-eve-at-the-bindery/'))).toEqual(['paper', 'tools']);
    expect(tagNames(page(wordpress, '/2024/02/cafe-uber-strasse/'))).toEqual(['paper']);
    expect(tagNames(page(wordpress, '/2024/03/日本の和紙/'))).toEqual(['和紙']);
    expect(readdirSync(path.join(wordpress.out, 'tags')).sort()).toEqual(['index.html', 'paper', 'tools', '和紙']);
    expect(all(page(wordpress, '/tags/paper/'), 'h2').map(text)).toEqual(expect.arrayContaining(['Café Über Straße: a paper tour', 'New Year’s Eve at the Bindery']));
  });

  it('threads the approved comments; spam, pending and the pingback are not shown', () => {
    const doc = page(wordpress, '/2023/12/new-years-eve-at-the-bindery/');
    expect(text(one(doc, 'h2', (el) => attr(el, 'id') === 'comments-title'))).toBe('4 responses to “New Year’s Eve at the Bindery”');
    expect(childIds(commentList(doc))).toEqual(['comment-11', 'comment-17']);
    expect(repliesOf(doc, '11')).toEqual(['comment-12']);
    expect(repliesOf(doc, '12')).toEqual(['comment-13']);
    const html = readPage(wordpress.out, '2023/12/new-years-eve-at-the-bindery/index.html').html;
    for (const hidden of ['Cheap Watches', 'Another Bindery Blog', 'moderation queue', 'priya@example.net']) expect(html).not.toContain(hidden);
    expect(text(one(doc, 'li', (el) => attr(el, 'id') === 'comment-12'))).toContain('Wheat paste for the spines, PVA for the case.');
    expect(text(commentList(page(wordpress, '/2024/03/日本の和紙/')))).toContain('素晴らしい！ Gampi is my favourite.');
    expect(text(page(wordpress, '/2024/02/cafe-uber-strasse/'))).toContain('Comments are closed.');
  });

  it('keeps the content: excerpt marker, caption, gallery, embed link, table, and links between posts', () => {
    const home = readPage(wordpress.out, 'index.html');
    expect(text(home.doc)).toContain('The last evening of the year, spent at the press.');
    expect(text(home.doc)).not.toContain('We pressed twelve text blocks');
    const doc = page(wordpress, '/2023/12/new-years-eve-at-the-bindery/');
    const body = one(doc, 'div', hasClass('post-body'));
    expect(attr(one(body, 'img'), 'src')).toBe('/2023/12/new-years-eve-at-the-bindery/press.jpg');
    expect(text(body)).toContain('The standing press, circa 1890');
    expect(attr(one(body, 'a', (el) => text(el) === 'the café post'), 'href')).toBe('/2024/02/cafe-uber-strasse/');
    const cafe = one(page(wordpress, '/2024/02/cafe-uber-strasse/'), 'div', hasClass('post-body'));
    expect(all(cafe, 'img').map((img) => attr(img, 'src'))).toEqual(['/2024/02/cafe-uber-strasse/press.jpg', '/2024/02/cafe-uber-strasse/paper.jpg']);
    expect(attr(one(cafe, 'a', (el) => (attr(el, 'href') ?? '').includes('youtube')), 'href')).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    expect(all(cafe, 'td').map(text)).toEqual(['Papier & Co', 'Marbled']);
    expect(statSync(path.join(wordpress.out, '2023/12/new-years-eve-at-the-bindery/press.jpg')).isFile()).toBe(true);
  });

  it('writes a redirect page at every old permalink, to the post\'s new URL', () => {
    expect(expectAliasesRedirect(wordpress)).toBe(3);
    expect(statSync(path.join(wordpress.out, '2023/12/31/new-years-eve-at-the-bindery/index.html')).isFile()).toBe(true);
    expect(statSync(path.join(wordpress.out, '2024/03/05/日本の和紙/index.html')).isFile()).toBe(true);
    expect(wordpress.summary).toContain('query-string links (/?p=101, /?p=102, /?p=103, …) cannot be redirect pages');
  });

  it('passes the internal-link walk', async () => {
    const broken = await findBrokenLinks(wordpress.out, { siteUrl: SITE_URL });
    expect(broken, formatBrokenRefs(broken)).toEqual([]);
  });
});

describe('a WordPress blog keeps its pages, authors and menu', () => {
  it('builds each page at its old address, the child inside its parent, linked both ways', () => {
    const about = page(wordpress, '/about/');
    expect(text(one(about, 'h1'))).toBe('About');
    expect(all(about, 'a').map((a) => attr(a, 'href'))).toContain('/about/the-workshop/');
    const workshop = page(wordpress, '/about/the-workshop/');
    expect(text(one(workshop, 'h1'))).toBe('The workshop');
    expect(text(one(workshop, 'h2'))).toBe('Tools');
  });

  it('shows the export\'s menu in the header of every page: pages, categories under a heading, a link elsewhere', () => {
    const nav = one(readPage(wordpress.out, 'index.html').doc, 'nav', hasClass('site-nav'));
    expect(all(nav, 'a').map((a) => [text(a), attr(a, 'href')])).toEqual([
      ['About', '/about/'], ['The workshop', '/about/the-workshop/'],
      ['Bookbinding', '/categories/bookbinding/'], ['Travel', '/categories/travel/'],
      ['Elsewhere', 'https://elsewhere.example/mara'],
      // The theme's own feed link closes every menu.
      ['Subscribe', '/rss.xml'],
    ]);
  });

  it('names each post\'s author by display name, from the authors it wrote into the config', () => {
    expect(readFileSync(path.join(wordpress.root, 'quire.config.yaml'), 'utf8')).toContain('authors:\n  mara:\n    name: Mara Lindqvist\n');
    expect(text(one(page(wordpress, '/2023/12/new-years-eve-at-the-bindery/'), 'header', hasClass('post-header')))).toContain('Mara Lindqvist');
  });
});

describe('a Blogger blog moves in', () => {
  it('imports and builds with no problem at all', () => {
    expect(blogger.result.diagnostics).toEqual([]);
    expect(blogger.result.ok).toBe(true);
    expect(blogger.result.posts).toBe(2);
    expect(blogger.result.skipped).toEqual({ drafts: 1, future: 0 });
    expect(blogger.summary).toMatch(/pages\s+1 written to/);
  });

  it('builds its page at a clean URL, with a redirect at the old /p/….html address', () => {
    expect(text(one(page(blogger, '/about-me/'), 'h1'))).toBe('About me');
    const refresh = attr(one(readPage(blogger.out, 'p/about-me.html').doc, 'meta', (el) => attr(el, 'http-equiv') === 'refresh'), 'content');
    expect(refresh).toBe('0; url=/about-me/');
  });

  it('dates posts on the day their readers saw, in the site\'s zone', () => {
    // 23:45 on 1 March in Los Angeles is already 2 March in UTC.
    expect(text(postDate(page(blogger, '/2009/03/tea-stained-endpapers/')))).toBe('March 1, 2009');
    // 10:00 in Paris on 15 June is 01:00 the same day in Los Angeles.
    expect(text(postDate(page(blogger, '/2010/06/elan-vital-ca-marche/')))).toBe('June 15, 2010');
  });

  it('tags posts with their labels and threads replies under their comment', () => {
    const doc = page(blogger, '/2009/03/tea-stained-endpapers/');
    expect(tagNames(doc)).toEqual(['paper', 'dyeing']);
    expect(tagNames(page(blogger, '/2010/06/elan-vital-ca-marche/'))).toEqual(['français', 'paper']);
    expect(childIds(commentList(doc))).toEqual(['comment-9101']);
    expect(repliesOf(doc, '9101')).toEqual(['comment-9102']);
    expect(text(one(doc, 'li', (el) => attr(el, 'id') === 'comment-9101'))).toContain('Earl Grey smells lovely.');
  });

  it('turns the jump break into the excerpt\'s end', () => {
    const home = text(readPage(blogger.out, 'index.html').doc);
    expect(home).toContain('Brush it on, let it dry.');
    expect(home).not.toContain('Two coats give an antique look.');
  });

  it('writes a redirect page at every /YYYY/MM/slug.html, to the post\'s new URL', () => {
    expect(expectAliasesRedirect(blogger)).toBe(2);
    expect(statSync(path.join(blogger.out, '2009/03/tea-stained-endpapers.html')).isFile()).toBe(true);
  });

  it('passes the internal-link walk', async () => {
    const broken = await findBrokenLinks(blogger.out, { siteUrl: SITE_URL });
    expect(broken, formatBrokenRefs(broken)).toEqual([]);
  });
});

describe('a hostile export', () => {
  it('imports and builds', () => {
    expect(hostile.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(hostile.result.ok).toBe(true);
    expect(hostile.result.posts).toBe(3);
  });

  it('leaves no script, event handler or javascript: URL in any page or feed', () => {
    const unsafe = /<script|<iframe(?![^>]*src="https:)|\son[a-z]+\s*=|javascript:|<object|<embed|<svg/i;
    for (const file of htmlFiles(hostile.out)) {
      const content = readFileSync(path.join(hostile.out, file), 'utf8');
      // The search page's own script, by its hashed name, is the theme's; nothing else loads one.
      const rest = isSearchPage(file) ? content.replace(searchScriptTag, '') : content;
      // The only other scripts are the layout's JSON-LD blocks, whose text is escaped JSON.
      for (const [, attrs, body] of rest.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        expect(attrs, file).toBe(' type="application/ld+json"');
        expect(body, file).not.toMatch(/<\/?script/i);
      }
      expect(rest.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, ''), file).not.toMatch(unsafe);
    }
    // Feeds carry post and comment bodies as HTML: once unescaped, those must be clean too.
    const feed = JSON.parse(readFileSync(path.join(hostile.out, 'feed.json'), 'utf8')) as { items: Array<{ content_html: string }> };
    for (const item of feed.items) expect(item.content_html).not.toMatch(unsafe);
    for (const file of ['rss.xml', 'atom.xml', 'comments.xml']) {
      const xml = readFileSync(path.join(hostile.out, file), 'utf8');
      const bodies = [...xml.matchAll(/<(description|content|content:encoded)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => unescapeXml(m[2] ?? ''));
      expect(bodies.length, file).toBeGreaterThan(0);
      for (const body of bodies) expect(body, file).not.toMatch(unsafe);
    }
    const doc = page(hostile, '/2024/01/etc-passwd/');
    expect(text(one(doc, 'h1'))).toBe('Hello </script><script>alert(2)</script>');
    expect(text(one(doc, 'li', (el) => attr(el, 'id') === 'comment-tmp-pwned'))).toContain('Eve');
  });

  it('writes only inside posts/ and comments/, with sanitised names, and copies nothing from outside the media folder', () => {
    expect(hostile.files).toEqual([
      'comments/etc-passwd/2.md', 'comments/etc-passwd/tmp-pwned.md',
      'posts/2024-01-01-etc-passwd.md', 'posts/2024-01-03-comments-x.md', 'posts/2024-01-04-etc-passwd-2.md',
      'quire.config.yaml',
    ]);
    const after = readdirSync(hostile.outside, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('site')).sort();
    expect(after).toEqual(hostile.before.filter((f) => !f.startsWith('site')));
    expect(hostile.summary).toContain('not an alias: /index.html');
  });

  it('passes the internal-link walk', async () => {
    const broken = await findBrokenLinks(hostile.out, { siteUrl: SITE_URL });
    expect(broken, formatBrokenRefs(broken)).toEqual([]);
  });
});

describe('the imported sites', () => {
  if (vnuGate.mustFail) it('has java for the Nu HTML Checker', () => expect.fail(vnuGate.reason));
  it.skipIf(vnuGate.skip)('pass the Nu HTML Checker, every page and redirect page', async () => {
    const files = [wordpress, blogger, hostile].flatMap((site) => htmlFiles(site.out).map((f) => path.join(site.out, f)));
    expect(files.length).toBeGreaterThan(40);
    const messages = await runVnu(files);
    expect(messages, formatVnuMessages(messages)).toEqual([]);
  }, 180_000);
});

