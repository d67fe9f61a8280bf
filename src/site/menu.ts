import type { MenuEntry, SiteConfig } from '../config/site-config.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SitePost } from './site-post.js';

/** An entry of the site menu as templates show it. */
export interface MenuItem {
  readonly label: string;
  /** Empty for a heading without a page of its own. */
  readonly url: string;
  /** Off the site (an absolute URL elsewhere). */
  readonly external: boolean;
  readonly children: readonly MenuItem[];
}

/** What the menu can link to, besides URLs. */
export interface MenuTargets {
  /** A published post or page by source (a page's from the posts folder: `../pages/about.md`). */
  bySource: ReadonlyMap<string, SitePost>;
  /** How pages' sources start (`../pages/`); a menu names pages from the pages folder. */
  pagesPrefix: string;
  /** Published pages, in source order. */
  pages: readonly SitePost[];
  /** Sources of posts and pages left out of this build (drafts). */
  unpublished: ReadonlySet<string>;
  /** The config file, as shown in messages. */
  configFile: string;
  /** Whether the site has tag pages. */
  tags: boolean;
  /** The default menu's labels, in the site's language. */
  labels: { home: string; archive: string; tags: string };
}

/**
 * The site menu: the config's `menu`, its pages and posts looked up by source; without one,
 * Home, Archive, Tags and the pages at the top of the pages folder by `weight`, then title (a page's `menu: false`
 * leaves it out, `menu: Label` renames it). A menu entry naming a page or post that does not
 * exist is an error; one naming a draft is left out.
 */
export function buildMenu(config: Pick<SiteConfig, 'menu'>, basePath: string, targets: MenuTargets): { menu: MenuItem[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const internal = (label: string, url: string, children: MenuItem[] = []): MenuItem => ({ label, url, external: false, children });
  if (!config.menu) {
    // Top level: in the pages folder itself (`about.md`, `about/index.md`), not in a sub-folder
    // that has no page of its own (`documents/policy-v2.md`, one of eighty such on a moved-in site).
    const atTop = (page: SitePost) => !page.source.slice(targets.pagesPrefix.length).replace(/(?:\/index)?\.(?:md|markdown|mdown|mkd)$/i, '').includes('/');
    const top = targets.pages.filter((page) => page.menu !== false && !page.parent && atTop(page) && page.outputPath !== '404.html');
    top.sort((a, b) => (a.weight ?? 0) - (b.weight ?? 0) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
    const { labels } = targets;
    const menu = [internal(labels.home, basePath), internal(labels.archive, `${basePath}archive/`)];
    if (targets.tags) menu.push(internal(labels.tags, `${basePath}tags/`));
    for (const page of top) menu.push(internal(typeof page.menu === 'string' ? page.menu : page.title, page.url));
    return { menu, diagnostics };
  }
  const item = (entry: MenuEntry, at: string): MenuItem | undefined => {
    const children = (entry.children ?? []).flatMap((child, i) => item(child, `${at}.children.${i}`) ?? []);
    if (entry.url !== undefined) {
      const external = /^[a-z][a-z0-9+.-]*:/i.test(entry.url) || entry.url.startsWith('//');
      const url = entry.url.startsWith('/') && !external ? basePath + entry.url.replace(/^\/+/, '') : entry.url;
      return { label: entry.label ?? entry.url, url, external, children };
    }
    const named = entry.page ?? entry.post;
    if (named === undefined) return internal(entry.label ?? '', '', children);
    const source = entry.page !== undefined ? targets.pagesPrefix + named.replace(/^\.?\//, '') : named.replace(/^\.?\//, '');
    const target = targets.bySource.get(source) ?? targets.bySource.get(`${source.replace(/\.(?:md|markdown|mdown|mkd)$/i, '')}/index.md`);
    if (target) return internal(entry.label ?? (typeof target.menu === 'string' ? target.menu : target.title), target.url, children);
    const what = entry.page !== undefined ? 'page' : 'post';
    if (targets.unpublished.has(source)) {
      diagnostics.push(diagnostic('warning', 'MenuTarget', { file: targets.configFile }, `The menu's ${what} "${named}" (${at}) is a draft; it is left out of the menu.`,
        'Publish it, or remove it from the menu.'));
      return children.length > 0 ? internal(entry.label ?? named, '', children) : undefined;
    }
    diagnostics.push(diagnostic('error', 'MenuTarget', { file: targets.configFile }, `The menu's ${what} "${named}" (${at}) does not exist.`,
      what === 'page' ? 'Name a file in the pages folder, e.g. page: about.md' : 'Name a file in the posts folder, e.g. post: 2024-03-09-glue.md'));
    return undefined;
  };
  return { menu: config.menu.flatMap((entry, i) => item(entry, `menu.${i}`) ?? []), diagnostics };
}
