import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { stringify } from 'yaml';
import { basePath as basePathOf, type SiteConfig } from '../config/site-config.js';
import { commentIdPattern } from '../content/comment.js';
import { safeWebUrl } from '../content/read-comments.js';
import { readPosts } from '../content/read-posts.js';
import { slugify } from '../content/slug.js';
import { postPath, safeSitePath } from '../site/permalinks.js';
import { tagKey, tagSlug } from '../site/tags.js';
import type { MenuEntry } from '../config/site-config.js';
import { readBlogger } from './blogger.js';
import type { ConfigAdditions } from './config-additions.js';
import { importMenu, type ImportedMenu } from './import-menu.js';
import { pagePlaces } from './page-paths.js';
import { addNotes, emptyNotes, htmlToMarkdown, htmlToText, type ConversionNotes } from './html-to-markdown.js';
import type { ImportDate, ImportedComment, ImportedItem, ImportedSite, ImportSource } from './model.js';
import { decodeXml } from './xml.js';
import { readWxr } from './wxr.js';

/** How to import. */
export interface ImportOptions {
  /** Replace posts and comments that already exist. */
  force?: boolean;
  /** A copy of WordPress' `wp-content/uploads`: referenced files are copied beside their posts. */
  media?: string;
  /** Import pages as dated posts, as before quire had pages; without it they become pages. */
  pagesAsPosts?: boolean;
  /** Which of the export's menus becomes the site menu (slug or name); without it, the one with the most entries. */
  menu?: string;
  /** Keep pingbacks and trackbacks as comments; without it they are skipped. */
  includePingbacks?: boolean;
}

/** Where to write: the site's folders and settings. */
export interface ImportTarget {
  postsDir: string;
  pagesDir: string;
  commentsDir: string;
  config: Pick<SiteConfig, 'timeZone' | 'permalink' | 'baseUrl' | 'rawHtml' | 'taxonomies'>;
}

/** What an import did, for the summary and for tests. */
export interface ImportReport {
  source: ImportSource;
  title: string;
  version: string;
  /** Whether figures and embeds were kept as HTML (the site's `rawHtml`). */
  rawHtml: boolean;
  /** Post files written, relative to the posts folder. */
  written: string[];
  /** Post files that already existed and were left alone (no `--force`). */
  existing: string[];
  /** Of the posts written: drafts (drafts and pending posts) and scheduled posts. */
  drafts: number;
  scheduled: number;
  /** Posts left out by their status. */
  leftOut: { private: number; protected: number; trash: number; other: number; undated: number };
  /** Pages found, whether they were imported as posts, and the page files written (relative to the pages folder). */
  pages: { found: number; asPosts: boolean; written: string[]; existing: string[]; drafts: number };
  /** Other item types (attachments, menu items, settings…), by type: not posts, not imported. */
  otherTypes: Record<string, number>;
  comments: {
    written: number;
    existing: number;
    /** Held for moderation in the old blog. */
    pending: number;
    spam: number;
    trash: number;
    /** Pingbacks and trackbacks skipped (no `--include-pingbacks`). */
    pingbacks: number;
    /** Comments with no text left after conversion. */
    empty: number;
    /** Replies whose parent was not imported, attached to the nearest imported ancestor or the post. */
    rethreaded: number;
    /** Comments on items that were not imported. */
    onSkippedItems: number;
    /** Comments on pages, which have no comment section in quire. */
    onPages: number;
  };
  notes: ConversionNotes;
  /** Old paths recorded as `aliases` (the build writes a redirect page at each). */
  aliases: number;
  /** Old query-string links (`/?p=ID`): a static host cannot serve a page for them; see the README. */
  queryLinks: Array<{ link: string; post: string; url: string }>;
  /** Old links that could not become aliases, and why. */
  droppedAliases: Array<{ alias: string; post: string; reason: string }>;
  /** Posts whose slug was taken by another post and got a suffix. */
  renamed: Array<{ slug: string; post: string }>;
  /** Posts without a title, titled from their first words. */
  untitled: number;
  /** Media copied; referenced but missing from the media folder; left on the old site (pages with sub-pages cannot be bundles). */
  media: { copied: number; missing: string[]; remote: string[] };
  /** Settings for the site's config: the authors (by login) and the menu. */
  settings: { authors?: Record<string, { name: string }>; menu?: MenuEntry[] };
  /** The export's menus and what became of the one used. */
  menu?: ImportedMenu;
  /** What became of `settings` in the site's config (filled in by whoever writes the config). */
  config?: ConfigAdditions;
  /** Files not written because their path leads outside the site's folders (a symbolic link on the way). */
  refused: string[];
}

/** A write that would leave the posts or comments folder. */
export class UnsafePathError extends Error {
  readonly file: string;

  constructor(file: string, why: string) {
    super(`refusing to write ${file}: ${why}`);
    this.name = 'UnsafePathError';
    this.file = file;
  }
}

/**
 * Reads an export file and writes its posts and comments into the site. Never overwrites a file
 * without `force`, never writes outside `postsDir` and `commentsDir`, and reports everything it
 * wrote, skipped or could not convert.
 *
 * @throws ImportFormatError when the file is not a well-formed export of the given kind.
 */
export function importFile(source: ImportSource, file: string, target: ImportTarget, options: ImportOptions = {}): ImportReport {
  const text = decodeXml(readFileSync(file));
  const site = source === 'wordpress' ? readWxr(text) : readBlogger(text);
  return writeImport(site, target, options);
}

/** A post or page to write, planned before any body is converted so links between them can be rewritten. */
interface Planned {
  kind: 'post' | 'page';
  item: ImportedItem;
  title: string;
  /** Posts only: pages need no date. */
  date?: DateTime;
  updated?: DateTime;
  slug: string;
  draft: boolean;
  /** `YYYY-MM-DD-slug` for a post, the path in the pages folder for a page (`about/team`): the file (`.md`) or bundle folder name. */
  name: string;
  /** The file written (or found), relative to its folder: how the menu names it. */
  source?: string;
  /** A page with imported pages under it (it cannot be a bundle folder). */
  hasChildren: boolean;
  /** The new URL path (with the site's base path). */
  url: string;
  aliases: string[];
  /** Old query-string links of this post (`/?p=123`). */
  queryLinks: string[];
}

/** Writes an already-read export into the site. See {@link importFile}. */
export function writeImport(site: ImportedSite, target: ImportTarget, options: ImportOptions = {}): ImportReport {
  const { config } = target;
  const report: ImportReport = {
    source: site.source, title: htmlToText(site.title), version: site.version, rawHtml: config.rawHtml,
    written: [], existing: [], drafts: 0, scheduled: 0,
    leftOut: { private: 0, protected: 0, trash: 0, other: 0, undated: 0 },
    pages: { found: 0, asPosts: options.pagesAsPosts ?? false, written: [], existing: [], drafts: 0 },
    otherTypes: {},
    comments: { written: 0, existing: 0, pending: 0, spam: 0, trash: 0, pingbacks: 0, empty: 0, rethreaded: 0, onSkippedItems: 0, onPages: 0 },
    notes: emptyNotes(), aliases: 0, queryLinks: [], droppedAliases: [], renamed: [], untitled: 0,
    media: { copied: 0, missing: [], remote: [] }, refused: [], settings: {},
  };
  const postsDir = path.resolve(target.postsDir);
  const pagesDir = path.resolve(target.pagesDir);
  const commentsDir = path.resolve(target.commentsDir);
  const base = basePathOf(config);

  // Attachments, for galleries and media.
  const attachments = new Map<string, ImportedItem>();
  for (const item of site.items) if (item.kind === 'attachment' && item.attachmentUrl) attachments.set(item.id, item);

  // Which items become posts, and which pages.
  const chosen: ImportedItem[] = [];
  const chosenPages: ImportedItem[] = [];
  for (const item of site.items) {
    if (item.kind === 'page') report.pages.found++;
    if (item.kind === 'other' || item.kind === 'attachment') {
      report.otherTypes[item.type] = (report.otherTypes[item.type] ?? 0) + 1;
      report.comments.onSkippedItems += item.comments.length;
      continue;
    }
    if (item.status === 'private' || item.status === 'protected' || item.status === 'trash' || item.status === 'other') {
      report.leftOut[item.status]++;
      report.comments.onSkippedItems += item.comments.length;
      continue;
    }
    (item.kind === 'page' && !options.pagesAsPosts ? chosenPages : chosen).push(item);
  }

  // Slugs already used by posts on disk, with the file that uses them: a re-run finds its own
  // earlier files at the same paths, while a different post with the slug makes the import pick another.
  const onDisk = new Map<string, string[]>();
  if (existsSync(postsDir)) {
    for (const post of readPosts(postsDir, config).posts) {
      const list = onDisk.get(post.slug) ?? [];
      list.push(post.source.replace(/\/index\.md$/, '').replace(/\.md$/, ''));
      onDisk.set(post.slug, list);
    }
  }

  // Plan every post and page: title, unique name, new URL, aliases.
  const planned: Planned[] = [];
  const takenSlugs = new Set<string>();
  const takenAliases = new Set<string>();
  const seenQueries = new Set<string>();
  const oldLinks = new Map<string, string>();
  const titleOf = (item: ImportedItem): string => {
    const title = htmlToText(item.title);
    if (title !== '') return title;
    report.untitled++;
    const words = htmlToText(item.html).split(' ').slice(0, 8).join(' ');
    return words === '' ? 'Untitled' : words.length > 60 ? `${words.slice(0, 60).trimEnd()}…` : words;
  };
  // The old addresses of an item: each becomes an alias, or is reported as the reason it cannot.
  const collectOldLinks = (plan: Planned, sitePath: string) => {
    for (const old of [...(plan.item.link ? [plan.item.link] : []), ...plan.item.oldUrls]) {
      const found = oldPath(old, site.home);
      if (!found) continue;
      oldLinks.set(linkKey(old, site.home), plan.url);
      if (found.kind === 'query') {
        if (!seenQueries.has(found.query)) {
          seenQueries.add(found.query);
          plan.queryLinks.push(found.query);
          report.queryLinks.push({ link: found.query, post: plan.name, url: plan.url });
        }
        continue;
      }
      const safe = safeSitePath(found.path.replace(/\/{2,}/g, '/'));
      if (!safe) {
        report.droppedAliases.push({ alias: found.path, post: plan.name, reason: 'not a safe path on this site' });
        continue;
      }
      if (safe === sitePath) continue;
      if (safe === 'index.html' || safe === '' || /^(?:index\.html|404\.html|robots\.txt|sitemap\.xml|rss\.xml|atom\.xml|feed\.json|comments\.xml)$/.test(safe)) {
        report.droppedAliases.push({ alias: found.path, post: plan.name, reason: 'quire writes that page itself' });
        continue;
      }
      if (takenAliases.has(safe)) {
        report.droppedAliases.push({ alias: found.path, post: plan.name, reason: 'another imported post has the same old link' });
        continue;
      }
      takenAliases.add(safe);
      plan.aliases.push(`/${found.path.replace(/\/{2,}/g, '/').replace(/^\/+/, '')}`);
    }
  };
  for (const item of chosen) {
    const dateIn = item.date ?? item.modified;
    const date = dateIn ? siteDate(dateIn, config.timeZone) : undefined;
    if (!date) {
      report.leftOut.undated++;
      report.comments.onSkippedItems += item.comments.length;
      continue;
    }
    const title = titleOf(item);
    const day = date.toFormat('yyyy-MM-dd');
    const wanted = slugify(decodeSlug(item.slug)) || slugify(title) || slugify(`post ${item.id}`) || 'post';
    let slug = wanted;
    for (let n = 2; takenSlugs.has(slug) || (onDisk.get(slug) ?? []).some((name) => name !== `${day}-${slug}`); n++) slug = `${wanted}-${n}`;
    if (slug !== wanted) report.renamed.push({ slug: wanted, post: `${day}-${slug}` });
    takenSlugs.add(slug);
    const sitePath = postPath(config.permalink, { date: date.toISO() ?? '', slug }).replace(/^\/+/, '');
    const plan: Planned = {
      kind: 'post', item, title, date, slug, draft: item.status === 'draft' || item.status === 'pending',
      name: `${day}-${slug}`, url: base + sitePath, aliases: [], queryLinks: [], hasChildren: false,
    };
    const modified = item.modified ? siteDate(item.modified, config.timeZone) : undefined;
    if (modified && modified.toMillis() - date.toMillis() >= 1000) plan.updated = modified;
    collectOldLinks(plan, sitePath);
    planned.push(plan);
  }
  const places = pagePlaces(chosenPages, site.items, decodeSlug);
  for (const item of chosenPages) {
    const place = places.get(item);
    if (!place) continue;
    if (place.renamedFrom) report.renamed.push({ slug: place.renamedFrom, post: `${path.basename(pagesDir)}/${place.path}` });
    const plan: Planned = {
      kind: 'page', item, title: titleOf(item), slug: place.path.split('/').at(-1) ?? place.path, draft: item.status === 'draft' || item.status === 'pending',
      name: place.path, url: `${base}${place.path}/`, aliases: [], queryLinks: [], hasChildren: place.hasChildren,
    };
    collectOldLinks(plan, `${place.path}/`);
    planned.push(plan);
  }
  // Aliases dropped because the same old path is the new URL of another post or page.
  const newPaths = new Set(planned.map((p) => p.url));
  for (const plan of planned) {
    plan.aliases = plan.aliases.filter((alias) => {
      const clash = newPaths.has(base + (safeSitePath(alias) ?? ''));
      if (clash) report.droppedAliases.push({ alias, post: plan.name, reason: 'another imported post lives at that address now' });
      return !clash;
    });
  }

  // Authors who wrote something imported, keyed by their login.
  const written = new Set(planned.map((plan) => plan.item.author).filter((name) => name !== undefined).map(htmlToText));
  const authors: Record<string, { name: string }> = {};
  for (const author of site.authors ?? []) {
    const name = htmlToText(author.name);
    const key = slugify(author.login) || author.login;
    if (written.has(name) && key !== '' && !Object.hasOwn(authors, key)) authors[key] = { name };
  }
  if (Object.keys(authors).length > 0) report.settings.authors = authors;

  // Convert and write.
  const mediaRoot = options.media ? realpathOrUndefined(path.resolve(options.media)) : undefined;
  for (const plan of planned) {
    const { item } = plan;
    const root = plan.kind === 'page' ? pagesDir : postsDir;
    const copies = new Map<string, string>(); // source file → name in the bundle
    const rewriteUrl = (url: string, kind: 'image' | 'link'): string | undefined => {
      const absolute = resolveAgainst(url, item.link, site.home);
      if (mediaRoot) {
        const local = mediaFile(absolute ?? url, mediaRoot);
        if (local === 'missing') report.media.missing.push(url);
        // A page with pages under it is a file beside their folder, not a bundle: its media stay on the old site.
        else if (local && plan.hasChildren) report.media.remote.push(url);
        else if (local) {
          let name = copies.get(local);
          if (!name) {
            name = bundleName(local, new Set(copies.values()));
            copies.set(local, name);
          }
          return name;
        }
      }
      if (kind === 'link' && absolute) {
        const hash = absolute.indexOf('#');
        const target = oldLinks.get(linkKey(hash >= 0 ? absolute.slice(0, hash) : absolute, site.home));
        if (target) return target + (hash >= 0 ? absolute.slice(hash) : '');
      }
      return absolute;
    };
    const converted = htmlToMarkdown(item.html, {
      keepHtml: config.rawHtml,
      autop: item.autop,
      attachment: (id) => attachments.get(id)?.attachmentUrl,
      ownAttachments: () => [...attachments.values()].filter((a) => a.parent === item.id && /\.(?:jpe?g|png|gif|webp|avif|svg)$/i.test(a.attachmentUrl ?? '')).map((a) => a.attachmentUrl ?? ''),
      rewriteUrl,
    });
    addNotes(report.notes, converted.notes);

    const front: Record<string, unknown> = { title: plan.title };
    if (plan.date) front.date = iso(plan.date);
    if (plan.updated) front.updated = iso(plan.updated);
    if (plan.kind === 'post') front.slug = plan.slug;
    const categories = item.categories.map(htmlToText).filter((c) => c !== '');
    // Categories are their own taxonomy, no longer folded into tags.
    const tags = dedupe(item.tags.map(htmlToText).filter((t) => t !== ''));
    if (tags.length > 0 && plan.kind === 'post') front.tags = tags;
    if (categories.length > 0 && plan.kind === 'post') front.categories = categories;
    const description = item.excerptHtml ? htmlToText(item.excerptHtml) : '';
    if (description) front.description = description;
    const author = item.author ? htmlToText(item.author) : '';
    if (author) front.author = author;
    // WordPress orders pages (and the default menu) by menu_order, as quire does by weight.
    if (plan.kind === 'page' && item.order !== undefined) front.weight = item.order;
    if (plan.draft) front.draft = true;
    if (!item.commentsOpen && plan.kind === 'post') front.comments = false;
    if (plan.aliases.length > 0) front.aliases = plan.aliases;
    report.aliases += plan.aliases.length;
    const queryNotes = plan.queryLinks
      .map((link) => `# Old link ${link} has a query string: a static host cannot redirect it (see "Moving from WordPress" in quire's README).\n`);
    const body = converted.markdown === '' ? '' : `${converted.markdown}\n`;
    const text = `---\n${stringify(front, { lineWidth: 0 })}${queryNotes.join('')}---\n${body}`;

    const bundle = copies.size > 0;
    const flat = path.join(root, `${plan.name}.md`);
    const folder = path.join(root, plan.name);
    const file = bundle ? path.join(folder, 'index.md') : flat;
    const exists = existsSync(flat) || existsSync(path.join(folder, 'index.md'));
    const writtenList = plan.kind === 'page' ? report.pages : report;
    if (exists && !options.force) {
      writtenList.existing.push(path.relative(root, existsSync(flat) ? flat : path.join(folder, 'index.md')).split(path.sep).join('/'));
    } else {
      try {
        // With --force the item replaces its earlier import, whichever form that had.
        if (bundle && existsSync(flat)) removeInside(root, flat);
        if (!bundle && existsSync(path.join(folder, 'index.md'))) removeInside(root, path.join(folder, 'index.md'));
        writeInside(root, file, text, options.force ?? false);
        for (const [from, name] of copies) {
          copyInside(root, from, path.join(folder, name), options.force ?? false);
          report.media.copied++;
        }
        writtenList.written.push(path.relative(root, file).split(path.sep).join('/'));
        if (plan.draft) writtenList === report ? report.drafts++ : report.pages.drafts++;
        else if (item.status === 'future' && plan.kind === 'post') report.scheduled++;
      } catch (error) {
        if (!(error instanceof UnsafePathError)) throw error;
        report.refused.push(error.file);
        continue;
      }
    }
    plan.source = path.relative(root, existsSync(file) ? file : existsSync(flat) ? flat : path.join(folder, 'index.md')).split(path.sep).join('/');

    // quire's pages have no comment section.
    if (plan.kind === 'page') report.comments.onPages += item.comments.length;
    else if (plan.date) writeComments({ ...plan, date: plan.date }, item.comments, commentsDir, config.timeZone, options, report);
  }

  report.menu = menuOf(site, planned, oldLinks, config, options.menu);
  if (report.menu.menu.length > 0) report.settings.menu = report.menu.menu;
  return report;
}

/** The export's menu as quire's, pointing at the posts and pages just planned. */
function menuOf(site: ImportedSite, planned: readonly Planned[], oldLinks: ReadonlyMap<string, string>, config: ImportTarget['config'], wanted: string | undefined): ImportedMenu {
  const byId = new Map(planned.filter((plan) => !plan.draft && plan.source !== undefined).map((plan) => [plan.item.id, plan]));
  const byUrl = new Map([...byId.values()].map((plan) => [plan.url, plan]));
  const target = (plan: Planned) => ({ kind: plan.kind, source: plan.source ?? '', title: plan.title });
  // Which terms have pages: those of the published posts, compared as the build compares them.
  const used = new Set<string>();
  for (const plan of byId.values()) {
    if (plan.kind !== 'post') continue;
    for (const tag of plan.item.tags) used.add(`tag:${tagKey(htmlToText(tag))}`);
    for (const category of plan.item.categories) {
      const levels = htmlToText(category).split('/');
      for (let n = 1; n <= levels.length; n++) used.add(`category:${tagKey(levels.slice(0, n).join('/'))}`);
    }
  }
  const hasTaxonomy = (name: string) => config.taxonomies.some((t) => t.name === name);
  return importMenu(site.items, wanted, {
    item: (id) => {
      const plan = byId.get(id);
      return plan && target(plan);
    },
    term: (id) => {
      const term = site.terms?.get(id);
      if (!term || !used.has(`${term.taxonomy}:${tagKey(htmlToText(term.name))}`)) return undefined;
      const folder = term.taxonomy === 'tag' ? 'tags' : 'categories';
      if (!hasTaxonomy(folder)) return undefined;
      const levels = htmlToText(term.name).split('/');
      return { url: `/${folder}/${levels.map(tagSlug).join('/')}/`, name: levels.at(-1) ?? term.name };
    },
    url: (url) => {
      const hash = url.indexOf('#');
      const own = oldLinks.get(linkKey(hash >= 0 ? url.slice(0, hash) : url, site.home));
      const plan = own ? byUrl.get(own) : undefined;
      if (plan && hash < 0) return target(plan);
      const web = safeWebUrl(url);
      if (!web) return undefined;
      const found = oldPath(web, site.home);
      // An address on the old blog that is not a post or page keeps its path on the new site.
      if (found?.kind === 'path' && site.home && hostOf(web) === hostOf(site.home)) return { url: `${found.path}${hash >= 0 ? url.slice(hash) : ''}` };
      return { url: web };
    },
  });
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function writeComments(plan: Planned & { date: DateTime }, comments: ImportedComment[], commentsDir: string, timeZone: string, options: ImportOptions, report: ImportReport): void {
  const dir = path.join(commentsDir, plan.slug);
  const ids = new Map<string, string>(); // export id → comment id, for every comment written (or already there)
  const parents = new Map(comments.map((c) => [c.id, c.parent]));
  const used = new Set<string>();
  for (const [index, comment] of threadOrder(comments, timeZone).entries()) {
    if (comment.type !== 'comment' && !options.includePingbacks) {
      report.comments.pingbacks++;
      continue;
    }
    if (comment.status !== 'approved') {
      report.comments[comment.status]++;
      continue;
    }
    const body = htmlToMarkdown(comment.html, { autop: comment.autop, keepHtml: false, dropRelative: true }).markdown;
    if (body === '') {
      report.comments.empty++;
      continue;
    }
    let id = /^\d{1,60}$/.test(comment.id) ? comment.id : slugify(comment.id).toLowerCase().slice(0, 60).replace(/-+$/, '');
    if (!commentIdPattern.test(id) || used.has(id)) id = `c${index + 1}`;
    for (let n = 2; used.has(id); n++) id = `c${index + 1}-${n}`;
    used.add(id);

    // Threading: the nearest ancestor that was imported, else the post itself.
    let parent = comment.parent;
    const seen = new Set<string>();
    while (parent !== undefined && !ids.has(parent) && !seen.has(parent)) {
      seen.add(parent);
      parent = parents.get(parent);
    }

    const date = comment.date ? siteDate(comment.date, timeZone) : undefined;
    const front: Record<string, string> = {
      author: htmlToText(comment.author) || 'Anonymous',
      date: iso(date ?? plan.date),
    };
    const url = comment.url ? safeWebUrl(comment.url) : undefined;
    if (url) front.url = url;
    const replyTo = parent !== undefined ? ids.get(parent) : undefined;
    if (replyTo) front.reply_to = replyTo;
    if (comment.parent !== undefined && (replyTo === undefined || parent !== comment.parent)) report.comments.rethreaded++;
    ids.set(comment.id, id);

    const file = path.join(dir, `${id}.md`);
    if (existsSync(file) && !options.force) {
      report.comments.existing++;
      continue;
    }
    try {
      writeInside(commentsDir, file, `---\n${stringify(front, { lineWidth: 0 })}---\n${body}\n`, options.force ?? false);
      report.comments.written++;
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      report.refused.push(error.file);
    }
  }
}

/**
 * Comments oldest first, but every parent before its replies (a reply's clock can be ahead of
 * its parent's). Iterative, so a long reply chain in a hostile export cannot overflow the stack.
 */
function threadOrder(comments: ImportedComment[], timeZone: string): ImportedComment[] {
  const byDate = [...comments].sort((a, b) => dateMillis(a.date, timeZone) - dateMillis(b.date, timeZone));
  const byId = new Map<string, ImportedComment>();
  for (const c of byDate) if (!byId.has(c.id)) byId.set(c.id, c);
  const done = new Set<ImportedComment>();
  const out: ImportedComment[] = [];
  for (const comment of byDate) {
    const chain: ImportedComment[] = [];
    const onChain = new Set<ImportedComment>();
    for (let c: ImportedComment | undefined = comment; c && !done.has(c) && !onChain.has(c); c = c.parent === undefined ? undefined : byId.get(c.parent)) {
      chain.push(c);
      onChain.add(c);
    }
    for (const c of chain.reverse()) {
      done.add(c);
      out.push(c);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dates, slugs, links

/** An export date as a time in the site's zone; a date without a zone is read in the site's zone. */
export function siteDate(date: ImportDate, timeZone: string): DateTime | undefined {
  const parsed = 'utc' in date ? DateTime.fromISO(date.utc, { zone: 'utc' }).setZone(timeZone) : DateTime.fromISO(date.local, { zone: timeZone });
  return parsed.isValid ? parsed.startOf('second') : undefined;
}

function dateMillis(date: ImportDate | undefined, timeZone: string): number {
  return (date ? siteDate(date, timeZone)?.toMillis() : undefined) ?? 0;
}

const iso = (date: DateTime): string => date.toISO({ suppressMilliseconds: true }) ?? date.toString();

/** WordPress stores non-ASCII slugs percent-encoded (`%e6%97%a5`). */
function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}

/**
 * The site path of an old URL, relative to the old blog's root (so it can be served from the new
 * site's root), or the query link it is (`/?p=123`) when it only works with a query string.
 */
export function oldPath(url: string, home: string | undefined): { kind: 'path'; path: string } | { kind: 'query'; query: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, home ?? 'http://old.invalid/');
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  let pathname = parsed.pathname;
  if (home) {
    try {
      const root = new URL(home);
      const rootPath = root.pathname.endsWith('/') ? root.pathname : `${root.pathname}/`;
      if (parsed.host === root.host && pathname.startsWith(rootPath)) pathname = `/${pathname.slice(rootPath.length)}`;
    } catch {
      // an unusable home URL: take the path as it is
    }
  }
  const query = /^\?(p|page_id)=(\d{1,20})$/.exec(parsed.search);
  if (query) return { kind: 'query', query: `${pathname === '/' ? '/' : pathname}?${query[1]}=${query[2]}` };
  if (parsed.search !== '' || pathname === '/' || pathname === '') return undefined;
  return { kind: 'path', path: pathname };
}

/** A key for matching links to an old post: host and path without trailing slash. */
function linkKey(url: string, home: string | undefined): string {
  try {
    const parsed = new URL(url, home ?? 'http://old.invalid/');
    return `${parsed.host}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
  } catch {
    return url;
  }
}

/** Resolves a URL from a post's HTML against its old page, so relative links keep their meaning. */
function resolveAgainst(url: string, link: string | undefined, home: string | undefined): string | undefined {
  if (url.startsWith('#')) return url;
  const base = link && /^https?:\/\//i.test(link) ? link : home && /^https?:\/\//i.test(home) ? new URL(link ?? '', home).href : undefined;
  if (!base) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

function dedupe(list: string[]): string[] {
  const out: string[] = [];
  for (const value of list) if (!out.some((v) => v.toLowerCase() === value.toLowerCase())) out.push(value);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Files: every write checked to stay inside its folder

/** The file in the media folder an uploads URL names, `'missing'` when it is not there, undefined when the URL is not an upload. */
function mediaFile(url: string, mediaRoot: string): string | 'missing' | undefined {
  const match = /\/wp-content\/uploads\/([^?#]+)/.exec(url);
  if (!match?.[1]) return undefined;
  let rel: string;
  try {
    rel = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  const segments = rel.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))) return undefined;
  const candidate = path.join(mediaRoot, ...segments);
  const real = realpathOrUndefined(candidate);
  if (!real) return 'missing';
  if (!isInside(mediaRoot, real) || !statSync(real).isFile()) return undefined;
  return real;
}

/** A safe file name for a copied media file: slugified stem, lower-case extension, unique in its bundle. */
function bundleName(file: string, taken: Set<string>): string {
  const ext = path.extname(file).toLowerCase().replace(/[^a-z0-9.]/g, '');
  const stem = slugify(path.basename(file, path.extname(file))) || 'file';
  const safeExt = /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '';
  let name = `${stem}${safeExt}`;
  for (let n = 2; taken.has(name) || name === 'index.md'; n++) name = `${stem}-${n}${safeExt}`;
  return name;
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Checks that `file` is inside `root`, also once symbolic links are followed: every existing
 * folder on the way must really be inside `root`, and the file itself must not be a link.
 */
function assertInside(root: string, file: string): void {
  if (!isInside(root, file)) throw new UnsafePathError(file, `it is outside ${root}`);
  const realRoot = realpathOrUndefined(root) ?? root;
  let dir = path.dirname(file);
  while (isInside(root, dir) || dir === root) {
    const real = realpathOrUndefined(dir);
    if (real && real !== realRoot && !isInside(realRoot, real)) throw new UnsafePathError(file, `${dir} leads outside ${root}`);
    if (dir === root) break;
    dir = path.dirname(dir);
  }
  if (lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) throw new UnsafePathError(file, 'it is a symbolic link');
}

export function writeInside(root: string, file: string, text: string, overwrite: boolean): void {
  mkdirSync(root, { recursive: true });
  assertInside(root, file);
  mkdirSync(path.dirname(file), { recursive: true });
  assertInside(root, file);
  writeFileSync(file, text, { flag: overwrite ? 'w' : 'wx' });
}

export function copyInside(root: string, from: string, to: string, overwrite: boolean): void {
  assertInside(root, to);
  mkdirSync(path.dirname(to), { recursive: true });
  if (existsSync(to) && !overwrite) return;
  copyFileSync(from, to);
}

export function removeInside(root: string, file: string): void {
  assertInside(root, file);
  rmSync(file, { force: true });
}
