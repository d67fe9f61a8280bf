import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pagePathOf } from '../../../src/import/engine-site.js';
import { readJekyll } from '../../../src/import/jekyll.js';
import { importSite } from '../../../src/import/write-site-import.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-site-pages-');
const day = { year: '2014', month: '03', day: '07', hour: '09', minute: '05', second: '00' };

function importInto(engine: 'jekyll' | 'hugo' | 'hexo', files: Record<string, string>, options: { pagesAsPosts?: boolean } = {}) {
  const site = tempDir();
  const root = tempDir();
  writeFiles(site, files);
  const report = importSite(engine, site, {
    postsDir: path.join(root, 'posts'), pagesDir: path.join(root, 'pages'), staticDir: path.join(root, 'static'),
    configFile: undefined, newConfigFile: path.join(root, 'quire.config.yaml'),
    config: { timeZone: 'UTC', permalink: '/:year/:month/:slug/', baseUrl: 'https://example.org/' },
  }, options);
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  return { report, root, read };
}

describe('pagePathOf', () => {
  it.each([
    ['about.md', 'about'], ['docs/index.md', 'docs'], ['index.md', ''], ['docs/setup.markdown', 'docs/setup'], ['a.b/c.md', 'a.b/c'],
  ])('%s → %s', (file, place) => expect(pagePathOf(file)).toBe(place));
});

describe('Jekyll page URLs', () => {
  it.each([
    ['date', ['/about.html', '/docs/', '/docs/setup.html']],
    ['pretty', ['/about/', '/docs/', '/docs/setup/']],
    ['/:year/:title/', ['/about/', '/docs/', '/docs/setup/']],
  ])('permalink %s', (permalink, expected) => {
    const dir = tempDir();
    writeFiles(dir, {
      '_config.yml': `permalink: ${permalink}\n`, 'about.md': '---\ntitle: About\n---\nx\n',
      'docs/index.md': '---\ntitle: Docs\n---\nx\n', 'docs/setup.md': '---\ntitle: Setup\n---\nx\n',
    });
    const site = readJekyll(dir);
    expect(site.entries.map((e) => site.oldUrl(e, day, e.nameSlug))).toEqual(expected);
  });
});

describe('importing pages of a site folder', () => {
  it('keeps the folders, makes a folder page a file beside its sub-pages, and renames a page at a year', () => {
    const { report, read, root } = importInto('jekyll', {
      '_config.yml': 'permalink: pretty\n',
      'docs/index.md': '---\ntitle: Docs\n---\nAll of it.\n',
      'docs/setup.md': '---\ntitle: Setup\nslug: getting-started\n---\nFirst steps.\n',
      'docs/setup-2.md': '---\ntitle: Setup again\n---\nx\n',
      '2019.md': '---\ntitle: My 2019\n---\nA year.\n',
      'index.md': '---\nlayout: home\n---\n',
      '404.md': '---\ntitle: Not here\npermalink: /404.html\n---\nGone.\n',
      'recipes/2026-05-12-cookies.md': '---\ntitle: Cookies\n---\nBake.\n',
      'search.md': '---\ntitle: Search\nlayout: search\n---\n',
    });
    expect(report.pages.written.sort()).toEqual(['2019-page.md', '404.md', 'docs.md', 'docs/getting-started.md', 'docs/setup-2.md', 'recipes/cookies.md']);
    expect(read('pages/recipes/cookies.md')).toBe('---\ntitle: Cookies\naliases:\n  - /recipes/2026-05-12-cookies/\n---\nBake.\n');
    expect(report.pages.skipped).toEqual([{ file: 'index.md', reason: 'the home page: quire writes its own' }, { file: 'search.md', reason: 'quire writes its own /search/' }]);
    expect(read('pages/docs/getting-started.md')).toBe('---\ntitle: Setup\naliases:\n  - /docs/setup/\n---\nFirst steps.\n');
    expect(read('pages/2019-page.md')).toContain('aliases:\n  - /2019/\n');
    expect(read('pages/404.md')).toBe('---\ntitle: Not here\n---\nGone.\n');
    expect(read('pages/docs.md')).toBe('---\ntitle: Docs\n---\nAll of it.\n');
    expect(existsSync(path.join(root, 'posts'))).toBe(false);
  });

  it('with pagesAsPosts writes them as dated posts instead', () => {
    const { report, root } = importInto('hugo', { 'hugo.toml': '', 'content/about.md': '---\ntitle: About\ndate: 2020-01-02\n---\nx\n' }, { pagesAsPosts: true });
    expect(report.pages).toMatchObject({ found: 1, asPosts: true, written: [] });
    expect(report.written).toEqual(['2020-01-02-about.md']);
    expect(existsSync(path.join(root, 'pages'))).toBe(false);
  });

  it('keeps a Hugo leaf bundle page as a bundle with its files', () => {
    const { report, read, root } = importInto('hugo', {
      'hugo.toml': '', 'content/posts/a.md': '---\ntitle: A\ndate: 2020-01-02\n---\nx\n', 'content/about/index.md': '---\ntitle: About\n---\n![Me](me.svg)\n', 'content/about/me.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    });
    expect(report.pages.written).toEqual(['about/index.md']);
    expect(read('pages/about/index.md')).toBe('---\ntitle: About\n---\n![Me](me.svg)\n');
    expect(existsSync(path.join(root, 'pages/about/me.svg'))).toBe(true);
  });

  it('leaves a page that is already there unless forced', () => {
    const files = { '_config.yml': '', 'about.md': '---\ntitle: About\n---\nx\n' };
    const first = importInto('jekyll', files);
    expect(first.report.pages.written).toEqual(['about.md']);
    const site = tempDir();
    writeFiles(site, files);
    const target = {
      postsDir: path.join(first.root, 'posts'), pagesDir: path.join(first.root, 'pages'), staticDir: path.join(first.root, 'static'),
      configFile: path.join(first.root, 'quire.config.yaml'), newConfigFile: path.join(first.root, 'quire.config.yaml'),
      config: { timeZone: 'UTC', permalink: '/:year/:month/:slug/', baseUrl: 'https://example.org/' },
    };
    expect(importSite('jekyll', site, target).pages).toMatchObject({ written: [], existing: ['about.md'] });
    expect(importSite('jekyll', site, target, { force: true }).pages).toMatchObject({ written: ['about.md'], existing: [] });
  });

  it('imports the documents of an output collection as pages at the collection\'s URLs', () => {
    const { report, read } = importInto('jekyll', {
      '_config.yml': 'collections:\n  docs:\n    output: true\n    permalink: /:collection/:path/\n  drafts_box:\n    output: false\n',
      '_docs/install.md': '---\ntitle: Install\n---\nSee [usage]({% link _docs/usage/basics.md %}).\n',
      '_docs/usage/basics.md': '---\ntitle: Basics\n---\nx\n',
      '_drafts_box/no.md': '---\ntitle: Not written\n---\nx\n',
    });
    expect(report.pages.written.sort()).toEqual(['docs/install.md', 'docs/usage/basics.md']);
    expect(read('pages/docs/install.md')).toBe('---\ntitle: Install\n---\nSee [usage](usage/basics.md).\n');
  });

  it('points a link written as a repository path at the new file, and keeps a dead one as its text, listed', () => {
    const { report, read } = importInto('jekyll', {
      '_config.yml': '', 'pages/team.md': '---\ntitle: Team\n---\nx\n',
      'security.md': '---\ntitle: Security\n---\nWrite to [the team](docs/pages/team.md).\n\nOr [nobody](nowhere.md), not `[code](x.md)`.\n\n```\n[fenced](y.md)\n```\n',
    });
    expect(read('pages/security.md')).toBe('---\ntitle: Security\naliases:\n  - /security.html\n---\nWrite to [the team](pages/team.md).\n\nOr nobody, not `[code](x.md)`.\n\n```\n[fenced](y.md)\n```\n');
    expect(report.deadLinks).toEqual([{ file: 'security.md', line: 6, link: 'nowhere.md' }]);
    expect(report.converted['links to files']).toBe(1);
  });

  it('drops kramdown attribute lines outside code, counted, moving a heading\'s id onto it, and keeps them in fenced code', () => {
    const { report, read } = importInto('jekyll', {
      '_config.yml': 'permalink: pretty\n', 'notes.md': '---\ntitle: Notes\n---\n## 1.0\n{: #v1-0}\nText.\n{:.note}\n\n```\n{: #kept}\n```\n## In C# ##\n{: #c-sharp .big}\n',
    });
    expect(read('pages/notes.md')).toBe('---\ntitle: Notes\n---\n## 1.0 {#v1-0}\n\nText.\n\n\n```\n{: #kept}\n```\n## In C# {#c-sharp}\n');
    expect(report.converted['kramdown attribute lists']).toBe(3);
  });

  it('moves headings up so that none skips a level below the title, leaving code alone', () => {
    const { report, read } = importInto('jekyll', {
      '_config.yml': 'permalink: pretty\n', 'levels.md': '---\ntitle: Levels\n---\n### A\n#### B\n## C\n#### D\n\n```\n### not a heading\n```\n#hashtag\n',
    });
    expect(read('pages/levels.md')).toBe('---\ntitle: Levels\n---\n## A\n### B\n## C\n### D\n\n```\n### not a heading\n```\n#hashtag\n');
    expect(report.headings).toBe(3);
  });

  it('sends links to old addresses to the post or page now there, by its source file, with code in their text and as definitions', () => {
    const { report, read } = importInto('hexo', {
      '_config.yml': 'url: https://old.example\npermalink: :title.html\n',
      'source/_posts/a.md': '---\ntitle: A\ndate: 2020-01-01\n---\n## Part\n',
      'source/docs/setup.md': '---\ntitle: Setup\n---\nSee [`a` first](/a.html#Part), [again](/a#Part), [whole](https://old.example/a.html), [elsewhere](//other.example/a.html), [asked](/a.html?x=1) and [ref].\n\n`[not](/a.html)`\n\n[ref]: /a.html "A"\n',
    });
    expect(read('pages/docs/setup.md')).toContain('See [`a` first](../../posts/2020-01-01-a.md#Part), [again](../../posts/2020-01-01-a.md#Part), [whole](../../posts/2020-01-01-a.md), [elsewhere](//other.example/a.html), [asked](../../posts/2020-01-01-a.md?x=1) and [ref].\n\n`[not](/a.html)`\n\n[ref]: ../../posts/2020-01-01-a.md "A"\n');
    expect(report.converted['links to old addresses']).toBe(5);
  });

  it('keeps Hexo\'s heading ids where quire\'s would differ, numbering repeats as Hexo does', () => {
    const { report, read } = importInto('hexo', {
      '_config.yml': 'permalink: :title/\n',
      'source/_posts/ids.md': '---\ntitle: Ids\ndate: 2020-01-01\n---\n## Site Variables\n\n## lower case\n\n## url_for *helper*\n\n## Site Variables\n\n## 安装\n\n## Own {#mine}\n\n## Tom & Jerry\'s\n\n## Café au lait\n\n```\n## Not a heading\n```\n',
    });
    expect(read('posts/2020-01-01-ids.md')).toContain('\n## Site Variables {#Site-Variables}\n\n## lower case\n\n## url_for *helper* {#url-for-helper}\n\n## Site Variables {#Site-Variables-1}\n\n## 安装\n\n## Own {#mine}\n\n## Tom & Jerry\'s {#Tom-amp-Jerry-39-s}\n\n## Café au lait {#Cafe-au-lait}\n\n```\n## Not a heading\n```\n');
    expect(report.converted['heading ids kept']).toBe(5);
  });

  it('moves the author\'s HTML headings too, each closing tag with its opening one, leaving code alone', () => {
    const { report, read } = importInto('jekyll', {
      '_config.yml': 'permalink: pretty\n',
      'tips.md': '---\ntitle: Tips\n---\n## Setup\n\n<div class="note">\n  <h5>ProTip\n  </h5>\n  <p>Use <code>`<h6>`</code>.</p>\n</div>\n\n<h2 id="next">Next</h2><h4>Deeper</h4>\n',
    });
    expect(read('pages/tips.md')).toBe('---\ntitle: Tips\n---\n## Setup\n\n<div class="note">\n  <h3>ProTip\n  </h3>\n  <p>Use <code>`<h6>`</code>.</p>\n</div>\n\n<h2 id="next">Next</h2><h3>Deeper</h3>\n');
    expect(report.headings).toBe(2);
  });

  it('writes rawHtml: true into the new config when posts or pages hold HTML of their own, not for autolinks or code', () => {
    const withHtml = importInto('jekyll', {
      '_config.yml': '', '_posts/2020-01-01-a.md': '---\ntitle: A\n---\n<img src="/a.png" alt="A">\n',
      '_posts/2020-01-02-b.md': '---\ntitle: B\n---\nSee <https://x.org/> and `<b>`.\n\n```\n<div>\n```\n',
    });
    expect(withHtml.report.rawHtml).toBe(1);
    expect(withHtml.read('quire.config.yaml')).toContain('rawHtml: true');
    const without = importInto('jekyll', { '_config.yml': '', '_posts/2020-01-02-b.md': '---\ntitle: B\n---\nSee <https://x.org/> and `<b>`.\n' });
    expect(without.report.rawHtml).toBe(0);
    expect(without.read('quire.config.yaml')).not.toContain('rawHtml');
  });
});
