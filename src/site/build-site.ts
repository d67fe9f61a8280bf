import { basePath as basePathOf, type SiteConfig } from '../config/site-config.js';
import type { Post } from '../content/post.js';
import { diagnostic, type Diagnostic, type Place } from '../diagnostics/diagnostic.js';
import { buildArchive, type ArchiveYear } from './archive.js';
import { createDateFormatter, type DateFormatter } from './dates.js';
import { locate, pathTooLong, postPath, safeSitePath, type Location } from './permalinks.js';
import { plainCopy } from './plain-copy.js';
import type { SitePost } from './site-post.js';
import { collectTags, tagKey, type Tag } from './tags.js';

/** Choices that shape the site but are not part of its config. */
export interface SiteOptions {
  /** Include drafts and future-dated posts. */
  drafts: boolean;
  /** The build's clock: posts after it are "future". Injected so builds are reproducible. */
  now: number;
}

/** A redirect page at an old URL. */
export interface AliasPage extends Location {
  target: string;
  title: string;
}

/**
 * The whole site before any HTML exists: every post placed at its URL, the archive, the tags.
 * Built once, then only read, so every later stage can resolve links to any post.
 */
export interface Site {
  config: SiteConfig;
  basePath: string;
  dates: DateFormatter;
  /** Published posts, newest first. */
  posts: SitePost[];
  bySource: Map<string, SitePost>;
  archive: ArchiveYear<SitePost>[];
  tags: Tag<SitePost>[];
  /** Looks a tag up by any spelling. */
  tagByName: (name: string) => Tag<SitePost> | undefined;
  aliases: AliasPage[];
  /** The earliest future-dated post left out of this build, so a host can schedule a rebuild. */
  nextScheduled?: { date: string; title: string; file: string };
  /** Drafts and future posts left out. */
  skipped: { drafts: number; future: number };
}

/** What a post's URL and date texts are, and what they were computed from. */
interface Placement {
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

/**
 * The last build's placements, by source: a rebuild while watching places thousands of unchanged
 * posts again, and this makes that a lookup each. Used only when everything a placement depends
 * on (the settings below, the post's date, slug and update) is the same.
 */
let placements = new Map<string, Placement>();

/** Pages the engine writes itself; a post or alias may not take their place. */
const reservedPaths = ['index.html', '404.html', 'robots.txt', 'sitemap.xml', 'rss.xml', 'atom.xml', 'feed.json', 'comments.xml'];

/**
 * Places posts in the site: filters drafts and future posts, assigns permalinks, orders posts
 * newest first with their neighbours, and groups them into the archive and tags.
 * Pure: everything it needs comes in as arguments.
 */
export function buildSite(posts: readonly Post[], config: SiteConfig, options: SiteOptions): { site: Site; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const basePath = basePathOf(config);
  const dates = createDateFormatter(config.language, config.timeZone);
  const origin = new URL(config.baseUrl).origin;

  let drafts = 0;
  let future = 0;
  let nextScheduled: Site['nextScheduled'];
  const published = posts.filter((post) => {
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
  // Collisions point at the field that chose the URL (`slug:` or `aliases:`), or the file's first line.
  const placeOf = (post: Post, key: 'slug' | 'aliases'): Place => {
    const pos = post.positions?.[key] ?? (key === 'slug' ? post.positions?.title : undefined);
    return { file: post.file, line: pos?.line ?? 1, column: pos?.column ?? 1 };
  };
  const claim = (outputPath: string, post: Post, what: 'post' | 'alias'): boolean => {
    const { file } = post;
    const owner = owners.get(outputPath);
    if (owner === undefined) {
      owners.set(outputPath, file);
      return true;
    }
    diagnostics.push(
      diagnostic('error', 'PermalinkCollision', placeOf(post, what === 'post' ? 'slug' : 'aliases'),
        owner === 'quire'
          ? `This ${what} would be written to ${outputPath}, which quire writes itself.`
          : `This ${what} would be written to ${outputPath}, which ${owner} already takes.`,
        'Give one of the posts a different slug (slug: another-name) or date.'),
    );
    return false;
  };

  const sitePosts: SitePost[] = [];
  const settings = `${config.permalink}\0${basePath}\0${origin}\0${config.language}\0${config.timeZone}`;
  const placed = new Map<string, Placement>();
  for (const post of published) {
    const known = placements.get(post.source);
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
    const sitePost = plainCopy(post) as unknown as SitePost;
    sitePost.url = place.url;
    sitePost.outputPath = place.outputPath;
    sitePost.absoluteUrl = place.absoluteUrl;
    sitePost.year = place.year;
    sitePost.month = place.month;
    sitePost.day = place.day;
    sitePost.dateText = place.dateText;
    sitePost.monthUrl = place.monthUrl;
    sitePost.tagRefs = [];
    if (place.updatedText !== undefined) sitePost.updatedText = place.updatedText;
    sitePosts.push(sitePost);
  }
  placements = placed;
  sitePosts.forEach((post, i) => {
    const newer = sitePosts[i - 1];
    const older = sitePosts[i + 1];
    if (older) post.previous = { title: older.title, url: older.url };
    if (newer) post.next = { title: newer.title, url: newer.url };
  });

  const tagged = collectTags(sitePosts, basePath);
  diagnostics.push(...tagged.diagnostics);
  for (const post of sitePosts) {
    for (const name of post.tags) {
      const tag = tagged.bySpelling.get(name);
      if (tag) post.tagRefs.push({ name: tag.name, slug: tag.slug, url: tag.url });
    }
  }

  const aliases: AliasPage[] = [];
  for (const post of sitePosts) {
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
  for (const post of sitePosts) bySource.set(post.source, post);
  const site: Site = {
    config,
    basePath,
    dates,
    posts: sitePosts,
    bySource,
    archive: buildArchive(sitePosts, basePath, dates),
    tags: tagged.tags,
    tagByName: (name) => tagged.byKey.get(tagKey(name)),
    aliases,
    skipped: { drafts, future },
  };
  if (nextScheduled) site.nextScheduled = nextScheduled;
  return { site, diagnostics };
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

/** Each post's place in `site.posts`, made once per model (a watching process keeps the model). */
const places = new WeakMap<Site, ReadonlyMap<SitePost, number>>();
export function postPlaces(site: Site): ReadonlyMap<SitePost, number> {
  let known = places.get(site);
  if (!known) places.set(site, (known = new Map(site.posts.map((post, i) => [post, i]))));
  return known;
}
