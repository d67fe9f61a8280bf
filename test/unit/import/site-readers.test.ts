import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHexo } from '../../../src/import/hexo.js';
import { readHugo } from '../../../src/import/hugo.js';
import { readJekyll } from '../../../src/import/jekyll.js';
import type { EngineSite } from '../../../src/import/engine-site.js';
import { runCli } from '../../support/run-cli.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-site-readers-');
const day = { year: '2014', month: '03', day: '07', hour: '09', minute: '05', second: '00' };
const urls = (site: EngineSite) => site.entries.map((e) => site.oldUrl(e, day, e.nameSlug));

describe('old URLs under each engine\'s rules', () => {
  it.each([
    ['date', '/travel/2014/03/07/first-trip.html'],
    ['pretty', '/travel/2014/03/07/first-trip/'],
    ['ordinal', '/travel/2014/066/first-trip.html'],
    ['none', '/travel/first-trip.html'],
    ['/:year/:i_month/:title/', '/2014/3/first-trip/'],
  ])('Jekyll permalink: %s', (permalink, url) => {
    const dir = tempDir();
    writeFiles(dir, { '_config.yml': `permalink: ${permalink}\n`, '_posts/2014-03-07-first-trip.md': '---\ntitle: First trip\ncategories: Travel\n---\nx\n' });
    expect(urls(readJekyll(dir))).toEqual([url]);
  });

  it('Hugo: posts in the usual sections; the section and file name in lower case by default, a permalinks pattern, and a url of its own', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'hugo.toml': '[permalinks]\nnews = "/:section/:year/:monthname/:slug/"\n',
      'content/posts/My-Trip.md': '---\ntitle: My trip\n---\nx\n',
      'content/posts/own.md': '---\ntitle: Own\nurl: /somewhere/else/\n---\nx\n',
      'content/news/launch.md': '+++\ntitle = "We Launch!"\n+++\nx\n',
    });
    const site = readHugo(dir);
    expect(site.entries.map((e) => [e.file, e.kind])).toEqual([['content/news/launch.md', 'post'], ['content/posts/My-Trip.md', 'post'], ['content/posts/own.md', 'post']]);
    expect(urls(site)).toEqual(['/news/2014/march/we-launch/', '/posts/my-trip/', '/somewhere/else/']);
  });

  it('Hugo: a date in front of a file name stays in the old URL unless the config dates posts by :filename', () => {
    const files = (config: string) => ({ 'hugo.toml': config, 'content/post/2015-01-04-first-post.md': '---\ntitle: First\ndate: 2015-01-04\n---\nx\n', 'content/post/2016-02-02-bundle/index.md': '---\ntitle: B\ndate: 2016-02-02\n---\nx\n' });
    const plain = tempDir();
    writeFiles(plain, files(''));
    expect(urls(readHugo(plain))).toEqual(['/post/2015-01-04-first-post/', '/post/2016-02-02-bundle/']);
    const dated = tempDir();
    writeFiles(dated, files('[frontmatter]\ndate = [":filename", ":default"]\n'));
    expect(urls(readHugo(dated))).toEqual(['/post/first-post/', '/post/bundle/']);
  });

  it('Hugo: uglyURLs, for the whole site or a section, makes each old URL a .html file', () => {
    const files = (config: string) => ({
      'hugo.toml': config, 'content/post/trip.md': '---\ntitle: Trip\nslug: the-trip\n---\nx\n', 'content/about.md': '---\ntitle: About\n---\nx\n',
    });
    const site = tempDir();
    writeFiles(site, files('uglyURLs = true\n[permalinks]\npost = "/:year/:month/:day/:slug/"\n'));
    expect(urls(readHugo(site))).toEqual(['/about.html', '/2014/03/07/the-trip.html']);
    const section = tempDir();
    writeFiles(section, files('[uglyURLs]\npost = true\n[permalinks]\npost = "/:year/:month/:day/:slug/"\n'));
    expect(urls(readHugo(section))).toEqual(['/about/', '/2014/03/07/the-trip.html']);
  });

  it('Hugo: config keys and its own front matter fields in any case, as Hugo reads them', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'hugo.toml': 'BaseURL = "https://old.example/"\nTitle = "Old"\n[Permalinks]\nPosts = "/:year/:slug/"\n[Params]\nMainSections = ["posts"]\n',
      'content/posts/a.md': '---\nTitle: A Post\nSlug: a-post\nDate: 2014-03-07\nTags: [x]\nlocalThing: kept\n---\nx\n',
      'content/notes/b.md': '---\ntitle: B\n---\nx\n',
    });
    const site = readHugo(dir);
    expect(site.settings).toMatchObject({ title: 'Old', url: 'https://old.example/' });
    const post = site.entries.find((e) => e.kind === 'post');
    expect(post?.data).toEqual({ title: 'A Post', slug: 'a-post', date: '2014-03-07', tags: ['x'], localThing: 'kept' });
    expect(post && site.oldUrl(post, day, post.nameSlug)).toBe('/2014/a-post/');
  });

  it('Hugo: reads a quoted value that runs on over unindented lines, as Go\'s YAML does', () => {
    const dir = tempDir();
    writeFiles(dir, { 'hugo.toml': '', 'content/posts/a.md': '---\ntitle: A\ndescription: "one\ntwo"\n---\nx\n' });
    const [entry] = readHugo(dir).entries;
    expect(entry).toMatchObject({ repaired: true, data: { description: 'one two' } });
  });

  it('Hexo: :title is the file name without the date new_post_name put there, :category the categories', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '_config.yml': 'permalink: :category/:year/:title.html\nnew_post_name: :year-:month-:day-:title.md\n',
      'source/_posts/2014-03-07-Hello World.md': 'title: Hello\ndate: 2014-03-07\ncategories: [Diary]\n---\nx\n',
      'source/_posts/2014-03-08-plain.md': 'title: Plain\n---\nx\n',
    });
    expect(urls(readHexo(dir))).toEqual(['/Diary/2014/Hello World.html', '/uncategorized/2014/plain.html']);
  });
});

describe('quire import jekyll|hugo|hexo <folder>', () => {
  it('refuses a folder that is not that engine\'s site, before writing anything (exit 1)', async () => {
    const root = tempDir();
    const old = tempDir();
    writeFiles(old, { 'notes.txt': 'x' });
    const run = await runCli('import', 'hugo', old, '--root', root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('This folder does not look like a hugo site');
  });

  it('refuses to write the new site inside the old one (exit 2)', async () => {
    const old = tempDir();
    writeFiles(old, { '_config.yml': 'title: x\n', '_posts/2014-03-07-a.md': '---\ntitle: A\n---\nx\n' });
    const run = await runCli('import', 'jekyll', old, '--root', path.join(old, 'new'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('inside the jekyll site');
  });
});
