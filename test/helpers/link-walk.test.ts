import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findBrokenLinks,
  formatBrokenRefs,
  isExternalRef,
  listFiles,
  pagePathToUrl,
  parseSrcset,
  scanHtml,
  urlPathToFile,
  type BrokenRef,
} from './link-walk.js';

const html = (body: string, head = ''): string =>
  `<!DOCTYPE html><html lang="en"><head><title>t</title>${head}</head><body>${body}</body></html>`;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'quire-links-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Writes `files` (relative path → content) into a fresh folder and returns it. */
async function site(name: string, files: Record<string, string>): Promise<string> {
  const root = path.join(tmp, name);
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return root;
}

describe('pure helpers', () => {
  it('isExternalRef: schemes and protocol-relative are external, paths are not', () => {
    for (const r of ['https://x.org/', 'http://x', 'mailto:a@b', 'data:image/png;base64,AA', '//cdn.x/a.js', 'tel:1', 'javascript:void(0)']) {
      expect(isExternalRef(r), r).toBe(true);
    }
    for (const r of ['/a/', 'a.html', '../b/', '#x', '?q=1', './a:b/c']) {
      expect(isExternalRef(r), r).toBe(false);
    }
  });

  it('pagePathToUrl maps index.html to its directory', () => {
    expect(pagePathToUrl('index.html')).toBe('/');
    expect(pagePathToUrl('posts/hello/index.html', '/blog/')).toBe('/blog/posts/hello/');
    expect(pagePathToUrl('x.html', 'blog')).toBe('/blog/x.html');
    expect(pagePathToUrl('tags/c++ & c/index.html')).toBe('/tags/c%2B%2B%20%26%20c/');
  });

  it('urlPathToFile decodes, adds index.html and rejects paths outside base', () => {
    expect(urlPathToFile('/blog/a%20b/', '/blog/')).toEqual({ file: 'a b/index.html' });
    expect(urlPathToFile('/blog/', '/blog/')).toEqual({ file: 'index.html' });
    expect(urlPathToFile('/caf%C3%A9.html')).toEqual({ file: 'café.html' });
    expect(urlPathToFile('/about/', '/blog/')).toEqual({ error: 'outside the base path /blog/' });
    expect(urlPathToFile('/bad%E0%A4%A.html')).toHaveProperty('error');
  });

  it('page URL → file mapping round-trips for arbitrary file names (property)', () => {
    const segment = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 8 })
      .filter((s) => !/[/\\]/.test(s) && s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom('/', '/blog/'), (segs, base) => {
        const rel = segs.join('/');
        const pathname = new URL(pagePathToUrl(rel, base), 'http://h').pathname;
        expect(urlPathToFile(pathname, base)).toEqual({ file: rel });
      }),
    );
  });

  it('parseSrcset splits candidates, keeps commas inside URLs, drops descriptors', () => {
    expect(parseSrcset('a.png 1x,b.png 2x')).toEqual(['a.png', 'b.png']);
    expect(parseSrcset(' /i/a,b.png 480w , /i/c.png')).toEqual(['/i/a,b.png', '/i/c.png']);
    expect(parseSrcset('x.png, y.png 2x')).toEqual(['x.png', 'y.png']);
    expect(parseSrcset('')).toEqual([]);
  });

  it('scanHtml finds refs in every URL attribute, ids, a[name], base and meta refresh', () => {
    const scan = scanHtml(
      html(
        '<a href="/a/">a</a><img src="i.png" srcset="i2.png 2x"><picture><source srcset="s.webp"></picture>' +
          '<script src="j.js"></script><video poster="p.jpg" src="v.mp4"><track src="t.vtt"></video>' +
          '<form action="/search/"></form><h2 id="h">h</h2><a name="old"></a><svg><use xlink:href="#icon"></use></svg>',
        '<base href="/root/"><link rel="stylesheet" href="s.css"><meta http-equiv="refresh" content="0; url=\'/new/\'">',
      ),
    );
    expect(scan.refs.sort()).toEqual(
      ['/a/', 'i.png', 'i2.png', 's.webp', 'j.js', 'p.jpg', 'v.mp4', 't.vtt', '/search/', '#icon', 's.css', '/new/'].sort(),
    );
    expect([...scan.ids].sort()).toEqual(['h', 'old']);
    expect(scan.baseHref).toBe('/root/');
  });

  it('listFiles lists nested files with / separators', async () => {
    const root = await site('list', { 'a/b/c.txt': '', 'z.html': '' });
    expect(await listFiles(root)).toEqual(['a/b/c.txt', 'z.html']);
  });
});

describe('findBrokenLinks', () => {
  it('accepts a correct site and reports each kind of broken reference', async () => {
    const root = await site('s1', {
      'index.html': html(
        [
          // fine
          '<a href="/about/">about</a>',
          '<a href="posts/hello/">rel</a>',
          '<a href="/posts/hello/#intro">frag</a>',
          '<a href="/posts/hello/#legacy">a-name</a>',
          '<a href="#">hash</a><a href="#top">top</a><a href="#here">same page</a>',
          '<a href="/x.html?utm=1">query</a>',
          '<a href="/img/a%20b.png">encoded</a><img src="img/a b.png" alt="">',
          '<a href="/caf%C3%A9.html#r%C3%A9sum%C3%A9">unicode</a>',
          '<a href="https://example.com/nope">ext</a><a href="mailto:a@b.c">m</a>',
          '<img src="data:image/gif;base64,R0lGOD" alt=""><script src="//cdn.example/x.js"></script>',
          '<img src="/img/a%20b.png" srcset="/img/a%20b.png 1x, /img/missing.png 2x" alt="">',
          '<p id="here">here</p>',
          // broken
          '<a href="/missing/">missing dir</a>',
          '<a href="/posts/hello/#nope">bad frag</a>',
          '<a href="#gone">bad local frag</a>',
          '<a href="/about">no slash</a>',
          '<script src="/js/app.js"></script>',
          '<link rel="stylesheet" href="/Style.css">',
        ].join('\n'),
        '<link rel="stylesheet" href="/style.css">',
      ),
      'about/index.html': html('<a href="../posts/hello/">up</a><a href="hello/">wrong relative</a><a href="../">home</a>'),
      'posts/hello/index.html': html('<h2 id="intro">Intro</h2><a name="legacy"></a><a href="../../x.html#x1">x</a>'),
      'x.html': html('<p id="x1">x</p><a href="posts/hello/">from x.html</a><a href="about/index.html#missing">m</a>'),
      'café.html': html('<h2 id="résumé">r</h2>'),
      'img/a b.png': 'png',
      'style.css': 'body{}',
    });
    const broken = await findBrokenLinks(root);
    const expected: BrokenRef[] = [
      { page: 'about/index.html', ref: 'hello/', reason: 'no such file: about/hello/index.html' },
      { page: 'index.html', ref: '/img/missing.png', reason: 'no such file: img/missing.png' },
      { page: 'index.html', ref: '/about', reason: '"about" is a directory: the link needs a trailing slash' },
      { page: 'index.html', ref: '/js/app.js', reason: 'no such file: js/app.js' },
      { page: 'index.html', ref: '/missing/', reason: 'no such file: missing/index.html' },
      { page: 'index.html', ref: '/posts/hello/#nope', reason: 'no element with id "nope" in posts/hello/index.html' },
      { page: 'index.html', ref: '/Style.css', reason: 'no such file: Style.css' },
      { page: 'index.html', ref: '#gone', reason: 'no element with id "gone" in index.html' },
      { page: 'x.html', ref: 'about/index.html#missing', reason: 'no element with id "missing" in about/index.html' },
    ];
    expect([...broken].sort(byKey)).toEqual([...expected].sort(byKey));
    expect(formatBrokenRefs(broken)).toContain('index.html: /missing/ — no such file: missing/index.html');
  });

  it('allowDirectoryWithoutSlash accepts /dir for dir/index.html', async () => {
    const root = await site('s2', { 'index.html': html('<a href="/d">d</a>'), 'd/index.html': html('') });
    expect(await findBrokenLinks(root)).toHaveLength(1);
    expect(await findBrokenLinks(root, { allowDirectoryWithoutSlash: true })).toEqual([]);
  });

  it('with a base path, root-relative links that forget the base are broken', async () => {
    const root = await site('s3', {
      'index.html': html('<a href="/blog/about/">ok</a><a href="about/">ok rel</a><a href="/about/">forgot base</a>'),
      'about/index.html': html('<a href="../">home</a><a href="/blog/">home abs</a><a href="../../">above base</a>'),
    });
    expect(await findBrokenLinks(root, { base: '/blog/' })).toEqual([
      { page: 'about/index.html', ref: '../../', reason: 'outside the base path /blog/' },
      { page: 'index.html', ref: '/about/', reason: 'outside the base path /blog/' },
    ]);
    // The same site checked as if served at / sees the /blog/ links as broken.
    expect((await findBrokenLinks(root, { base: '/' })).map((b) => b.ref).sort()).toEqual(['/blog/', '/blog/about/']);
  });

  it('checks absolute links to the site itself when siteUrl is given', async () => {
    const root = await site('s4', {
      'index.html': html('<a href="https://example.com/blog/p/">p</a>', '<link rel="canonical" href="https://example.com/blog/gone/">'),
      'p/index.html': html(''),
    });
    expect(await findBrokenLinks(root, { base: '/blog/' })).toEqual([]);
    expect(await findBrokenLinks(root, { base: '/blog/', siteUrl: 'https://example.com/blog' })).toEqual([
      { page: 'index.html', ref: 'https://example.com/blog/gone/', reason: 'no such file: gone/index.html' },
    ]);
  });

  it('follows <base href> and meta refresh', async () => {
    const root = await site('s5', {
      'index.html': html('<a href="a.html">a</a>', '<base href="/sub/">'),
      'sub/a.html': html(''),
      'old/index.html': html('', '<meta http-equiv="refresh" content="0;url=/new/">'),
    });
    expect(await findBrokenLinks(root)).toEqual([
      { page: 'old/index.html', ref: '/new/', reason: 'no such file: new/index.html' },
    ]);
  });
});

function byKey(a: BrokenRef, b: BrokenRef): number {
  return `${a.page} ${a.ref}`.localeCompare(`${b.page} ${b.ref}`);
}
