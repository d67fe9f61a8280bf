import type { Liquid } from 'liquidjs';
import { ContentError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Locale } from '../i18n/locale.js';
import type { RenderedPost } from '../markdown/render-post.js';
import { postPlaces, type Site } from '../site/build-site.js';
import type { SearchPlan } from '../site/search-plan.js';
import { paginate, type Paginated } from '../site/paginate.js';
import type { SitePost } from '../site/site-post.js';
import { hasIndex, singular } from '../site/taxonomies.js';
import { commentsFeed } from './comments-feed.js';
import type { CommentsView } from './comments-view.js';
import { templateRenderer, type RenderFile } from './compiled-templates.js';
import { feedSlots } from './feeds/feed-pages.js';
import { dataKey, noMemo, type Keys } from './page-keys.js';
import { contentsKey, type Page } from './page.js';
import { PagePlan, type Step } from './page-plan.js';
import { specSlot, type PageSpec, type SpecBuild } from './page-spec.js';
import { robotsTxt, sitemapXml } from './sitemap.js';
import { checkTemplates, sameProblem, templateDiagnostic, templateSource } from './template-errors.js';
import { jsonForScript } from './template-engine.js';
import type { Stylesheet, ThemeAsset } from './theme-assets.js';
import { describePost, siteView, type PostSummary, type SiteView } from './views.js';

/** Everything page rendering needs besides the site model. */
export interface RenderInput {
  site: Site;
  /** A hash of everything the site model is made from: stands for the model in page keys. */
  siteKey: string;
  engine: Liquid;
  stylesheet: Stylesheet;
  /** The search page's script (`assets/search.js`), when the site has search. */
  searchScript?: ThemeAsset;
  /** The summary (metadata + excerpt) of a published post; asked for only when needed. */
  summaryOf: (post: SitePost) => PostSummary | undefined;
  /**
   * Hashes of what a post's summary is made from (the model, its rendering, its comment count),
   * when known: its key is then reused while they stay the same, without making the summary
   * (see `KeyMemo.keyBy`).
   */
  summaryDepsOf?: (post: SitePost) => string[] | undefined;
  /** A hash of a post's comment section (see `commentsOf`), standing for it in page keys. */
  commentsKeyOf: (post: SitePost) => string;
  /** Full HTML of a post body; called once per post page, so bodies need not all stay in memory. */
  bodyOf: (source: string) => string;
  /** A hash of a post body's HTML, standing in for the body in page keys. */
  bodyKeyOf: (source: string) => string;
  /** A hash of the templates and theme files, part of every page key. */
  templatesKey: string;
  /** The comment section of a post page. */
  commentsOf: (post: SitePost) => CommentsView;
  /** The posts that have comments, in the model's order, when known: the comments feed looks only at them. */
  commented?: readonly SitePost[];
  /** Site-relative path of the favicon, when the site has one. */
  favicon?: string;
  /**
   * Renders a template file with `engine`; default: `templateRenderer(engine)`. A watching
   * process passes the same one to every build while the templates are unchanged, so they are
   * compiled once.
   */
  renderFile?: RenderFile;
  /** Where page keys come from; default: each one hashed. A `KeyMemo` reuses those of the last build. */
  keys?: Keys;
  /** The build's clock (epoch ms), the time of a feed without entries (see `feedSlots`); default: when it is rendered. */
  now?: number;
}

/**
 * The summaries made last, by post: every page that shows a post (listings, feeds) asks for its
 * summary, which is made once per build, and only once in all by a watching process, whose
 * model and cached renderings stay the same objects. (Without the render cache, a summary is keyed by its data;
 * the same object is then compared with itself at no cost.)
 * Key: the post (by identity). Invalid: when its rendering, the locale or its comments link is another object.
 */
const summaryMemo = new WeakMap<SitePost, { rendered: object; locale: Locale; commentsLink: string | undefined; summary: PostSummary }>();

/**
 * Joins a post and its rendered excerpt into what listings show, its reading time in the site's
 * language. The summary is shared between builds (see `summaryMemo`): never change it.
 */
export function summarise(post: SitePost, rendered: Omit<RenderedPost, 'html'>, locale: Locale, commentsLink?: string): PostSummary {
  const known = summaryMemo.get(post);
  if (known && known.rendered === rendered && known.locale === locale && known.commentsLink === commentsLink) return known.summary;
  const { problems: _problems, deps: _deps, siteLinks: _siteLinks, ...rest } = rendered;
  // The markdown source is not shown by any listing; leaving it out keeps summaries (and page keys) small.
  const summary: PostSummary = { ...post, body: '', ...rest, readingTime: locale.plural('readingTime', rendered.readingMinutes) };
  if (commentsLink) summary.commentsLink = commentsLink;
  summaryMemo.set(post, { rendered, locale, commentsLink, summary });
  return summary;
}

/** What a build's pages are made from, besides the model: their slots read it as they make them. */
interface Build extends SpecBuild {
  input: RenderInput;
}

/** Where the key of each post's summary is kept in the key memo. Key: the post (by identity). Invalid: never (a slot's name depends on the post alone). */
const summarySlots = new WeakMap<SitePost, string>();
function summarySlot(post: SitePost): string {
  let slot = summarySlots.get(post);
  if (slot === undefined) summarySlots.set(post, (slot = `\0${post.source}`));
  return slot;
}

/** Every template `renderSite` renders by name; the partials and layouts they name are found from them. */
/**
 * The sidebar is on every page, so it shows the most used tags only, as WordPress's tag cloud
 * shows 45, in the order of the tag index (by name), with a link to all of them. (On a blog of
 * 10,000 posts with 200 tags, listing every tag and month made the sidebar three quarters of
 * each page's bytes: 35 of 47 KB.)
 */
const sidebarTagLimit = 40;
function sidebarTags<T extends { posts: readonly unknown[] }>(tags: readonly T[]): readonly T[] {
  if (tags.length <= sidebarTagLimit) return tags;
  const top = new Set([...tags].sort((a, b) => b.posts.length - a.posts.length || tags.indexOf(a) - tags.indexOf(b)).slice(0, sidebarTagLimit));
  return tags.filter((tag) => top.has(tag));
}

const siteTemplates = ['partials/sidebar', 'partials/post-summary', 'post', 'page', 'home', 'archive', 'listing', 'tags', 'terms', 'alias', '404', 'search'];

/** The names quire's own templates go by in other engines' front matter: `layout: post` asks for the usual one. */
const usualLayouts = new Set(['post', 'page', 'default', 'single']);

/** The template of a post's or page's own page: its `layout`, else `post` or `page`. */
export function templateOf(doc: Pick<SitePost, 'kind' | 'layout'>): string {
  return doc.layout !== undefined && !usualLayouts.has(doc.layout) ? doc.layout : doc.kind;
}

/**
 * The problems of every template the site's pages are made from (the theme's and the layouts
 * `layouts` that posts ask for) that cannot be parsed or names a partial or layout that does
 * not exist, all at once: a build with any renders nothing.
 */
export function checkSiteTemplates(engine: Liquid, layouts: readonly string[] = []): Diagnostic[] {
  return checkTemplates(engine, [...siteTemplates, ...layouts.filter((layout) => !siteTemplates.includes(layout))]);
}

/** The page plan of each model. Key: the model (by identity; a watching process keeps it while no post's metadata changes). Invalid: with the model. */
const plans = new WeakMap<Site, PagePlan<Build>>();

/**
 * Renders every HTML page and text file of the site, one at a time, so the writer can store
 * each page as soon as it exists and nothing holds the whole site in memory.
 * The order is fixed, which (with sorted inputs) makes builds byte-identical.
 */
export function* renderSite(input: RenderInput): Generator<Page> {
  const { site } = input;
  const render = input.renderFile ?? templateRenderer(input.engine);
  // The theme's strings are a global: every template, partial and layout sees them as `t`.
  const globals = { t: site.locale.t };
  // A template failing on one page (a filter throwing, a partial named by a variable that does
  // not exist) is noted and the other pages rendered on, so every such problem is reported; the
  // build then fails as a whole, before the writer swaps anything in.
  const problems: Diagnostic[] = [];
  const renderFile: RenderFile = (file, data) => {
    try {
      return render(file, data, globals);
    } catch (error) {
      const problem = templateDiagnostic(error, templateSource(input.engine, file));
      if (!problem) throw error;
      if (!problems.some((p) => sameProblem(p, problem))) problems.push(problem);
      return '';
    }
  };
  const base = siteView(site, input.stylesheet.outputPath, input.favicon, input.searchScript?.outputPath);
  const summaryOf = (post: SitePost): PostSummary => {
    const summary = input.summaryOf(post);
    // Keyed without its summary, the post's pages would never change key: never let that pass.
    if (!summary) throw new Error(`No summary for ${post.source}`);
    return summary;
  };
  const { locale } = site;
  const sidebarHtml = renderFile('partials/sidebar', {
    site: base,
    recent: site.posts.slice(0, 5),
    archive: site.archive.map((year) => ({ ...year, allLabel: locale.format('allOfYear', { year: year.year }) })),
    tags: sidebarTags(site.tags),
    tagCount: site.tags.length,
    allTagsLabel: locale.plural('allTags', site.tags.length),
    tagsUrl: `${site.basePath}tags/`,
  });
  const view: SiteView = { ...base, sidebarHtml, menu: site.menu };
  const keys = input.keys ?? noMemo;
  // One key per post summary covers every field a template can show of that post. Callers put
  // it where a page shows that post, never the post itself: listings repeat each post many times.
  const postKeys = new Map<SitePost, string>();
  // Everything a page may show of a post, for the page plan: its summary, comment section and body.
  const shown: string[] = [];
  for (const post of site.documents) {
    const key = keys.keyBy(summarySlot(post), '', input.summaryDepsOf?.(post), () => summaryOf(post));
    postKeys.set(post, key);
    shown.push(key, input.commentsKeyOf(post), input.bodyKeyOf(post.source));
  }
  const keyOf = (post: SitePost): string => {
    const key = postKeys.get(post);
    // A post outside `site.documents` would leave its pages keyed without it, and stale.
    if (key === undefined) throw new Error(`No summary key for ${post.source}`);
    return key;
  };
  // A post's summary looks the same on every listing (home, year, month, tags): render it once.
  const summaryHtml = new Map<SitePost, string>();
  const withSummaryHtml = (post: SitePost) => {
    const summary = summaryOf(post);
    let html = summaryHtml.get(post);
    if (html === undefined) {
      html = renderFile('partials/post-summary', { site: view, post: summary });
      summaryHtml.set(post, html);
    }
    return { ...summary, summaryHtml: html };
  };
  const build: Build = {
    input, siteKey: input.siteKey, view, prefix: dataKey(input.templatesKey + locale.key, view), renderFile,
    summaryKey: (post) => postKeys.get(post as SitePost), keyOf, summaryOf, withSummaryHtml,
    bodyOf: input.bodyOf, bodyKeyOf: input.bodyKeyOf, commentsOf: input.commentsOf, commentsKeyOf: input.commentsKeyOf,
  };
  let plan = plans.get(site);
  if (!plan) plans.set(site, (plan = new PagePlan(stepsOf(site))));
  yield* plan.pages(build, input.siteKey, shown, 3, keys);
  if (problems.length > 0) throw new ContentError(problems);
}

/**
 * The pages of a model, in the order they are written. Pages are rendered only when the writer
 * needs them; the key says whether it does. Each page is declared once as a `PageSpec` (what it
 * shows of the model, the documents it lists, the document it is the page of), and its key and
 * its place in the page plan follow from that.
 */
function stepsOf(site: Site): Step<Build>[] {
  const { config, locale } = site;
  const origin = new URL(config.baseUrl).origin;
  const place = postPlaces(site);
  const pageTitle = (title: string, page: Paginated<unknown>): string =>
    (page.number > 1 ? locale.format('pagedTitle', { title, number: page.number }) : title);
  const placeOf = (post: SitePost): number => {
    const i = place.get(post);
    // A page showing a post outside the model's list would never change key with it.
    if (i === undefined) throw new Error(`${post.source} is not among the site's posts.`);
    return i;
  };
  const meta = (url: string, title: string, description: string, extra: Record<string, unknown> = {}) => ({
    url, title, description, canonical: origin + url, ...extra,
  });
  const specs: PageSpec[] = [];
  const listing = (pages: Paginated<SitePost>[], title: (p: Paginated<SitePost>) => string, data: (p: Paginated<SitePost>) => Record<string, unknown>, template = 'listing') => {
    for (const p of pages) {
      specs.push({
        outputPath: p.location.outputPath,
        template,
        lists: p.items,
        model: () => {
          const { pageExtra, ...extra } = data(p);
          return {
            page: meta(p.location.url, title(p), config.description || config.title, (pageExtra as Record<string, unknown> | undefined) ?? {}),
            pagination: {
              number: p.number, total: p.total, previous: p.previous, next: p.next,
              label: locale.format('pageOf', { number: p.number, total: p.total }),
            },
            ...extra,
          };
        },
      });
    }
  };
  /** What a listing of `count` posts says it holds: "12 posts". */
  const counted = (count: number) => ({ count, countText: locale.plural('postCount', count) });
  const fromModel = (template: string, outputPath: string, model: () => Record<string, unknown>) => specs.push({ outputPath, template, model });
  const noModel = () => ({});

  // A post's page shows its body and comments; its head is made from its summary.
  for (const post of site.posts) {
    specs.push({
      outputPath: post.outputPath, template: templateOf(post), of: post, model: noModel,
      head: (summary) => {
        const description = describePost(summary, config.description);
        const jsonLd = jsonForScript({
          '@context': 'https://schema.org',
          '@type': 'BlogPosting',
          headline: post.title,
          description,
          datePublished: post.date,
          dateModified: post.updated ?? post.date,
          author: oneOrMany(post.authorRefs.map((who) => ({ '@type': 'Person', name: who.name, ...(who.url ? { url: new URL(who.url, origin).href } : {}) }))),
          url: post.absoluteUrl,
          mainEntityOfPage: post.absoluteUrl,
          ...(post.cover ? { image: post.cover } : {}),
          ...(post.tags.length > 0 ? { keywords: post.tagRefs.map((t) => t.name).join(', ') } : {}),
        });
        return meta(post.url, post.title, description, post.cover ? { jsonLd, image: post.cover } : { jsonLd });
      },
    });
  }
  // A page shows its body; it has no comments, dates in the stream or neighbours.
  for (const doc of site.pages) {
    specs.push({
      outputPath: doc.outputPath, template: templateOf(doc), of: doc, model: noModel,
      head: (summary) => meta(doc.url, doc.title, describePost(summary, config.description), doc.cover ? { image: doc.cover } : {}),
    });
  }

  listing(paginate(site.posts, config.postsPerPage, site.basePath, ''), (p) => (p.number > 1 ? locale.format('pageNumber', { number: p.number }) : ''),
    (p) => ({ heading: pageTitle(config.title, p) }), 'home');

  // The archive and the taxonomy indexes show posts as the model has them, never their summaries.
  fromModel('archive', 'archive/index.html', () => ({
    page: meta(`${site.basePath}archive/`, locale.text('archive'), locale.format('archiveDescription', { site: config.title })), archive: site.archive,
  }));
  const months = site.archive.flatMap((year) => year.months);
  for (const [i, year] of site.archive.entries()) {
    const newer = site.archive[i - 1];
    const older = site.archive[i + 1];
    listing(paginate(year.posts, config.postsPerPage, site.basePath, `archive/${year.year}/`), (p) => pageTitle(year.year, p), () => ({
      heading: locale.format('postsFromYear', { year: year.year }),
      ...counted(year.posts.length),
      newer: newer && { url: newer.url, label: newer.year },
      older: older && { url: older.url, label: older.year },
    }));
  }
  for (const [i, month] of months.entries()) {
    const newer = months[i - 1];
    const older = months[i + 1];
    listing(paginate(month.posts, config.postsPerPage, site.basePath, `archive/${month.year}/${month.month}/`), (p) => pageTitle(month.label, p), () => ({
      heading: locale.format('postsFromMonth', { month: month.label }),
      ...counted(month.posts.length),
      newer: newer && { url: newer.url, label: newer.label },
      older: older && { url: older.url, label: older.label },
    }));
  }

  for (const taxonomy of site.taxonomies) {
    const isTags = taxonomy.name === 'tags';
    const isCategories = taxonomy.name === 'categories';
    const title = isTags ? locale.text('tags') : isCategories ? locale.text('categories') : capitalise(taxonomy.name);
    const indexPage = () => meta(taxonomy.url, title, isTags ? locale.format('tagsDescription', { site: config.title })
      : isCategories ? locale.format('categoriesDescription', { site: config.title })
        : locale.format('taxonomyDescription', { taxonomy: taxonomy.name, site: config.title }));
    // The tag index keeps its own template; the others share one that shows levels.
    if (isTags) fromModel('tags', taxonomy.outputPath, () => ({ page: indexPage(), tags: taxonomy.terms }));
    else if (hasIndex(taxonomy)) fromModel('terms', taxonomy.outputPath, () => ({ page: indexPage(), heading: title, taxonomy: taxonomy.name, terms: taxonomy.terms }));
    for (const term of taxonomy.terms) {
      const heading = isTags ? locale.format('postsTagged', { tag: term.name })
        : isCategories ? locale.format('postsInCategory', { category: term.title })
          : locale.format('termHeading', { taxonomy: capitalise(singular(taxonomy.name)), term: term.title });
      const feeds = () => (taxonomy.feeds ? [
        { type: 'application/rss+xml', title: `${config.title}: ${term.title} (RSS)`, url: `${term.url}rss.xml` },
        { type: 'application/atom+xml', title: `${config.title}: ${term.title} (Atom)`, url: `${term.url}atom.xml` },
      ] : []);
      listing(paginate(term.posts, config.postsPerPage, site.basePath, term.url.slice(site.basePath.length)), (p) => pageTitle(heading, p), () => {
        const list = feeds();
        return { heading, ...counted(term.posts.length), pageExtra: { feeds: list }, tagFeeds: list, parent: term.parent, children: term.children };
      });
    }
  }
  for (const author of site.authors) {
    const heading = locale.format('postsBy', { author: author.name });
    const feeds = () => [
      { type: 'application/rss+xml', title: `${config.title}: ${author.name} (RSS)`, url: `${author.url}rss.xml` },
      { type: 'application/atom+xml', title: `${config.title}: ${author.name} (Atom)`, url: `${author.url}atom.xml` },
    ];
    listing(paginate(author.posts, config.postsPerPage, site.basePath, author.url.slice(site.basePath.length)), (p) => pageTitle(heading, p), () => {
      const list = feeds();
      return { heading, ...counted(author.posts.length), pageExtra: { feeds: list }, tagFeeds: list, author };
    });
  }

  for (const alias of site.aliases) fromModel('alias', alias.outputPath, () => ({ alias: { ...alias, canonical: origin + alias.target } }));
  // A site's own `pages/404.md` is its 404 page; otherwise the theme's.
  if (!site.pages.some((doc) => doc.outputPath === '404.html')) {
    fromModel('404', '404.html', () => ({ page: meta(`${site.basePath}404.html`, locale.text('notFound'), locale.text('notFoundDescription')) }));
  }
  const { search } = site;
  if (search) {
    fromModel('search', search.outputPath, () => ({
      page: meta(search.url, locale.text('search'), locale.format('searchDescription', { site: config.title })),
      search: searchPageView(site, search),
    }));
  }

  return [
    (b) => [{ outputPath: b.input.stylesheet.outputPath, contents: b.input.stylesheet.contents }],
    (b) => (b.input.searchScript ? [{ outputPath: b.input.searchScript.outputPath, contents: b.input.searchScript.contents }] : []),
    ...specs.map((spec) => specSlot<Build>(spec, placeOf)),
    () => [{ outputPath: 'robots.txt', contents: robotsTxt(site) }, sitemapOf(site)],
    ...feedSlots(site, placeOf),
    (b) => commentsFeed(site, b.input.commentsOf, b.input.commented),
  ];
}

/**
 * What the search page's script is told: where the indexes are, and the texts it fills in
 * (the results count in each plural form, picked in the browser by the language's rules).
 * An external search engine, when configured, is offered to readers without JavaScript.
 */
function searchPageView(site: Site, search: SearchPlan): Record<string, unknown> {
  const { locale, basePath } = site;
  const results = locale.forms('searchResults');
  const view: Record<string, unknown> = {
    url: search.url,
    bundles: JSON.stringify(search.bundles.map((bundle) => basePath + bundle)),
    strings: JSON.stringify({
      language: results.language,
      results: results.forms,
      none: locale.format('searchNone', {}),
      loading: locale.text('searchLoading'),
      failed: locale.text('searchFailed'),
    }),
  };
  const external = site.config.search ? site.config.search.external : undefined;
  if (external) {
    const url = new URL(external);
    view.external = { action: url.origin + url.pathname, fields: [...url.searchParams].map(([name, value]) => ({ name, value })) };
  }
  return view;
}

/** The sitemap of each model. Key: the model (by identity). Invalid: with the model. */
const sitemaps = new WeakMap<Site, Page>();
function sitemapOf(site: Site): Page {
  let page = sitemaps.get(site);
  if (!page) {
    const contents = sitemapXml(site);
    page = { outputPath: 'sitemap.xml', contents, key: contentsKey(contents) };
    sitemaps.set(site, page);
  }
  return page;
}

/** JSON-LD's way with lists: one value alone, several in an array. */
function oneOrMany<T>(values: T[]): T | T[] {
  return values.length === 1 ? (values[0] as T) : values;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
