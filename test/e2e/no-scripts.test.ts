/**
 * No script from content (issue 7, "done when" 3): builds the sample blog and the hostile fixture
 * (with raw HTML off, and on) and searches every page and feed, including the HTML inside feed
 * entries, for script elements (other than JSON-LD whose text cannot end the element, and the
 * theme's search script on the search page), event-
 * handler attributes, `javascript:`-like URLs and elements that run code or redirect
 * (`iframe srcdoc`, `object`, `embed`, `base`, `meta http-equiv=refresh`). It finds none.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomUtils, parseDocument } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { HOSTILE_NOW, makeHostileSite } from '../fixtures/hostile/hostile-site.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs } from '../support/temp-dir.js';
import { listTree } from '../support/tree.js';
import { isSearchPage, searchScriptSrc } from '../support/theme-script.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDirs('quire-no-scripts-');

type Node = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];

/** Attributes whose value is a URL a browser may load or navigate to. */
const urlAttributes = new Set([
  'href', 'src', 'action', 'formaction', 'poster', 'data', 'cite', 'background', 'srcset', 'xlink:href', 'ping',
  'manifest', 'icon', 'longdesc', 'lowsrc', 'dynsrc', 'codebase', 'archive', 'usemap', 'profile', 'classid', 'itemtype',
]);
/** Elements that run code, load a document or change where links go, whatever their attributes. */
const activeElements = new Set(['object', 'embed', 'applet', 'base', 'frame', 'frameset', 'portal']);

/** True for a URL that runs script (or HTML from a data: URL) when followed or loaded. */
export function isScriptUrl(value: string): boolean {
  // Browsers ignore ASCII white space and control characters inside the scheme.
  const compact = value.replace(/[\u0000-\u0020\u007F-\u009F]/g, '').toLowerCase();
  return /^(javascript|vbscript|livescript|mocha):/.test(compact) || /^data:(text\/html|image\/svg|application\/(xhtml|x-javascript|javascript|ecmascript)|text\/(javascript|ecmascript|xml))/.test(compact);
}

/**
 * Every way an HTML document or fragment could run script. `allowJsonLd`: a page's own
 * `<script type="application/ld+json">` is fine when its text is JSON without a `<` (so nothing in
 * it can end the element); inside a feed entry no script element is fine at all.
 */
export function scriptProblems(html: string, where: string, allowJsonLd: boolean, allowSearchScript = false): string[] {
  const doc: Node = parseDocument(html, { decodeEntities: true });
  const problems: string[] = [];
  for (const el of DomUtils.findAll(() => true, doc.children) as Element[]) {
    const name = el.name.toLowerCase();
    const describe = `${where}: <${name}${Object.entries(el.attribs).map(([k, v]) => ` ${k}="${v.slice(0, 60)}"`).join('')}>`;
    if (name === 'script') {
      const content = DomUtils.textContent(el);
      const jsonLd = allowJsonLd && el.attribs['type'] === 'application/ld+json' && !content.includes('<') && isJson(content);
      // The search page loads the theme's own script, by its hashed name, with nothing inside.
      const search = allowSearchScript && el.attribs['type'] === 'module' && searchScriptSrc.test(el.attribs['src'] ?? '') &&
        Object.keys(el.attribs).length === 2 && content === '';
      if (!jsonLd && !search) problems.push(`script element ${describe}`);
    }
    if (activeElements.has(name)) problems.push(`active element ${describe}`);
    if (name === 'iframe' && 'srcdoc' in el.attribs) problems.push(`iframe srcdoc ${describe}`);
    if (name === 'meta' && /refresh/i.test(el.attribs['http-equiv'] ?? '')) problems.push(`meta refresh ${describe}`);
    for (const [attr, value] of Object.entries(el.attribs)) {
      const key = attr.toLowerCase();
      if (key.startsWith('on')) problems.push(`event handler ${key} ${describe}`);
      if (urlAttributes.has(key) && value.split(/,\s*/).some((part) => isScriptUrl(part))) problems.push(`script URL in ${key} ${describe}`);
      if (key === 'style' && /javascript:|expression\s*\(|url\s*\(\s*['"]?\s*javascript/i.test(value)) problems.push(`script in style ${describe}`);
    }
  }
  return problems;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a feed element's text is HTML that readers render: RSS `content:encoded` and an item's
 * `description` (the RSS Best Practices Profile: the only RSS elements that may hold HTML), Atom
 * text constructs with `type="html"`. RSS titles, Atom `type="text"` and JSON Feed `summary`
 * are plain text, shown as such.
 */
function isHtmlInFeed(el: Element): boolean {
  const name = el.name.toLowerCase();
  const parent = el.parent && 'name' in el.parent ? (el.parent as Element).name.toLowerCase() : '';
  if (name === 'content:encoded') return true;
  if (name === 'description') return parent === 'item';
  if (['title', 'subtitle', 'summary', 'content', 'rights'].includes(name) && parent !== 'item' && parent !== 'channel') return el.attribs['type'] === 'html';
  return false;
}

/** Where RSS item descriptions hold markup from content (see the test below). */
const rssDescription = / <description>: /;

/** Scans a built site: every page, every feed and the HTML inside feed entries. Returns problems and what was scanned. */
function scanSite(out: string): { problems: string[]; scanned: Record<string, number> } {
  const problems: string[] = [];
  const scanned: Record<string, number> = { html: 0, xml: 0, json: 0, fragments: 0 };
  for (const file of listTree(out)) {
    const full = path.join(out, file);
    if (file.endsWith('.html')) {
      scanned['html']!++;
      problems.push(...scriptProblems(readFileSync(full, 'utf8'), file, true, isSearchPage(file)));
    } else if (file.endsWith('.xml')) {
      scanned['xml']!++;
      const doc = parseDocument(readFileSync(full, 'utf8'), { xmlMode: true, decodeEntities: true });
      for (const el of DomUtils.findAll(() => true, doc.children) as Element[]) {
        for (const [attr, value] of Object.entries(el.attribs)) {
          if ((attr === 'href' || attr === 'src' || attr === 'url') && isScriptUrl(value)) problems.push(`${file}: script URL in <${el.name} ${attr}>`);
        }
        const name = el.name.toLowerCase();
        if (['link', 'loc', 'guid', 'id', 'comments', 'uri', 'icon', 'logo'].includes(name) && isScriptUrl(DomUtils.textContent(el))) {
          problems.push(`${file}: script URL in <${name}>`);
        }
        if (isHtmlInFeed(el)) {
          scanned['fragments']!++;
          problems.push(...scriptProblems(DomUtils.textContent(el), `${file} <${name}>`, false));
        }
        // Atom XHTML content is markup as it stands.
        if (el.attribs['type'] === 'xhtml') problems.push(...scriptProblems(DomUtils.getOuterHTML(el.children), `${file} <${name}>`, false));
      }
    } else if (file.endsWith('.json')) {
      scanned['json']!++;
      const feed = JSON.parse(readFileSync(full, 'utf8')) as { home_page_url?: string; feed_url?: string; items?: Array<Record<string, unknown>> };
      for (const url of [feed.home_page_url, feed.feed_url]) if (url && isScriptUrl(url)) problems.push(`${file}: script URL ${url}`);
      for (const item of feed.items ?? []) {
        for (const key of ['url', 'external_url', 'image', 'banner_image', 'id']) {
          const value = item[key];
          if (typeof value === 'string' && isScriptUrl(value)) problems.push(`${file}: script URL in ${key}`);
        }
        if (typeof item['content_html'] === 'string') {
          scanned['fragments']!++;
          problems.push(...scriptProblems(item['content_html'], `${file} content_html`, false));
        }
      }
    }
  }
  return { problems, scanned };
}

describe('the scanner', () => {
  it('finds each thing it looks for', () => {
    const bad = [
      '<script>alert(1)</script>',
      '<script type="application/ld+json">{"a":"</script>"}</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="java\tscript:alert(1)">x</a>',
      '<a href=" JAVASCRIPT:alert(1)">x</a>',
      '<img srcset="a.png 1x, javascript:alert(1) 2x">',
      '<iframe srcdoc="<p>x"></iframe>',
      '<object data="x"></object>',
      '<base href="https://evil.example/">',
      '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
      '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
      '<div style="background:url(javascript:alert(1))">x</div>',
      '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    ];
    for (const html of bad) expect(scriptProblems(html, 'test', true), html).not.toEqual([]);
    const good = '<script type="application/ld+json">{"headline":"\\u003c/script\\u003e"}</script><a href="https://x.org/">javascript: the good parts</a><img src="data:image/png;base64,AAAA" alt="">';
    expect(scriptProblems(good, 'test', true)).toEqual([]);
    expect(scriptProblems('<script type="application/ld+json">{}</script>', 'feed', false)).not.toEqual([]);
  });
});

describe.each([
  ['the sample blog', 'sample', false],
  ['the hostile fixture', 'hostile', false],
  ['the hostile fixture with rawHtml: true', 'hostile', true],
] as const)('%s', (_name, which, rawHtml) => {
  let out: string;
  let ok: boolean;
  beforeAll(() => {
    const site = tempDir();
    if (which === 'sample') {
      for (const part of ['posts', 'pages', 'comments', 'static', 'quire.config.yaml']) cpSync(path.join(repo, part), path.join(site, part), { recursive: true });
    } else {
      makeHostileSite(site, { errors: false, bigPost: false });
      if (rawHtml) writeFileSync(path.join(site, 'quire.config.yaml'), `${readFileSync(path.join(site, 'quire.config.yaml'), 'utf8')}rawHtml: true\n`);
    }
    out = path.join(site, 'dist');
    ok = build({ root: site, out, now: which === 'sample' ? FIXED_NOW : HOSTILE_NOW }).ok;
  }, 120_000);

  it('has no script element, event handler or javascript: URL in any page or feed', () => {
    expect(ok).toBe(true);
    const { problems, scanned } = scanSite(out);
    expect(problems.filter((p) => !rssDescription.test(p))).toEqual([]);
    // It did look: pages, the RSS, Atom and comments feeds and the sitemap, the JSON feed, and the HTML in entries.
    expect(scanned['html']).toBeGreaterThan(10);
    expect(scanned['xml']).toBeGreaterThanOrEqual(4);
    expect(scanned['json']).toBeGreaterThanOrEqual(1);
    expect(scanned['fragments']).toBeGreaterThan(10);
  });

  // An RSS item's <description> is HTML to feed readers, so the plain summary is HTML-escaped first.
  it('has no markup from content in RSS item descriptions (HTML to RSS readers)', () => {
    expect(scanSite(out).problems.filter((p) => rssDescription.test(p))).toEqual([]);
  });

  if (which === 'hostile') {
    it('still shows the text around what it removed', () => {
      const page = readFileSync(path.join(out, '2024/03/body-iframe-and-scripts/index.html'), 'utf8');
      const body = /<div class="post-body e-content">([\s\S]*?)\n<\/div>/.exec(page)?.[1] ?? '';
      expect(body).toContain('<p>Before.</p>');
      expect(body).toContain('<p>After.</p>');
      // With rawHtml, an https iframe is kept (the reviewed allow-list); its srcdoc twin and the javascript: one are not.
      expect(body.includes('<iframe src="https://evil.example/"')).toBe(rawHtml);
      expect(scriptProblems(body, 'body', false)).toEqual([]);
      expect(body).not.toMatch(/srcdoc|javascript:/i);
    });
  }
});
