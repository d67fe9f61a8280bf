import { basePath as basePathOf, type SiteConfig } from '../config/site-config.js';
import type { Post } from '../content/post.js';
import { diagnostic, type Diagnostic, type Place } from '../diagnostics/diagnostic.js';
import { buildArchive, type ArchiveYear } from './archive.js';
import { createDateFormatter, type DateFormatter } from './dates.js';
import { configLocale, type Locale } from '../i18n/locale.js';
import { locate, pathTooLong, postPath, safeSitePath, type Location } from './permalinks.js';
import { plainCopy } from './plain-copy.js';
import type { Draft } from './draft.js';
import type { SitePost } from './site-post.js';
import { buildAuthors, type SiteAuthor } from './authors.js';
import { buildMenu, type MenuItem } from './menu.js';
import { pageSitePath } from './page-path.js';
import { generatedPaths } from './generated-paths.js';
import { coverUrl } from './cover-image.js';
import { searchOutputPath, searchPlan, type SearchPlan } from './search-plan.js';
import { tagKey, type Tag } from './tags.js';
import { buildTaxonomies, type Taxonomy } from './taxonomies.js';

/** Choices that shape the site but are not part of its config. */
export interface SiteOptions {
  /** Include drafts and future-dated posts. */
  drafts: boolean;
  /** The build's clock: posts after it are "future". Injected so builds are reproducible. */
  now: number;
  /** How pages' sources start: the way from the posts folder to the pages folder (default `../pages/`). */
  pagesPrefix?: string;
  /** The config file as shown in messages (problems of the menu point at it). */
  configFile?: string;
  /** The site's language as the theme speaks it; default: the config's, from the theme's files alone. */
  locale?: Locale;
  /** The placements a build before this one made (`SiteModel.placements`), to reuse where they still hold. */
  placed?: ReadonlyMap<string, Placement> | undefined;
}

/** A redirect page at an old URL. */
export interface AliasPage extends Location {
  readonly target: string;
  readonly title: string;
}

/**
 * The whole site before any HTML exists: every post placed at its URL, the archive, the tags.
 * Built once, then only read, so every later stage can resolve links to any post.
 */
export interface Site {
  readonly config: SiteConfig;
  readonly basePath: string;
  readonly dates: DateFormatter;
  /** The theme's strings in the site's language, and how to fill them in. */
  readonly locale: Locale;
  /** Published posts, newest first. */
  readonly posts: readonly SitePost[];
  /** Published standalone pages, by source. */
  readonly pages: readonly SitePost[];
  /** Every document whose body is rendered: the posts, then the pages. */
  readonly documents: readonly SitePost[];
  /** Posts and pages by source. */
  readonly bySource: ReadonlyMap<string, SitePost>;
  /** Every taxonomy the config names, tags first. */
  readonly taxonomies: readonly Taxonomy[];
  /** Authors with a page of their own: none unless more than one author wrote the posts. */
  readonly authors: readonly SiteAuthor[];
  readonly menu: readonly MenuItem[];
  readonly archive: readonly ArchiveYear<SitePost>[];
  /** The terms of the `tags` taxonomy (none when the config leaves it out). */
  readonly tags: readonly Tag<SitePost>[];
  /** Looks a tag up by any spelling. */
  readonly tagByName: (name: string) => Tag<SitePost> | undefined;
  readonly aliases: readonly AliasPage[];
  /** The search page and indexes, unless `search: false`. */
  readonly search?: SearchPlan;
  /** The earliest future-dated post left out of this build, so a host can schedule a rebuild. */
  readonly nextScheduled?: { date: string; title: string; file: string };
  /** Drafts and future posts left out. */
  readonly skipped: { drafts: number; future: number };
}

/**
 * What a post's URL and date texts are, and what they were computed from. A rebuild while
 * watching places thousands of unchanged posts again; passing the last build's placements in
 * makes that a lookup each. Key: the post's source. Invalid: when anything a placement depends
 * on (`settings`, the post's date, slug and update) differs.
 */
export interface Placement {
  settings: string;
  date: string;
  slug: string;
  updated: string | undefined;
  url: string;
  outputPath: string;
  absoluteUrl: string;
  year: string;
  month: string;
  day: string;
  dateText: string;
  monthUrl: string;
  updatedText: string | undefined;
}

/** Files the engine writes itself whatever the content; a post, page or alias may not take their place. */
const reservedPaths = ['index.html', 'robots.txt', 'sitemap.xml', 'rss.xml', 'atom.xml', 'feed.json', 'comments.xml', 'archive/index.html', 'style.css'];

/** A site model, the problems found making it, and its posts' placements for the next build to reuse. */
export interface SiteModel {
  readonly site: Site;
  readonly diagnostics: Diagnostic[];
  readonly placements: ReadonlyMap<string, Placement>;
}

/**
 * Places posts in the site: filters drafts and future posts, assigns permalinks, orders posts
 * newest first with their neighbours, and groups them into the archive and tags.
 * Pure: everything it needs comes in as arguments.
 */
export function buildSite(posts: readonly Post[], config: SiteConfig, options: SiteOptions): SiteModel {
  const diagnostics: Diagnostic[] = [];
  const basePath = basePathOf(config);
  const dates = createDateFormatter(config.language, config.timeZone);
  const locale = options.locale ?? configLocale(config);
  const origin = new URL(config.baseUrl).origin;

  let drafts = 0;
  let future = 0;
  let nextScheduled: Site['nextScheduled'];
  const pagesPrefix = options.pagesPrefix ?? '../pages/';
  const pagesIn = posts.filter((post) => post.kind === 'page');
  const pages = options.drafts ? pagesIn : pagesIn.filter((page) => !page.draft);
  drafts += pagesIn.length - pages.length;
  const published = posts.filter((post) => {
    if (post.kind === 'page') return false;
    if (post.time > options.now && !post.draft && (!nextScheduled || post.time < Date.parse(nextScheduled.date))) {
      nextScheduled = { date: post.date, title: post.title, file: post.file };
    }
    if (options.drafts) return true;
    if (post.draft) drafts++;
    else if (post.time > options.now) future++;
    return !post.draft && post.time <= options.now;
  });
  // Newest first; ties broken by source path so the order never depends on the file system.
  published.sort((a, b) => b.time - a.time || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));

  const owners = new Map<string, string>(reservedPaths.map((p) => [p, 'quire']));
  // A custom 404 page takes the theme's place.
  if (!pages.some((page) => pageSitePath(page, pagesPrefix) === '404.html')) owners.set('404.html', 'quire');
  if (config.search) owners.set(searchOutputPath, 'quire');
  // Collisions point at the field that chose the URL (`slug:` or `aliases:`), or the file's first line.
  const placeOf = (post: Post, key: 'slug' | 'aliases'): Place => {
    const pos = post.positions?.[key] ?? (key === 'slug' ? post.positions?.title : undefined);
    return { file: post.file, line: pos?.line ?? 1, column: pos?.column ?? 1 };
  };
  const claim = (outputPath: string, post: Post, what: 'post' | 'page' | 'alias'): boolean => {
    const { file } = post;
    const owner = owners.get(outputPath);
    if (owner === undefined) {
      owners.set(outputPath, file);
      return true;
    }
    diagnostics.push(
      diagnostic('error', 'PermalinkCollision', placeOf(post, what === 'alias' ? 'aliases' : 'slug'),
        owner === 'quire'
          ? `This ${what} would be written to ${outputPath}, which quire writes itself.`
          : `This ${what} would be written to ${outputPath}, which ${owner} already takes.`,
        what === 'page' ? 'Give one of them a different slug (slug: another-name), or move the page.' : 'Give one of the posts a different slug (slug: another-name) or date.'),
    );
    return false;
  };

  const sitePosts: Array<Draft<SitePost>> = [];
  const settings = `${config.permalink}\0${basePath}\0${origin}\0${config.language}\0${config.timeZone}`;
  const placed = new Map<string, Placement>();
  for (const post of published) {
    const known = options.placed?.get(post.source);
    const valid = known?.settings === settings && known.date === post.date && known.slug === post.slug && known.updated === post.updated;
    const where = valid ? known : locate(basePath, postPath(config.permalink, post));
    // Slugs are short enough (see `maxSlugBytes`); text in the permalink pattern may still make a name too long.
    const tooLong = valid ? undefined : pathTooLong(where.outputPath);
    if (tooLong) {
      diagnostics.push(diagnostic('error', 'InvalidSlug', placeOf(post, 'slug'), `This post cannot be written to ${where.outputPath.slice(0, 60)}…: ${tooLong}.`,
        'Shorten the slug (slug: a-shorter-name) or the permalink pattern in the config.'));
      continue;
    }
    if (!claim(where.outputPath, post, 'post')) continue;
    const place = valid ? known : placement(post, where, settings, origin, basePath, dates);
    placed.set(post.source, place);
    // The fields in the order `{ ...post, ...where, absoluteUrl, … }` gives them.
    const sitePost = plainCopy(post) as unknown as Draft<SitePost>;
    sitePost.url = place.url;
    sitePost.outputPath = place.outputPath;
    sitePost.absoluteUrl = place.absoluteUrl;
    sitePost.year = place.year;
    sitePost.month = place.month;
    sitePost.day = place.day;
    sitePost.dateText = place.dateText;
    sitePost.monthUrl = place.monthUrl;
    sitePost.tagRefs = [];
    sitePost.terms = {};
    sitePost.parts = [];
    sitePost.authorRefs = [];
    const cover = coverUrl(post.extra.image, place.url, origin, basePath);
    if (cover) sitePost.cover = cover;
    if (place.updatedText !== undefined) sitePost.updatedText = place.updatedText;
    sitePosts.push(sitePost);
  }
  sitePosts.forEach((post, i) => {
    const newer = sitePosts[i - 1];
    const older = sitePosts[i + 1];
    if (older) post.previous = { title: older.title, url: older.url };
    if (newer) post.next = { title: newer.title, url: newer.url };
  });

  const sitePages = placePages(pages, pagesPrefix, basePath, origin, dates, claim, diagnostics, placeOf);

  const grouped = buildTaxonomies(sitePosts, config.taxonomies, basePath, locale);
  diagnostics.push(...grouped.diagnostics);
  const tags = grouped.taxonomies.find((taxonomy) => taxonomy.name === 'tags')?.terms ?? [];
  const tagsByKey = new Map(tags.map((tag) => [tagKey(tag.name), tag]));
  for (const post of sitePosts) post.tagRefs = (post.terms.tags ?? []).map(({ name, slug, url }) => ({ name, slug, url }));
  const documents = [...sitePosts, ...sitePages];
  const written = buildAuthors(documents, config, basePath);
  diagnostics.push(...written.diagnostics);

  const aliases: AliasPage[] = [];
  for (const post of documents) {
    for (const alias of post.aliases) {
      const safe = safeSitePath(alias);
      if (!safe) {
        diagnostics.push(diagnostic('error', 'InvalidField', placeOf(post, 'aliases'), `The alias "${alias}" is not a safe path on this site.`,
          'Write it as a path from the site root, e.g. /2008/11/old-slug.html'));
        continue;
      }
      const tooLong = pathTooLong(safe);
      if (tooLong) {
        diagnostics.push(diagnostic('error', 'InvalidField', placeOf(post, 'aliases'), `The alias "${alias.slice(0, 60)}…" cannot be written: ${tooLong}.`,
          'An old URL this long cannot be a file on a static host; redirect it in the host\'s settings instead.'));
        continue;
      }
      const where = locate(basePath, safe);
      if (claim(where.outputPath, post, 'alias')) aliases.push({ ...where, target: post.url, title: post.title });
    }
  }

  const bySource = new Map<string, SitePost>();
  for (const post of documents) bySource.set(post.source, post);
  const unpublished = new Set(posts.filter((post) => !bySource.has(post.source)).map((post) => post.source));
  const menu = buildMenu(config, basePath, {
    bySource, pagesPrefix, pages: sitePages, unpublished, configFile: options.configFile ?? 'quire.config.yaml', tags: config.taxonomies.some((t) => t.name === 'tags'),
    labels: { home: locale.text('home'), archive: locale.text('archive'), tags: locale.text('tags') },
  });
  diagnostics.push(...menu.diagnostics);
  const site: Site = {
    config,
    basePath,
    dates,
    locale,
    posts: sitePosts,
    pages: sitePages,
    documents,
    bySource,
    archive: buildArchive(sitePosts, basePath, dates),
    taxonomies: grouped.taxonomies,
    authors: written.authors,
    menu: menu.menu,
    tags,
    tagByName: (name) => tagsByKey.get(tagKey(name)),
    aliases,
    skipped: { drafts, future },
    ...(nextScheduled && { nextScheduled }),
    ...(config.search && { search: searchPlan(documents, basePath) }),
  };
  // Listings quire writes (a year, a tag, page 2 of the home page) are known only now.
  const generated = generatedPaths(site);
  for (const [outputPath, file] of owners) {
    if (file === 'quire' || !generated.has(outputPath)) continue;
    const owner = documents.find((doc) => doc.file === file);
    diagnostics.push(diagnostic('error', 'PermalinkCollision', owner ? placeOf(owner, owner.aliases.length > 0 && owner.outputPath !== outputPath ? 'aliases' : 'slug') : { file },
      `This ${owner?.kind ?? 'post'} would be written to ${outputPath}, which quire writes itself (${generated.get(outputPath)}).`,
      'Give it a different slug (slug: another-name) or path.'));
  }
  return { site, diagnostics, placements: placed };
}

function placement(post: Post, where: Location, settings: string, origin: string, basePath: string, dates: DateFormatter): Placement {
  const [year, month, day] = [post.date.slice(0, 4), post.date.slice(5, 7), post.date.slice(8, 10)];
  return {
    settings, date: post.date, slug: post.slug, updated: post.updated,
    url: where.url, outputPath: where.outputPath, absoluteUrl: origin + where.url, year, month, day,
    dateText: dates.long(post.date), monthUrl: `${basePath}archive/${year}/${month}/`,
    updatedText: post.updated ? dates.long(post.updated) : undefined,
  };
}

/**
 * Places the pages at the URLs their paths in the pages folder give (see `pageSitePath`),
 * claiming each output path. Pages keep the fields of posts that have no meaning for them
 * (dates, neighbours) empty.
 */
function placePages(
  pages: readonly Post[],
  prefix: string,
  basePath: string,
  origin: string,
  dates: DateFormatter,
  claim: (outputPath: string, post: Post, what: 'page') => boolean,
  diagnostics: Diagnostic[],
  placeOf: (post: Post, key: 'slug' | 'aliases') => Place,
): Array<Draft<SitePost>> {
  const placed: Array<Draft<SitePost>> = [];
  for (const page of [...pages].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))) {
    const where = locate(basePath, pageSitePath(page, prefix));
    const tooLong = pathTooLong(where.outputPath);
    if (tooLong) {
      diagnostics.push(diagnostic('error', 'InvalidSlug', placeOf(page, 'slug'), `This page cannot be written to ${where.outputPath.slice(0, 60)}…: ${tooLong}.`,
        'Shorten its name, or give it a shorter slug (slug: a-shorter-name).'));
      continue;
    }
    if (!claim(where.outputPath, page, 'page')) continue;
    const sitePage = plainCopy(page) as unknown as Draft<SitePost>;
    // A page's own old permalink is its URL, not an alias of it.
    sitePage.aliases = page.aliases.filter((alias) => alias !== page.extra.permalink);
    sitePage.url = where.url;
    sitePage.outputPath = where.outputPath;
    sitePage.absoluteUrl = origin + where.url;
    const pageCover = coverUrl(page.extra.image, where.url, origin, basePath);
    if (pageCover) sitePage.cover = pageCover;
    sitePage.year = page.date.slice(0, 4);
    sitePage.month = page.date.slice(5, 7);
    sitePage.day = page.date.slice(8, 10);
    sitePage.dateText = page.date ? dates.long(page.date) : '';
    sitePage.monthUrl = '';
    sitePage.tagRefs = [];
    sitePage.terms = {};
    sitePage.parts = [];
    sitePage.authorRefs = [];
    if (page.updated) sitePage.updatedText = dates.long(page.updated);
    placed.push(sitePage);
  }
  // A page's parent is the page its folder is named after (`about.md` for `about/team.md`).
  const byPath = new Map(placed.map((page) => [page.source.slice(prefix.length).replace(/(?:\/index)?\.(?:md|markdown|mdown|mkd)$/i, ''), page]));
  for (const [path, page] of byPath) {
    const parent = path.includes('/') ? byPath.get(path.slice(0, path.lastIndexOf('/'))) : undefined;
    if (parent) page.parent = { title: parent.title, url: parent.url };
  }
  return placed;
}

/**
 * Each post's and page's place in `site.documents` (a post's is its place in `site.posts` too),
 * made once per model. Key: the model (by identity; a watching process keeps it). Invalid: with the model.
 */
const places = new WeakMap<Site, ReadonlyMap<SitePost, number>>();
export function postPlaces(site: Site): ReadonlyMap<SitePost, number> {
  let known = places.get(site);
  if (!known) places.set(site, (known = new Map(site.documents.map((post, i) => [post, i]))));
  return known;
}
