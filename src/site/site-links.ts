import path from 'node:path';
import type { Post } from '../content/post.js';
import type { Site } from './build-site.js';
import { generatedPaths } from './generated-paths.js';
import { pageSitePath } from './page-path.js';
import { locate, postPath, safeSitePath } from './permalinks.js';

/** A link written as a site URL: its path (decoded, without query or fragment), line and column in the file. */
export type SiteLink = [url: string, line: number, column: number];

/** What a site URL leads to in this build. */
export type SiteLinkTarget = 'ok' | 'missing' | 'unpublished';

/** Answers what a site URL leads to; `suggest` names a URL the build does write that was probably meant. */
export interface SiteLinkCheck {
  (url: string): SiteLinkTarget;
  suggest(url: string): string | undefined;
}

/** A link's problem, placed in its file, with the `RenderProblem` fields the build reports. */
export interface SiteLinkProblem {
  severity: 'warning';
  code: 'BrokenSiteLink' | 'SiteLinkToUnpublished';
  message: string;
  hint: string;
  line: number;
  column: number;
}

/**
 * Every file the build writes, by its path in the output folder: the documents, aliases and
 * listings of the model, the feeds, sitemap, robots.txt, 404 and search pages, the static
 * files and the bundles' assets. (Theme assets and resized images have hashed or derived names
 * and are not here; nobody links to them by hand.)
 */
function writtenFiles(site: Site, staticFiles: readonly string[]): Set<string> {
  const written = new Set<string>(['index.html', 'archive/index.html', 'robots.txt', 'sitemap.xml', 'rss.xml', 'atom.xml', 'feed.json', '404.html']);
  if (site.config.comments.enabled) written.add('comments.xml');
  if (site.search) written.add(site.search.outputPath);
  for (const doc of site.documents) {
    written.add(doc.outputPath);
    const folder = path.posix.dirname(doc.outputPath);
    for (const asset of doc.assets) written.add(folder === '.' ? asset : `${folder}/${asset}`);
  }
  for (const alias of site.aliases) written.add(alias.outputPath);
  for (const generated of generatedPaths(site).keys()) written.add(generated);
  for (const file of staticFiles) written.add(file);
  return written;
}

/** Whether `files` holds what a server gives for `relative` (a path in the output folder): `a/` → `a/index.html`; `a` → `a`, `a/index.html` or `a.html`. */
function serves(files: ReadonlySet<string>, relative: string): boolean {
  if (relative === '' || relative.endsWith('/')) return files.has(`${relative}index.html`);
  return files.has(relative) || files.has(`${relative}/index.html`) || files.has(`${relative}.html`);
}

/** The URL of an output path: `a/b/index.html` → `<base>a/b/`. */
function urlOf(basePath: string, outputPath: string): string {
  return basePath + outputPath.replace(/(^|\/)index\.html$/, '$1');
}

/** What a path is known by when it is looked up for a suggestion: its last segment, without `.html`. */
function lastName(relative: string): string {
  return relative.replace(/(?:^|\/)index\.html$/, '').replace(/\/$/, '').replace(/\.html$/, '').split('/').pop() ?? '';
}

/**
 * A checker of site URLs against what this build writes: `site`'s pages and files, the static
 * folder's `staticFiles` (`/`-separated, relative to it), and `unpublished`, the URLs of drafts
 * and scheduled posts (see `unpublishedUrls`). URLs carry the base path (`/blog/a/`); a URL
 * outside it is another part of the host and passes, unless adding the base path makes it one
 * of the site's own (the author left the base path out). The search indexes' folders pass whole.
 * The set of written files is made on the first question.
 */
export function siteLinkChecker(site: Site, staticFiles: readonly string[], unpublished: Iterable<string>): SiteLinkCheck {
  const base = site.basePath;
  let known: { written: Set<string>; drafts: Set<string> } | undefined;
  const filesOf = () => (known ??= {
    written: writtenFiles(site, staticFiles),
    drafts: new Set([...unpublished].filter((url) => url.startsWith(base)).map((url) => locate(base, url.slice(base.length)).outputPath)),
  });
  const inside = (relative: string): SiteLinkTarget => {
    const { written, drafts } = filesOf();
    if (serves(written, relative) || site.search?.bundles.some((bundle) => relative.startsWith(bundle))) return 'ok';
    return serves(drafts, relative) ? 'unpublished' : 'missing';
  };
  // Past the base path; undefined outside it.
  const relativeOf = (url: string) => (url.startsWith(base) ? url.slice(base.length) : url === base.slice(0, -1) ? '' : undefined);
  let byName: Map<string, string | null> | undefined;
  const check = (url: string): SiteLinkTarget => {
    if (url === '/') return 'ok';
    const relative = relativeOf(url);
    if (relative !== undefined) return inside(relative);
    return inside(url.slice(1)) === 'missing' ? 'ok' : 'missing';
  };
  const suggest = (url: string): string | undefined => {
    const relative = relativeOf(url);
    if (relative === undefined) return inside(url.slice(1)) === 'ok' ? base + url.slice(1) : undefined;
    // One written page or file of the same last name (a post whose date changed, a file in another folder).
    if (!byName) {
      byName = new Map();
      for (const file of filesOf().written) {
        const name = lastName(file);
        if (name !== '') byName.set(name, byName.has(name) ? null : file);
      }
    }
    const found = byName.get(lastName(relative));
    return found ? urlOf(base, found) : undefined;
  };
  return Object.assign(check, { suggest });
}

/**
 * The URLs of the posts and pages of `posts` that `site` leaves out (drafts, scheduled posts),
 * with their aliases: where they will be once published. `pagesPrefix` is how pages' sources
 * start (see `SiteOptions.pagesPrefix`).
 */
export function unpublishedUrls(posts: readonly Post[], site: Pick<Site, 'basePath' | 'bySource' | 'config'>, pagesPrefix: string): string[] {
  const urls: string[] = [];
  for (const post of posts) {
    if (site.bySource.has(post.source)) continue;
    urls.push(locate(site.basePath, post.kind === 'page' ? pageSitePath(post, pagesPrefix) : postPath(site.config.permalink, post)).url);
    for (const alias of post.aliases) {
      const safe = safeSitePath(alias);
      if (safe) urls.push(locate(site.basePath, safe).url);
    }
  }
  return urls;
}

/** A warning for each of a document's `links` that leads to no page of this build, or to a draft's. */
export function siteLinkProblems(links: readonly SiteLink[], check: SiteLinkCheck): SiteLinkProblem[] {
  const problems: SiteLinkProblem[] = [];
  for (const [url, line, column] of links) {
    const target = check(url);
    if (target === 'ok') continue;
    const suggestion = target === 'missing' ? check.suggest(url) : undefined;
    const problem: SiteLinkProblem = target === 'unpublished'
      ? {
        severity: 'warning', code: 'SiteLinkToUnpublished', line, column,
        message: `The link to "${url}" points at the page of a draft or scheduled post, which this build does not write.`,
        hint: 'Link to the post by its source file ([text](./post.md)) instead: such a link is shown as plain text until the post is published.',
      }
      : {
        severity: 'warning', code: 'BrokenSiteLink', line, column,
        message: `The link to "${url}" points at no page or file of this site.`,
        hint: suggestion ? `Did you mean ${suggestion}?` : 'Check the URL; the build writes no page or file there.',
      };
    problems.push(problem);
  }
  return problems;
}
