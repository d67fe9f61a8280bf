import type { RenderedPost } from '../markdown/render-post.js';
import type { Site } from '../site/build-site.js';
import type { SitePost } from '../site/site-post.js';

/** What a listing shows of a post: its metadata and excerpt, never its full HTML. */
export type PostSummary = SitePost & Omit<RenderedPost, 'html' | 'problems' | 'deps' | 'siteLinks'> & {
  /** "4 min read", in the site's language. */
  readingTime: string;
  commentsLink?: string;
};

/** Values every template sees as `site`. */
export interface SiteView {
  title: string;
  description: string;
  author: Site['config']['author'];
  language: string;
  /** `rtl` for a language written right to left (see `directionOf`), else `ltr`. */
  dir: 'ltr' | 'rtl';
  ogLocale: string;
  baseUrl: string;
  basePath: string;
  stylesheet: string;
  favicon?: string;
  feeds: { rss: string; atom: string; json: string };
  copyrightYears: string;
  sidebarHtml: string;
  /** The site menu (see `buildMenu`). */
  menu: Site['menu'];
  /** The search box's target, and the search page's script; absent with `search: false`. */
  search?: { url: string; script: string };
}

/** Builds the `site` view shared by every page. */
export function siteView(site: Site, stylesheetPath: string, favicon: string | undefined, searchScriptPath?: string): Omit<SiteView, 'sidebarHtml' | 'menu'> {
  const { config, basePath } = site;
  const years = site.posts.map((p) => p.year);
  const first = years.at(-1);
  const last = years[0];
  const region = /^([a-z]{2,3})-([A-Z]{2})$/.exec(config.language);
  const view: Omit<SiteView, 'sidebarHtml' | 'menu'> = {
    title: config.title,
    description: config.description,
    author: config.author,
    language: config.language,
    dir: site.locale.dir,
    ogLocale: region ? `${region[1]}_${region[2]}` : '',
    baseUrl: config.baseUrl,
    basePath,
    stylesheet: basePath + stylesheetPath,
    feeds: { rss: `${basePath}rss.xml`, atom: `${basePath}atom.xml`, json: `${basePath}feed.json` },
    copyrightYears: first && last && first !== last ? `${first}–${last}` : (last ?? ''),
  };
  if (favicon) view.favicon = basePath + favicon;
  if (site.search && searchScriptPath) view.search = { url: site.search.url, script: basePath + searchScriptPath };
  return view;
}

/** The meta description for a page: the post's own, else its excerpt's text, else the site's. */
export function describePost(post: PostSummary, fallback: string): string {
  return post.description ?? (post.summary || fallback);
}
