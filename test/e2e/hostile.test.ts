/**
 * Bad input never breaks the site (issue 7). The hostile fixture (`test/fixtures/hostile/`, one
 * case per file) is copied into a temp folder and built three times:
 *
 * 1. as it is: the build fails, reporting exactly the documented diagnostic of each file (code,
 *    severity, file, line, column) and nothing else, and writes nothing;
 * 2. without the files whose outcome is an error: the build succeeds with exactly the documented
 *    warnings, and each remaining file is checked in the built site (escaped, sanitized, or made
 *    safe), and nothing is written outside the output folder;
 * 3. the same with `strict`: the warnings fail the build and the output stays as it was.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomUtils } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { readPosts } from '../../src/content/read-posts.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatReport } from '../../src/diagnostics/format-report.js';
import { errorFiles, evalMarker, HOSTILE_NOW, hostileFixture, makeHostileSite, outcomes } from '../fixtures/hostile/hostile-site.js';
import { all, attr, hasClass, one, parseHtml, text, type Document, type Element } from '../support/html.js';
import { useTempDirs } from '../support/temp-dir.js';
import { listTree } from '../support/tree.js';

const tempDir = useTempDirs('quire-hostile-');

/** Every file of a folder with a hash of its bytes (comparing megabytes of Buffers with toEqual is slow). */
function hashTree(dir: string): Record<string, string> {
  return Object.fromEntries(listTree(dir).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

/** The site folder's entries, without quire's render cache (`.quire/`, which is not output). */
const siteEntries = (site: string): string[] => readdirSync(site).filter((name) => name !== '.quire').sort();

/** A diagnostic as `file severity code line:column`, the file relative to the site. */
function describeDiagnostic(site: string, d: Pick<Diagnostic, 'file' | 'severity' | 'code' | 'line' | 'column'>): string {
  const file = d.file === undefined ? '(site)' : path.relative(site, path.resolve(d.file)).split(path.sep).join('/');
  return `${file} ${d.severity} ${d.code} ${d.line ?? '-'}:${d.column ?? '-'}`;
}

/** The documented diagnostics of every file, in the same form. */
function expectedDiagnostics(site: string, files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const expected = outcomes[file];
    if (expected === undefined || expected === 'ignored') return [];
    return expected.map(([severity, code, line, column]) =>
      describeDiagnostic(site, { file: path.join(site, file), severity, code, ...(line ? { line } : {}), ...(column ? { column } : {}) }));
  });
}

/** Every file of the fixture's posts and comments folders, relative to the fixture. */
function fixtureFiles(): string[] {
  return ['posts', 'comments'].flatMap((dir) => listTree(path.join(hostileFixture, dir)).map((f) => `${dir}/${f}`));
}

describe('the hostile fixture', () => {
  it('has at least 30 hostile posts, and a documented outcome for every file', () => {
    const files = fixtureFiles();
    const posts = files.filter((f) => f.startsWith('posts/') && outcomes[f] !== 'ignored');
    expect(posts.length).toBeGreaterThanOrEqual(30);
    // Nothing in the fixture goes unchecked, and nothing is documented that is not there
    // (apart from what the test makes in its temp copy: links and the 5 MB post).
    const made = ['posts/symlink-outside.md', 'posts/symlink-loop', 'posts/symlink-cycle-a.md', 'posts/symlink-cycle-b.md', 'posts/big-5mb.md'];
    expect(files.filter((f) => outcomes[f] === undefined)).toEqual([]);
    expect(Object.keys(outcomes).filter((f) => !files.includes(f) && !made.includes(f))).toEqual([]);
  });
});

describe('building the hostile fixture as it is', () => {
  let site: string;
  let result: BuildResult;
  let ms: number;
  const marker = evalMarker(os.tmpdir());

  beforeAll(() => {
    site = tempDir();
    makeHostileSite(site, { errors: true });
    rmSync(marker, { force: true });
    const started = performance.now();
    result = build({ root: site, now: HOSTILE_NOW });
    ms = performance.now() - started;
  }, 120_000);

  it('fails, reporting exactly the documented error or warning of each file, all at once', () => {
    expect(result.ok).toBe(false);
    const actual = result.diagnostics.map((d) => describeDiagnostic(site, d)).sort();
    expect(actual).toEqual(expectedDiagnostics(site, Object.keys(outcomes)).sort());
  });

  it('names what is wrong and how to fix it, with a code frame at the line', () => {
    for (const d of result.diagnostics) {
      expect(d.message.length, describeDiagnostic(site, d)).toBeGreaterThan(10);
      if (d.severity === 'error') expect(d.hint, describeDiagnostic(site, d)).toBeTruthy();
      // Positions from the content stage come with a frame whose marked line is the reported one.
      if (d.frame) expect(d.frame).toMatch(new RegExp(`> +${d.line} \\|`));
    }
    const byFile = (name: string) => result.diagnostics.find((d) => d.file?.endsWith(`${path.sep}${name}`));
    expect(byFile('date-feb-30.md')?.message).toContain('"2023-02-30" is not a real date');
    expect(byFile('draft-string.md')?.message).toContain('must be true or false, not the text "false"');
    expect(byFile('collision-a-older.md')?.message).toMatch(/2024\/05\/same-slug\/index\.html, which .*collision-b-newer\.md already takes/);
    expect(byFile('alias-reserved-path.md')?.message).toContain('rss.xml, which quire writes itself');
    expect(byFile('frontmatter-js.md')?.message).toContain('"js" is not supported');
    expect(byFile('yaml-alias-bomb.md')?.message).toMatch(/alias/i);
    expect(byFile('deep-blockquote.md')?.message).toContain('more than 100 levels');
    expect(byFile('deep-blockquote.md')?.frame?.split('\n').every((line) => line.length < 200)).toBe(true);
    expect(byFile('invalid-utf8.md')?.frame).toContain('> 6 | Latin-1 caf\uFFFD is not UTF-8.');
    expect(byFile('binary-file.md')?.message).toBe('This file is binary, not markdown text.');
    expect(byFile('symlink-outside.md')?.message).toContain('outside the source folder');
    expect(byFile('symlink-cycle-a.md')?.message).toContain('loop');
    // The whole report formats (sorted by file and line) without throwing.
    expect(formatReport(result.diagnostics)).toMatch(/\d+ errors, \d+ warnings$/);
  });

  it('writes nothing: no output folder, nothing beside it, and the ---js front matter never ran', () => {
    expect(existsSync(path.join(site, 'dist'))).toBe(false);
    expect(siteEntries(site)).toEqual(['comments', 'outside.md', 'posts', 'quire.config.yaml']);
    expect(existsSync(marker)).toBe(false);
  });

  it('finishes in bounded time despite the alias bomb, the 5,000-level nesting and the 5 MB post', () => {
    expect(ms).toBeLessThan(60_000);
  });
});

describe('building the hostile fixture without its error files', () => {
  let site: string;
  let out: string;
  let result: BuildResult;
  let ms: number;
  const pages = new Map<string, Document>();
  /** A built page, parsed once. */
  const page = (relative: string): Document => {
    let doc = pages.get(relative);
    if (!doc) pages.set(relative, (doc = parseHtml(readFileSync(path.join(out, relative), 'utf8'))));
    return doc;
  };
  const postBody = (relative: string): Element => one(page(relative), 'div', hasClass('post-body'));
  const h1 = (relative: string): string => text(one(page(relative), 'h1'));

  beforeAll(() => {
    site = tempDir();
    makeHostileSite(site, { errors: false });
    out = path.join(site, 'dist');
    const started = performance.now();
    result = build({ root: site, now: HOSTILE_NOW });
    ms = performance.now() - started;
  }, 120_000);

  it('succeeds with exactly the documented warnings', () => {
    expect(result.ok).toBe(true);
    const present = Object.keys(outcomes).filter((f) => !errorFiles.includes(f));
    expect(result.diagnostics.map((d) => describeDiagnostic(site, d)).sort()).toEqual(expectedDiagnostics(site, present).sort());
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('writes only inside the output folder, and leaves no staging folder or lock beside it', () => {
    expect(siteEntries(site)).toEqual(['comments', 'dist', 'outside.md', 'posts', 'quire.config.yaml']);
    const realOut = path.resolve(out);
    for (const file of listTree(out)) {
      const full = path.resolve(out, file);
      expect(full.startsWith(realOut + path.sep), file).toBe(true);
      expect(statSync(full).isFile(), file).toBe(true);
    }
    // Nothing named by a hostile slug, tag or alias appears anywhere else.
    for (const escaped of ['etc', 'x', 'x.html', 'escape', 'windows', 'boot.ini']) {
      expect(existsSync(path.join(site, escaped)), escaped).toBe(false);
      expect(existsSync(path.join(path.dirname(site), escaped)), escaped).toBe(false);
    }
  });

  it('writes no carriage return, byte order mark or control character into any page or feed', () => {
    for (const file of listTree(out).filter((f) => /\.(html|xml|json|txt)$/.test(f))) {
      const content = readFileSync(path.join(out, file), 'utf8');
      expect(content.includes('\r'), file).toBe(false);
      expect(content.includes('\uFEFF'), file).toBe(false);
      expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(content), file).toBe(false);
    }
  });

  it('ignores hidden files, editor leftovers and every symbolic link that leads out or loops', () => {
    const everything = listTree(out).filter((f) => f.endsWith('.html')).map((f) => readFileSync(path.join(out, f), 'utf8')).join('\n');
    expect(everything).not.toContain('Secret.');
    expect(everything).not.toContain('Outside the posts folder');
    expect(everything).not.toContain('would be a YAML error if read');
    expect(listTree(out).filter((f) => /symlink|editor|autosave|DS_Store/i.test(f))).toEqual([]);
    // Each post is built once, although the posts folder links to itself.
    expect(listTree(out).filter((f) => f.endsWith('/crlf-line-endings/index.html'))).toEqual(['2024/03/crlf-line-endings/index.html']);
  });

  it('reads CRLF files and files with a byte order mark like any other', () => {
    expect(h1('2024/03/crlf-line-endings/index.html')).toBe('Windows line endings');
    expect(postBody('2024/03/crlf-line-endings/index.html').children.filter((n) => n.type === 'tag').map((p) => text(p as Element)))
      .toEqual(['First paragraph. Same paragraph.', 'Second paragraph.']);
    expect(h1('2024/03/utf8-bom/index.html')).toBe('Byte order mark');
    expect(text(postBody('2024/03/utf8-bom/index.html'))).toBe('Saved with a BOM.');
  });

  it('builds the 5 MB post in bounded time', () => {
    const size = statSync(path.join(out, '2024/04/big-5mb/index.html')).size;
    expect(size).toBeGreaterThan(5 * 1024 * 1024);
    expect(readFileSync(path.join(out, '2024/04/big-5mb/index.html'), 'utf8')).toMatch(/<h2 id="part-\d+">Part \d+<\/h2>\s*<ul>/);
    expect(ms).toBeLessThan(60_000);
  });

  it('keeps YAML values as the author meant them: title: 2024 is the text "2024", tags: a, b two tags', () => {
    expect(h1('2024/03/title-number/index.html')).toBe('2024');
    expect(text(one(page('2024/03/title-number/index.html'), 'title'))).toBe('2024 · Hostile input');
    const tags = all(page('2024/02/tags-comma-string/index.html'), 'a', (a) => attr(a, 'rel') === 'tag');
    expect(tags.map((a) => [text(a), attr(a, 'href')])).toEqual([['alpha', '/tags/alpha/'], ['beta', '/tags/beta/']]);
  });

  it('keeps unknown fields, including __proto__, as inert own properties for templates', () => {
    const read = readPosts(path.join(site, 'posts'), { timeZone: 'UTC' });
    const unknown = read.posts.find((p) => p.source === 'unknown-field.md');
    expect(unknown?.extra).toEqual({ mood: 'curious' });
    const proto = read.posts.find((p) => p.source === 'proto-key.md');
    expect(proto).toBeDefined();
    expect(Object.hasOwn(proto?.extra ?? {}, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(proto?.extra)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(h1('2024/02/proto-key/index.html')).toBe('A __proto__ key');
  });

  it('builds an empty post (with its warning) and shows tags differing by case as one tag', () => {
    expect(text(postBody('2024/02/empty-body/index.html'))).toBe('');
    for (const post of ['2024/02/tag-case-upper/index.html', '2024/02/tag-case-lower/index.html']) {
      const tags = all(page(post), 'a', (a) => attr(a, 'rel') === 'tag');
      expect(tags.map((a) => [text(a), attr(a, 'href')])).toEqual([['Rust', '/tags/rust/']]);
    }
    const listed = all(page('tags/rust/index.html'), 'article', hasClass('post-summary')).map((a) => text(one(a, 'h2')));
    expect(listed.sort()).toEqual(['Tag Rust', 'Tag rust']);
  });

  it('slugifies hostile slugs and file names safely: ../../etc, con, C:\\..., %2e%2e%2f', () => {
    expect(h1('2024/03/etc/index.html')).toBe('Slug that climbs');
    expect(h1('2024/03/con-page/index.html')).toBe('Slug con');
    expect(h1('2024/03/c-windows-boot-ini/index.html')).toBe('Slug absolute with backslashes');
    expect(h1('2024/03/2e-2e-2fescape-file-name/index.html')).toBe('A percent-encoded file name');
    // Of two posts on one URL, the newer stays (the older one is the error of the first build).
    expect(h1('2024/05/same-slug/index.html')).toBe('Collision, the newer post');
  });

  it('gives hostile tags (../, %2e%2e%2f, backslashes) safe pages under /tags/ and shows them as written', () => {
    const cases: Array<[string, string[]]> = [
      ['2024/03/tag-dotdot/index.html', ['../../../etc', '..', '/']],
      ['2024/03/tag-percent-encoded/index.html', ['%2e%2e%2f%2e%2e%2fescape', '%00nul']],
      ['2024/03/tag-backslash/index.html', ['..\\..\\windows', 'C:\\boot']],
    ];
    for (const [post, names] of cases) {
      const tags = all(page(post), 'a', (a) => attr(a, 'rel') === 'tag');
      expect(tags.map((a) => text(a)).sort()).toEqual([...names].sort());
      for (const a of tags) {
        const href = attr(a, 'href') ?? '';
        expect(href).toMatch(/^\/tags\/[a-z0-9-]+\/$/);
        expect(existsSync(path.join(out, href, 'index.html')), href).toBe(true);
      }
    }
  });

  it('escapes a <script> title as text everywhere', () => {
    const title = "<script>alert('title')</script> Title";
    const file = '2024/03/title-script/index.html';
    expect(h1(file)).toBe(title);
    expect(text(one(page(file), 'title'))).toBe(`${title} · Hostile input`);
    expect(all(page(file), 'script').map((s) => attr(s, 'type'))).toEqual(['application/ld+json']);
    for (const f of listTree(out).filter((f) => /\.(html|xml)$/.test(f))) {
      expect(readFileSync(path.join(out, f), 'utf8'), f).not.toMatch(/<script>alert/i);
    }
  });

  it('keeps a description that tries to break out of attributes inside them', () => {
    const description = '"><img src=x onerror=alert(1)> \' onmouseover=alert(2) x=\'';
    const doc = page('2024/03/description-attribute-break/index.html');
    const meta = all(doc, 'meta', (m) => attr(m, 'name') === 'description' || attr(m, 'property') === 'og:description');
    expect(meta.map((m) => attr(m, 'content'))).toEqual([description, description]);
    expect(all(doc, 'img')).toEqual([]);
    expect(DomUtils.findAll((el) => Object.keys(el.attribs).some((name) => /^on/i.test(name)), doc.children)).toEqual([]);
  });

  it('strips control characters and keeps ]]> and <![CDATA[ as text in pages and feeds', () => {
    // Written "controls \x01\x08\x0b\x1b\x7f and \u0085 gone": the characters go, the spaces stay.
    const title = 'CDATA ]]> end, <![CDATA[ start, controls  and  gone';
    const exact = (el: Element) => DomUtils.textContent(el);
    expect(exact(one(page('2024/03/title-cdata-control-chars/index.html'), 'h1'))).toBe(title);
    const rss = parseHtml(readFileSync(path.join(out, 'rss.xml'), 'utf8'));
    expect(all(rss, 'item').map((item) => exact(one(item, 'title')))).toContain(title);
    const atom = parseHtml(readFileSync(path.join(out, 'atom.xml'), 'utf8'));
    expect(all(atom, 'entry').map((e) => exact(one(e, 'title')))).toContain(title);
    const json = JSON.parse(readFileSync(path.join(out, 'feed.json'), 'utf8')) as { items: Array<{ title: string; tags?: string[] }> };
    const entry = json.items.find((i) => i.title === title);
    expect(entry?.tags?.sort()).toEqual([']]>', 'ctltag']);
  });

  it('parses every feed and the sitemap as well-formed XML (Python expat, when present)', () => {
    const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
    if (python.status !== 0) return;
    const files = listTree(out).filter((f) => f.endsWith('.xml')).map((f) => path.join(out, f));
    const r = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom as m\nfor f in sys.argv[1:]: m.parse(f)', ...files], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('escapes </script> in JSON-LD, so the title cannot end the script element', () => {
    const title = '</script><script>alert(1)</script><!--';
    const doc = page('2024/03/jsonld-breakout/index.html');
    const scripts = all(doc, 'script');
    expect(scripts.map((s) => attr(s, 'type'))).toEqual(['application/ld+json']);
    const json = JSON.parse(text(scripts[0] as Element)) as { headline: string; description: string };
    expect(json.headline).toBe(title);
    expect(json.description).toBe('</SCRIPT ><script>alert(2)</script>');
    expect(h1('2024/03/jsonld-breakout/index.html')).toBe(title);
  });

  it('drops javascript:, vbscript: and data: URLs from links and images in the body, keeping safe ones', () => {
    const body = postBody('2024/03/body-javascript-links/index.html');
    const urls = [...all(body, 'a').map((a) => attr(a, 'href')), ...all(body, 'img').map((i) => attr(i, 'src'))].filter((u) => u !== undefined);
    for (const url of urls) expect(url.replace(/[\u0000-\u0020]/g, '')).not.toMatch(/^(javascript|vbscript|data):/i);
    expect(urls).toEqual(expect.arrayContaining(['https://example.com/', '/about/', 'mailto:a@example.com']));
    expect(text(body)).toContain('markdown link');
  });

  it('removes raw iframes, scripts, SVG, forms, objects, meta and base elements and event handlers from the body', () => {
    const body = postBody('2024/03/body-iframe-and-scripts/index.html');
    for (const tag of ['iframe', 'script', 'svg', 'form', 'button', 'object', 'embed', 'meta', 'base', 'style', 'math', 'img', 'div']) {
      expect(all(body, tag, (el) => el !== body), tag).toEqual([]);
    }
    expect(DomUtils.findAll((el) => Object.keys(el.attribs).length > 0, body.children)).toEqual([]);
    expect(text(body)).toBe('Before. After.');
  });

  it('escapes a hostile comment author and sanitizes the comment body', () => {
    const doc = page('2024/03/title-script/index.html');
    const comments = all(doc, 'li', hasClass('comment'));
    expect(comments).toHaveLength(1);
    const comment = comments[0] as Element;
    expect(text(comment)).toContain("<script>alert('author')</script> \"><img src=x onerror=alert(1)>");
    for (const tag of ['script', 'img', 'iframe']) expect(all(comment, tag), tag).toEqual([]);
    const link = all(comment, 'a').find((a) => text(a) === 'a javascript link');
    expect(link && attr(link, 'href')).toBeUndefined();
  });

  describe('with --strict', () => {
    it('fails on the same warnings and leaves the output exactly as it was', () => {
      const before = hashTree(out);
      const strict = build({ root: site, now: HOSTILE_NOW, strict: true });
      expect(strict.ok).toBe(false);
      expect(strict.diagnostics.map((d) => describeDiagnostic(site, d)).sort()).toEqual(result.diagnostics.map((d) => describeDiagnostic(site, d)).sort());
      expect(hashTree(out)).toEqual(before);
      expect(siteEntries(site)).toEqual(['comments', 'dist', 'outside.md', 'posts', 'quire.config.yaml']);
    }, 120_000);
  });
});
