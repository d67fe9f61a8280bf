/**
 * `quire import jekyll|hugo|hexo <site-folder>` (issue 20), end to end: three small sites in the
 * shapes real Jekyll, Hugo and Hexo blogs have (written for these tests), imported through the CLI
 * into empty folders and built. Checked: the config written from the old settings, posts and
 * drafts, the engines' syntax converted in the built pages, what is left listed by file and line,
 * bundles and static files, every old URL a page or a redirect page to the post, the link walk,
 * and that a re-run writes nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { findBrokenLinks, formatBrokenRefs } from '../helpers/link-walk.js';
import { toolGate } from '../helpers/tools.js';
import { formatVnuMessages, runVnu } from '../helpers/vnu.js';
import { FIXED_NOW } from '../support/clock.js';
import { attr, one, readPage } from '../support/html.js';
import { runCli } from '../support/run-cli.js';
import { useTempDirs } from '../support/temp-dir.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const tempDir = useTempDirs('quire-import-engines-');
const vnuGate = toolGate('java');

interface Imported {
  root: string;
  out: string;
  summary: string;
  config: Record<string, unknown>;
  result: BuildResult;
}

async function importAndBuild(engine: string): Promise<Imported> {
  const root = tempDir();
  const run = await runCli('import', engine, fixture(`import-${engine}`), '--root', root);
  if (run.code !== 0) throw new Error(`import failed (${run.code}): ${run.stderr}`);
  const out = path.join(root, 'dist');
  const config = parse(readFileSync(path.join(root, 'quire.config.yaml'), 'utf8')) as Record<string, unknown>;
  return { root, out, summary: run.stdout, config, result: build({ root, out, now: FIXED_NOW }) };
}

const html = (site: Imported, url: string) => readFileSync(path.join(site.out, decodeURIComponent(url).replace(/^\//, ''), url.endsWith('/') ? 'index.html' : ''), 'utf8');

/** The old address serves the post: it is its page, or a redirect page to it. */
function expectResolves(site: Imported, oldUrl: string, newUrl: string): void {
  if (oldUrl === newUrl) {
    expect(existsSync(path.join(site.out, oldUrl, 'index.html')), oldUrl).toBe(true);
    return;
  }
  const file = decodeURIComponent(oldUrl).replace(/^\//, '');
  const { doc } = readPage(site.out, file.endsWith('/') ? `${file}index.html` : file);
  expect(attr(one(doc, 'meta', (el) => attr(el, 'http-equiv') === 'refresh'), 'content'), oldUrl).toBe(`0; url=${newUrl}`);
}

let jekyll: Imported;
let hugo: Imported;
let hexo: Imported;

beforeAll(async () => {
  jekyll = await importAndBuild('jekyll');
  hugo = await importAndBuild('hugo');
  hexo = await importAndBuild('hexo');
}, 120_000);

describe('quire import jekyll', () => {
  it('writes the config from _config.yml, and builds every published post without errors', () => {
    expect(jekyll.config).toEqual({
      title: 'Paper & Paste', description: 'Notes from a small bindery.', author: { name: 'Ines Moreau' },
      baseUrl: 'https://bindery.example/', timeZone: 'America/New_York', postsPerPage: 5,
    });
    expect(jekyll.summary).toContain('found       3 posts, 1 draft, 3 pages');
    expect(jekyll.summary).toContain('not kept: permalink date:');
    expect(jekyll.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(readdirSync(path.join(jekyll.root, 'posts')).sort()).toEqual([
      '2009-04-12-first-binding.md', '2010-01-05-second-press.md', '2011-02-02-not-yet.md', '2011-03-01-half-done.md',
    ]);
    expect(readFileSync(path.join(jekyll.root, 'posts/2011-02-02-not-yet.md'), 'utf8')).toContain('draft: true');
  });

  it('converts highlight, post_url, link, relative_url, site values, raw and a plain include', () => {
    const page = html(jekyll, '/2009/04/first-binding/');
    expect(page).toMatch(/<code class="[^"]*language-ruby[^"]*">/);
    expect(page).toContain('href="/2010/01/second-press/"');
    expect(page).toContain('href="/images/press.svg"');
    expect(page).toContain('src="/images/press.svg"');
    expect(page).toContain('Templates write {{ page.title }} for the title.');
    expect(page).toContain('All sizes are in millimetres.');
    expect(page).not.toContain('{% highlight ruby linenos %}');
    expect(html(jekyll, '/2010/01/second-press/')).toContain('href="/2009/04/first-binding/"');
  });

  it('lists what it left as text by file and line, and leaves code blocks alone', () => {
    expect(jekyll.summary).toContain('_posts/2009-04-12-first-binding.markdown:23  {% for tool in site.data.tools %}');
    expect(jekyll.summary).toContain('left as is  3 template tags');
    expect(html(jekyll, '/2009/04/first-binding/')).toContain('{% highlight ruby %}shown as written{% endhighlight %}');
  });

  it('keeps each old URL (categories from front matter and folders, .html) as a redirect, and copies static files', () => {
    expectResolves(jekyll, '/craft/2009/04/12/first-binding.html', '/2009/04/first-binding/');
    expectResolves(jekyll, '/blog/2010/01/05/second-press.html', '/2010/01/second-press/');
    expect(statSync(path.join(jekyll.out, 'images/press.svg')).isFile()).toBe(true);
    expect(existsSync(path.join(jekyll.root, 'static/notes/todo.txt'))).toBe(false);
  });
});

describe('quire import jekyll, pages', () => {
  it('writes markdown pages into pages/ with their folders, links to and from posts by source path, and skips its tag listing', () => {
    expect(readFileSync(path.join(jekyll.root, 'pages/about.md'), 'utf8')).toBe([
      '---', 'title: About', 'weight: 2', 'aliases:', '  - /about.html', '---',
      'A bindery of one. It began with [the first binding](../posts/2009-04-12-first-binding.md);',
      'the [sewing notes](docs/sewing.md) say how.', '',
    ].join('\n'));
    expect(readFileSync(path.join(jekyll.root, 'pages/docs/sewing.md'), 'utf8')).toContain('Back to [About](../about.md).');
    expect(readFileSync(path.join(jekyll.root, 'posts/2010-01-05-second-press.md'), 'utf8')).toContain('see [About](../pages/about.md).');
    expect(existsSync(path.join(jekyll.root, 'pages/tags.md'))).toBe(false);
    expect(jekyll.summary).toContain('pages       2 written to');
    expect(jekyll.summary).toContain('not imported: tags.md: quire writes its own /tags/');
  });

  it('builds each page at its new URL with the old .html one redirecting, and the links between them resolved', () => {
    const about = html(jekyll, '/about/');
    expect(about).toContain('href="/2009/04/first-binding/"');
    expect(about).toContain('href="/docs/sewing/"');
    expect(html(jekyll, '/docs/sewing/')).toContain('Back to <a href="/about/">About</a>.');
    expect(html(jekyll, '/2010/01/second-press/')).toContain('see <a href="/about/">About</a>.');
    expectResolves(jekyll, '/about.html', '/about/');
    expectResolves(jekyll, '/docs/sewing.html', '/docs/sewing/');
  });
});

describe('quire import hugo', () => {
  it('reads hugo.toml, TOML, YAML and JSON front matter, and builds without errors', () => {
    expect(hugo.config).toMatchObject({ title: 'The Loom Room', description: 'Weaving, slowly.', author: { name: 'Jo Weber' }, baseUrl: 'https://loom.example/', timeZone: 'Europe/Berlin', postsPerPage: 4 });
    expect(hugo.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(hugo.summary).toContain('found       2 posts, 1 draft, 3 pages');
    const first = readFileSync(path.join(hugo.root, 'posts/2019-03-11-first-weave.md'), 'utf8');
    expect(first).toContain('updated: 2019-03-20T00:00:00+01:00');
    expect(first).toContain('description: Setting up the loom.');
    expect(readFileSync(path.join(hugo.root, 'posts/2019-05-01-unfinished.md'), 'utf8')).toContain('draft: true');
  });

  it('converts the built-in shortcodes, keeps a bundle\'s files, and lists the rest', () => {
    const page = html(hugo, '/2019/03/first-weave/');
    expect(page).toContain('<img src="/images/loom.svg" alt="A loom" width="4" height="4" decoding="async">');
    expect(page).toContain('href="https://www.youtube.com/watch?v=w7Ft2ymGmfc"');
    expect(page).toContain('href="https://gist.github.com/weaver/4f5e6a"');
    expect(page).toContain('href="https://x.com/loomroom/status/1453110110599868418"');
    expect(page).toContain('href="/2019/04/dyeing/"');
    expect(page).toContain('href="/2019/04/dyeing/#recipe"');
    expect(page).toMatch(/<code class="[^"]*language-go[^"]*">/);
    expect(page).toContain('{{&#x3C; youtube id >}}');
    expect(hugo.summary).toContain('content/posts/first-weave.md:25  {{< chart data="yarn" >}}');
    expect(hugo.summary).toContain('left as is  1 template tag');
    const dyeing = html(hugo, '/2019/04/dyeing/');
    expect(dyeing).toContain('href="https://www.instagram.com/p/CxYzAbC/"');
    expect(statSync(path.join(hugo.out, '2019/04/dyeing/indigo.svg')).isFile()).toBe(true);
  });

  it('keeps the permalinks-pattern URL and the front matter\'s aliases as redirects', () => {
    expectResolves(hugo, '/articles/2019/first-weave-the-loom/', '/2019/03/first-weave/');
    expectResolves(hugo, '/articles/2019/dyeing-with-indigo/', '/2019/04/dyeing/');
    expectResolves(hugo, '/old/dyeing/', '/2019/04/dyeing/');
    expect(statSync(path.join(hugo.out, 'images/loom.svg')).isFile()).toBe(true);
  });

  it('writes a content page as a page, weight kept, linking to a post by its new source path', () => {
    expect(readFileSync(path.join(hugo.root, 'pages/about.md'), 'utf8')).toBe(
      '---\ntitle: About\nweight: 10\n---\nOne loom, one room. Start with [the first weave](../posts/2019-03-11-first-weave.md).\n');
    expect(html(hugo, '/about/')).toContain('Start with <a href="/2019/03/first-weave/">the first weave</a>.');
  });

  it('writes an HTML content file as markdown (its shortcodes converted after), at its uglyURLs address, a section\'s own page, and the section\'s other files', () => {
    expect(readFileSync(path.join(hugo.root, 'pages/patterns/twill.md'), 'utf8')).toBe([
      '---', 'title: Twill', 'aliases:', '  - /patterns/twill.html', '---',
      'A _twill_ weave, drawn as a [plan](/patterns/draft-plan.txt).', '', '```', '1 2', '', '3 4', '```', '', 'See [the tie-up](#tie-up).', '', '![The loom](/images/loom.svg)', '', '## Tie-up', '', 'Four shafts.', '',
    ].join('\n'));
    expect(hugo.summary).toContain('HTML files written as markdown ×1');
    expectResolves(hugo, '/patterns/twill.html', '/patterns/twill/');
    expect(html(hugo, '/patterns/twill/')).toContain('<pre tabindex="0"><code>1 2\n\n3 4\n</code></pre>');
    expect(html(hugo, '/patterns/')).toContain('starting with <a href="/patterns/twill/">the twill</a>.');
    expect(readFileSync(path.join(hugo.out, 'patterns/draft-plan.txt'), 'utf8')).toBe('x x . .\n. x x .\n');
  });
});

describe('quire import hexo', () => {
  it('reads front matter without an opening line and in ;;; JSON, and keeps permalink as quire\'s', () => {
    expect(hexo.config).toEqual({
      title: 'Kiln Notes', description: 'Firing log', author: { name: 'Sam Okafor' }, baseUrl: 'https://kiln.example/',
      timeZone: 'Europe/Paris', postsPerPage: 6, permalink: '/news/:year/:month/:day/:slug/',
    });
    expect(hexo.result.diagnostics).toEqual([]);
    expect(hexo.summary).toContain('found       3 posts, 1 draft, 2 pages');
    expect(existsSync(path.join(hexo.out, 'news/2017/01/01/new-year/index.html'))).toBe(true);
  });

  it('converts the tag plugins and copies the post\'s asset folder into its bundle', () => {
    const page = html(hexo, '/news/2015/03/06/spring-firing/');
    expect(page).toMatch(/<code class="[^"]*language-yaml[^"]*">/);
    expect(page).toContain('Never open the lid above 200 degrees.');
    expect(page).toContain("— Bernard Leach, A Potter's Book");
    expect(page).toContain('<a href="/news/2016/07/01/asset-post/">Glaze test tiles</a>');
    // A title given to post_link is text, escaped as Hexo escapes it.
    expect(page).toContain('<a href="/news/2016/07/01/asset-post/">why &#x3C;b> *glaze* &#x3C;/b> &#x26; fire</a>');
    expect(page).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');
    expect(hexo.summary).toContain('source/_posts/2015-03-06-spring_firing.md:31  {% fancybox /images/kiln.svg %}');
    const assets = html(hexo, '/news/2016/07/01/asset-post/');
    expect(assets).toContain('<img src="/news/2016/07/01/asset-post/tiles.svg" alt="Test tiles" title="Test tiles" width="4" height="4" decoding="async">');
    expect(assets).toContain('<a href="/news/2016/07/01/asset-post/notes.txt">the firing notes</a>');
    expect(statSync(path.join(hexo.out, 'news/2016/07/01/asset-post/tiles.svg')).isFile()).toBe(true);
  });

  it('redirects the old URL whose :title kept the file name as written', () => {
    expectResolves(hexo, '/news/2015/03/06/spring_firing/', '/news/2015/03/06/spring-firing/');
    expectResolves(hexo, '/news/2016/07/01/asset-post/', '/news/2016/07/01/asset-post/');
  });

  it('writes source/about/index.md as pages/about.md at its old /about/, and skips the theme\'s tag listing page', () => {
    expect(readFileSync(path.join(hexo.root, 'pages/about.md'), 'utf8')).toBe(
      '---\ntitle: About\n---\nPotter. The kiln\'s year began with [Spring firing](../posts/2015-03-06-spring-firing.md).\n');
    expect(html(hexo, '/about/')).toContain('began with <a href="/news/2015/03/06/spring-firing/">Spring firing</a>.');
    expect(hexo.summary).toContain('not imported: source/tags/index.md: quire writes its own /tags/');
  });
});

describe('the imported sites', () => {
  it('pass the internal-link walk', async () => {
    for (const site of [jekyll, hugo, hexo]) {
      const broken = await findBrokenLinks(site.out, { siteUrl: String(site.config.baseUrl) });
      expect(broken, formatBrokenRefs(broken)).toEqual([]);
    }
  });

  it('are left as they are by a second import, which says so', async () => {
    const again = await runCli('import', 'hexo', fixture('import-hexo'), '--root', hexo.root);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('posts       0 written');
    expect(again.stdout).toContain('4 already there, left as they are (--force replaces them)');
    expect(again.stdout).toContain("the site's own config was kept");
  });

  if (vnuGate.mustFail) it('has java for the Nu HTML Checker', () => expect.fail(vnuGate.reason));
  it.skipIf(vnuGate.skip)('pass the Nu HTML Checker, every page and redirect page', async () => {
    const files = [jekyll, hugo, hexo].flatMap((site) => readdirSync(site.out, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.html')).map((f) => path.join(site.out, f)));
    const messages = await runVnu(files);
    expect(messages, formatVnuMessages(messages)).toEqual([]);
  }, 180_000);
});
