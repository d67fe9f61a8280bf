/**
 * Internal link checker for a built static site (e.g. `dist/`).
 *
 * Every `.html` file is parsed with htmlparser2; every internal reference in
 * it (see {@link URL_ATTRIBUTES}, plus `srcset` and `<meta http-equiv=refresh>`)
 * is resolved against the page's URL, mapped to a file of the site, and
 * checked: the file must exist, and a `#fragment` must name an element `id`
 * (or an `<a name>`) in the target page.
 *
 * URL ↔ file mapping, with `base` the path the site is served under
 * (`/` or e.g. `/blog/`):
 * - `<dir>/index.html` is the page `base + dir/`; `x.html` is `base + x.html`.
 * - a URL ending in `/` maps to its `index.html`;
 * - path segments are percent-decoded (`a%20b.html` → file `a b.html`);
 * - a URL outside `base` is broken (the site would link out of itself);
 * - a URL naming a directory without the trailing slash is broken unless
 *   `allowDirectoryWithoutSlash` is set (static hosts answer it with a
 *   redirect at best).
 *
 * External references (any scheme such as `https:`, `mailto:`, `data:`, or a
 * protocol-relative `//host`) are ignored, except absolute URLs under
 * `siteUrl` when that option is given (canonical links, `og:url`, feeds).
 * The empty fragment `#` and `#top` always resolve.
 *
 * @module
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'htmlparser2';

/** One reference that does not resolve. */
export interface BrokenRef {
  /** The page holding the reference, relative to the site root, `/`-separated. */
  readonly page: string;
  /** The reference exactly as written in the attribute (entities decoded). */
  readonly ref: string;
  /** Why it is broken. */
  readonly reason: string;
}

/** Options for {@link findBrokenLinks}. */
export interface LinkWalkOptions {
  /** URL path the site is served under. Default `/`. */
  readonly base?: string;
  /**
   * The site's absolute URL including `base`, e.g. `https://example.com/blog/`.
   * Absolute references starting with it are checked as internal.
   */
  readonly siteUrl?: string;
  /** Accept `/dir` for `/dir/` when `dir/index.html` exists. Default `false`. */
  readonly allowDirectoryWithoutSlash?: boolean;
}

/** Element → attributes that hold a single URL. */
const URL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src', 'longdesc'],
  script: ['src'],
  iframe: ['src'],
  frame: ['src'],
  embed: ['src'],
  source: ['src'],
  track: ['src'],
  audio: ['src'],
  video: ['src', 'poster'],
  input: ['src'],
  object: ['data'],
  form: ['action'],
  button: ['formaction'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite'],
  ins: ['cite'],
  use: ['href', 'xlink:href'],
  image: ['href', 'xlink:href'],
};

/** Elements whose `srcset` lists candidate URLs. */
const SRCSET_ELEMENTS = new Set(['img', 'source']);

const ORIGIN = 'http://quire.invalid';

/** True for references that leave the site: a scheme (`https:`, `mailto:`, …) or `//host`. */
export function isExternalRef(ref: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(ref) || /^[/\\]{2}/.test(ref);
}

/** Normalizes a base path to start and end with `/`. */
function normalizeBase(base = '/'): string {
  let b = base.trim();
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b = `${b}/`;
  return b;
}

/**
 * The URL path of an HTML file: `a/index.html` → `/base/a/`, `x.html` → `/base/x.html`.
 * Segments are percent-encoded as a browser would.
 */
export function pagePathToUrl(relPath: string, base = '/'): string {
  const b = normalizeBase(base);
  const parts = relPath.split(/[\\/]/);
  if (parts[parts.length - 1] === 'index.html') parts[parts.length - 1] = '';
  return b + parts.map((p) => encodeURIComponent(p)).join('/');
}

/** Result of {@link urlPathToFile}. */
export type FileMapping = { readonly file: string } | { readonly error: string };

/**
 * Maps a URL pathname to a site-relative file path (`/`-separated, decoded),
 * or explains why it cannot be one.
 */
export function urlPathToFile(pathname: string, base = '/'): FileMapping {
  const b = normalizeBase(base);
  if (!pathname.startsWith(b)) return { error: `outside the base path ${b}` };
  let rest: string;
  try {
    rest = pathname
      .slice(b.length)
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/');
  } catch {
    return { error: `malformed percent-encoding in ${pathname}` };
  }
  if (rest === '' || rest.endsWith('/')) rest += 'index.html';
  return { file: rest };
}

/**
 * Splits a `srcset` value into its URLs (descriptors dropped), following the
 * HTML spec's candidate parsing: URLs may contain commas, candidates are
 * separated by a comma after the URL or its descriptors.
 */
export function parseSrcset(value: string): string[] {
  const urls: string[] = [];
  let i = 0;
  const n = value.length;
  const isSpace = (c: string | undefined): boolean => c !== undefined && /[\t\n\f\r ]/.test(c);
  while (i < n) {
    while (i < n && (isSpace(value[i]) || value[i] === ',')) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(value[i])) i++;
    let url = value.slice(start, i);
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      // Skip descriptors up to the next comma outside parentheses.
      let depth = 0;
      while (i < n) {
        const c = value[i];
        if (c === '(') depth++;
        else if (c === ')') depth = Math.max(0, depth - 1);
        else if (c === ',' && depth === 0) break;
        i++;
      }
    }
    if (url !== '') urls.push(url);
  }
  return urls;
}

/** What one HTML page contains that matters for link checking. */
export interface PageScan {
  /** Every URL-valued attribute, as written. */
  readonly refs: string[];
  /** Every `id`, and every `<a name>`. */
  readonly ids: Set<string>;
  /** The first `<base href>`, if any. */
  readonly baseHref: string | undefined;
}

/** Extracts references, ids and `<base href>` from HTML source. */
export function scanHtml(html: string): PageScan {
  const refs: string[] = [];
  const ids = new Set<string>();
  let baseHref: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const id = attribs['id'];
        if (id !== undefined && id !== '') ids.add(id);
        if (name === 'a' && attribs['name'] !== undefined) ids.add(attribs['name']);
        if (name === 'base' && baseHref === undefined && attribs['href'] !== undefined) baseHref = attribs['href'];
        for (const attr of URL_ATTRIBUTES[name] ?? []) {
          const v = attribs[attr];
          if (v !== undefined) refs.push(v);
        }
        if (SRCSET_ELEMENTS.has(name) && attribs['srcset'] !== undefined) refs.push(...parseSrcset(attribs['srcset']));
        if (name === 'meta' && attribs['http-equiv']?.toLowerCase() === 'refresh') {
          const m = /^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?(['"]?)(.*?)\1\s*$/i.exec(attribs['content'] ?? '');
          if (m?.[2]) refs.push(m[2]);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { refs, ids, baseHref };
}

/** Lists every file below `root`, relative and `/`-separated, sorted. Follows symlinks. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    for (const ent of await readdir(dir, { withFileTypes: true })) {
      const abs = path.join(dir, ent.name);
      const rel = prefix + ent.name;
      const isDir = ent.isDirectory() || (ent.isSymbolicLink() && (await stat(abs)).isDirectory());
      if (isDir) await walk(abs, `${rel}/`);
      else out.push(rel);
    }
  }
  await walk(root, '');
  return out.sort();
}

/**
 * Checks every internal reference of every `.html` page under `root`.
 *
 * @param root - the built site folder.
 * @returns the broken references, sorted by page then ref; empty means all good.
 */
export async function findBrokenLinks(root: string, options: LinkWalkOptions = {}): Promise<BrokenRef[]> {
  const base = normalizeBase(options.base);
  let siteUrl: string | undefined;
  if (options.siteUrl !== undefined) {
    siteUrl = new URL(options.siteUrl).href;
    if (!siteUrl.endsWith('/')) siteUrl += '/';
  }
  const files = await listFiles(root);
  const fileSet = new Set(files);
  const dirSet = new Set<string>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirSet.add(parts.slice(0, i).join('/'));
  }
  const isHtml = (f: string): boolean => /\.html?$/i.test(f);
  const pages = new Map<string, PageScan>();
  for (const f of files.filter(isHtml)) pages.set(f, scanHtml(await readFile(path.join(root, f), 'utf8')));

  /** Brings a URL under ORIGIN if it is internal; `undefined` for external. */
  const internalize = (url: URL): URL | undefined => {
    if (url.origin === ORIGIN) return url;
    if (siteUrl !== undefined && url.href.startsWith(siteUrl)) {
      return new URL(base + url.href.slice(siteUrl.length).replace(/^\/+/, ''), ORIGIN);
    }
    return undefined;
  };

  const broken: BrokenRef[] = [];
  for (const [page, scan] of pages) {
    const seen = new Set<string>();
    const report = (ref: string, reason: string): void => {
      const key = `${ref}\n${reason}`;
      if (!seen.has(key)) {
        seen.add(key);
        broken.push({ page, ref, reason });
      }
    };
    const pageUrl = new URL(pagePathToUrl(page, base), ORIGIN);
    let baseUrl: URL | undefined = pageUrl;
    if (scan.baseHref !== undefined) {
      try {
        baseUrl = internalize(new URL(scan.baseHref.trim(), pageUrl));
      } catch {
        report(scan.baseHref, 'unparseable <base href>');
      }
    }
    for (const ref of scan.refs) {
      const trimmed = ref.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
      if (trimmed === '') continue; // the page itself
      let url: URL | undefined;
      try {
        if (isExternalRef(trimmed)) {
          if (siteUrl === undefined) continue;
          url = internalize(new URL(trimmed));
        } else {
          if (baseUrl === undefined) continue; // <base> points off-site
          url = internalize(new URL(trimmed, baseUrl));
        }
      } catch {
        report(ref, 'unparseable URL');
        continue;
      }
      if (url === undefined) continue;
      const mapped = urlPathToFile(url.pathname, base);
      if ('error' in mapped) {
        report(ref, mapped.error);
        continue;
      }
      let target = mapped.file;
      if (!fileSet.has(target)) {
        if (dirSet.has(target) && fileSet.has(`${target}/index.html`)) {
          if (!options.allowDirectoryWithoutSlash) {
            report(ref, `"${target}" is a directory: the link needs a trailing slash`);
            continue;
          }
          target = `${target}/index.html`;
        } else {
          report(ref, `no such file: ${target}`);
          continue;
        }
      }
      const frag = url.hash.slice(1);
      if (frag === '' || frag === 'top' || frag.startsWith(':~:')) continue;
      const targetScan = pages.get(target);
      if (targetScan === undefined) continue; // not HTML: fragments are not ids
      let decoded = frag;
      try {
        decoded = decodeURIComponent(frag);
      } catch {
        // keep the raw fragment
      }
      if (!targetScan.ids.has(decoded) && !targetScan.ids.has(frag)) {
        report(ref, `no element with id "${decoded}" in ${target}`);
      }
    }
  }
  return broken.sort((a, b) => (a.page === b.page ? a.ref.localeCompare(b.ref) : a.page.localeCompare(b.page)));
}

/** Formats broken references one per line: `page: ref — reason`. */
export function formatBrokenRefs(list: readonly BrokenRef[]): string {
  return list.map((b) => `${b.page}: ${b.ref} — ${b.reason}`).join('\n');
}
