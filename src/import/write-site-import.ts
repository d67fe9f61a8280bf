import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DateTime, IANAZone } from 'luxon';
import { stringify } from 'yaml';
import { basePath as basePathOf, type SiteConfig } from '../config/site-config.js';
import { parsePostDate } from '../content/post-date.js';
import { readPosts } from '../content/read-posts.js';
import { cleanText } from '../content/read-post.js';
import { slugify } from '../content/slug.js';
import { postPath, safeSitePath } from '../site/permalinks.js';
import { isRecord, mapOutsideFences, text, type Engine, type EngineEntry, type EngineProblem, type EngineSettings, type EngineSite } from './engine-site.js';
import { readHexo } from './hexo.js';
import { readHugo } from './hugo.js';
import { listOf, readJekyll } from './jekyll.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { copyInside, removeInside, UnsafePathError, writeInside } from './write-import.js';

/** How to import a site folder. */
export interface SiteImportOptions {
  /** Replace posts and static files that already exist. */
  force?: boolean;
  /** Import pages as dated posts; without it they become pages. */
  pagesAsPosts?: boolean;
}

/** Where to write: the quire site's folders, and its config (or where to write one). */
export interface SiteImportTarget {
  postsDir: string;
  pagesDir: string;
  staticDir: string;
  /** The site's config file; when undefined, one is written at `newConfigFile` from the old site's settings. */
  configFile: string | undefined;
  newConfigFile: string;
  config: Pick<SiteConfig, 'timeZone' | 'permalink' | 'baseUrl'> & Partial<Pick<SiteConfig, 'rawHtml'>>;
}

/** What an import of a site folder did, for the summary and for tests. */
export interface SiteImportReport {
  engine: Engine;
  title: string;
  settings: EngineSettings;
  /** The quire config written from the old settings, or undefined when the site's own was kept. */
  configWritten: string | undefined;
  /** Old settings left out of a written config because quire cannot use them, with why. */
  settingsDropped: string[];
  found: { posts: number; drafts: number; pages: number };
  written: string[];
  existing: string[];
  drafts: number;
  /** Pages found, whether they became posts, the page files written (relative to the pages folder), and those not imported with why. */
  pages: { found: number; asPosts: boolean; written: string[]; existing: string[]; drafts: number; skipped: Array<{ file: string; reason: string }> };
  /** Pages the old engine generates from templates (section lists, feeds, index.html): not content. */
  listPages: number;
  /** Files that could not be read as posts, and posts that could not be dated. */
  problems: EngineProblem[];
  converted: Record<string, number>;
  leftovers: Array<{ file: string; line: number; text: string }>;
  /** Links to markdown files that are no post or page of the old site either: kept as their text. */
  deadLinks: Array<{ file: string; line: number; link: string }>;
  /** Headings moved up so that none skips a level below the title. */
  headings: number;
  /** Posts and pages written with HTML of their own, which the old engine showed (and `rawHtml: true` keeps). */
  rawHtml: number;
  aliases: number;
  droppedAliases: Array<{ alias: string; post: string; reason: string }>;
  renamed: Array<{ slug: string; post: string }>;
  untitled: number;
  assets: number;
  staticFiles: { copied: number; existing: number };
  refused: string[];
}

/** The readers of each engine's site folder. */
const readers: Record<Engine, (dir: string) => EngineSite> = { jekyll: readJekyll, hugo: readHugo, hexo: readHexo };

/** A post or page to write, planned before any body is converted so links between them can be rewritten. */
interface Planned {
  kind: 'post' | 'page';
  entry: EngineEntry;
  title: string;
  /** Posts only: pages need no date. */
  date?: DateTime;
  updated?: DateTime;
  /** The last part of its URL. */
  slug: string;
  draft: boolean;
  /** `YYYY-MM-DD-slug` for a post, the path in the pages folder for a page (`about/team`). */
  name: string;
  /** Its path on the new site, without the base path (`2024/05/slug/`, `about/`). */
  sitePath: string;
  /** Written as `<name>/index.md` with the entry's files beside it. */
  bundle: boolean;
  aliases: string[];
  /** Its URL on the old site, from the site root, if the engine's rules give one. */
  oldUrl?: string | undefined;
}

/**
 * Reads a Jekyll, Hugo or Hexo site folder and writes it into the quire site: its posts and
 * pages (or its pages as posts, on request) with YAML front matter and their bundles' files, the
 * old engine's syntax converted, links between them by source path, every old URL that differs
 * from the new one as an alias, its static files, and a config from its settings when the site
 * has none. Never overwrites without `force`, never writes outside the posts, pages and static
 * folders (and the new config file).
 */
export function importSite(engine: Engine, siteDir: string, target: SiteImportTarget, options: SiteImportOptions = {}): SiteImportReport {
  const site = readers[engine](siteDir);
  const report: SiteImportReport = {
    engine, title: site.settings.title ?? '', settings: site.settings, configWritten: undefined, settingsDropped: [],
    found: { posts: 0, drafts: 0, pages: 0 }, written: [], existing: [], drafts: 0,
    pages: { found: 0, asPosts: options.pagesAsPosts ?? false, written: [], existing: [], drafts: 0, skipped: [] }, listPages: site.listPages, problems: [...site.problems],
    converted: {}, leftovers: [], deadLinks: [], headings: 0, rawHtml: 0, aliases: 0, droppedAliases: [], renamed: [], untitled: 0, assets: 0,
    staticFiles: { copied: 0, existing: 0 }, refused: [],
  };
  const config = { ...target.config };
  // Jekyll, Hugo (with goldmark's unsafe) and Hexo show the author's HTML; quire keeps it, sanitized, with rawHtml.
  report.rawHtml = site.entries.filter((e) => hasHtml(e.body)).length;
  if (target.configFile === undefined) {
    const written = newConfig(site.settings, report);
    if (report.rawHtml > 0) written.rawHtml = true;
    Object.assign(config, written);
    try {
      writeInside(path.dirname(target.newConfigFile), target.newConfigFile, `${stringify(written, { lineWidth: 0 })}`, false);
      report.configWritten = target.newConfigFile;
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      report.refused.push(error.file);
    }
  }
  const postsDir = path.resolve(target.postsDir);
  const base = basePathOf(config);

  for (const entry of site.entries) report.found[entry.kind === 'page' ? 'pages' : entry.kind === 'draft' ? 'drafts' : 'posts']++;
  report.pages.found = report.found.pages;
  const asPosts = options.pagesAsPosts ?? false;
  const postEntries = site.entries.filter((e) => e.kind !== 'page' || asPosts);
  const pageEntries = asPosts ? [] : site.entries.filter((e) => e.kind === 'page');

  const onDisk = new Map<string, string[]>();
  if (existsSync(postsDir)) {
    for (const post of readPosts(postsDir, config).posts) {
      const list = onDisk.get(post.slug) ?? [];
      list.push(post.source.replace(/\/index\.[a-z]+$/, '').replace(/\.[a-z]+$/, ''));
      onDisk.set(post.slug, list);
    }
  }

  // Plan every post and page before any body is converted, so links between them can be rewritten.
  const planned: Planned[] = [];
  const byKey = new Map<string, Planned>();
  const takenSlugs = new Set<string>();
  const takenAliases = new Set<string>();
  const addAliases = (plan: Planned, urls: Array<string | undefined>) => {
    for (const url of urls) {
      if (url === undefined) continue;
      const absolute = url.startsWith('/') ? url : `/${url}`;
      let decoded = absolute;
      try {
        decoded = decodeURI(absolute);
      } catch {
        // kept as written
      }
      // `x/index.html` is the page `x/`.
      const safe = safeSitePath(decoded)?.replace(/(^|\/)index\.html$/, '$1');
      if (safe === undefined) {
        report.droppedAliases.push({ alias: absolute, post: plan.name, reason: 'not a safe path on this site' });
        continue;
      }
      if (safe === plan.sitePath || plan.aliases.includes(`/${safe}`)) continue;
      if (safe === '' || /^(?:index\.html|404\.html|robots\.txt|sitemap\.xml|rss\.xml|atom\.xml|feed\.json|comments\.xml)$/.test(safe)) {
        report.droppedAliases.push({ alias: absolute, post: plan.name, reason: 'quire writes that page itself' });
        continue;
      }
      if (takenAliases.has(safe)) {
        report.droppedAliases.push({ alias: absolute, post: plan.name, reason: 'another imported post or page has the same old link' });
        continue;
      }
      takenAliases.add(safe);
      plan.aliases.push(`/${safe}`);
    }
  };
  const partsOf = (date: DateTime) => ({ year: date.toFormat('yyyy'), month: date.toFormat('MM'), day: date.toFormat('dd'), hour: date.toFormat('HH'), minute: date.toFormat('mm'), second: date.toFormat('ss') });
  const oldUrls = (entry: EngineEntry, date: DateTime, slug: string) => [site.oldUrl(entry, partsOf(date), slug), ...listOf(entry.data.aliases), ...listOf(entry.data.redirect_from)];
  const titleOf = (entry: EngineEntry, fallback: string) => {
    const title = cleanText(text(entry.data.title) ?? '').trim();
    if (title !== '') return title;
    report.untitled++;
    return fallback.replace(/[-_]+/g, ' ').trim() || 'Untitled';
  };
  const draftOf = (entry: EngineEntry) => entry.kind === 'draft' || entry.data.draft === true || entry.data.published === false;

  for (const entry of postEntries) {
    const date = entryDate(entry, ['date', 'publishDate', 'pubDate'], config.timeZone) ?? (entry.nameDate ? entryDateOf(entry.nameDate, config.timeZone) : undefined)
      ?? (entry.kind === 'page' ? fileTime(siteDir, entry, config.timeZone) : undefined);
    if (!date) {
      report.problems.push({ file: entry.file, reason: 'no date, or a date that cannot be read' });
      continue;
    }
    const title = titleOf(entry, entry.nameSlug);
    const wanted = slugify(text(entry.data.slug) ?? entry.nameSlug) || slugify(title) || 'post';
    const day = date.toFormat('yyyy-MM-dd');
    let slug = wanted;
    for (let n = 2; takenSlugs.has(slug) || (onDisk.get(slug) ?? []).some((name) => name !== `${day}-${slug}`); n++) slug = `${wanted}-${n}`;
    if (slug !== wanted) report.renamed.push({ slug: wanted, post: `${day}-${slug}` });
    takenSlugs.add(slug);
    const plan: Planned = {
      kind: 'post', entry, title, date, slug, name: `${day}-${slug}`, aliases: [], draft: draftOf(entry), bundle: entry.assets.length > 0,
      sitePath: postPath(config.permalink, { date: date.toISO() ?? '', slug }).replace(/^\/+/, ''),
    };
    const updated = entryDate(entry, ['updated', 'lastmod', 'modified', 'last_modified_at'], config.timeZone);
    if (updated && updated.toMillis() - date.toMillis() >= 1000) plan.updated = updated;
    addAliases(plan, oldUrls(entry, date, slug));
    plan.oldUrl = site.oldUrl(entry, partsOf(date), slug);
    planned.push(plan);
    for (const key of entry.keys) if (!byKey.has(key)) byKey.set(key, plan);
  }

  const pagePlans = planPages(pageEntries, report);
  for (const plan of pagePlans) {
    const { entry } = plan;
    const date = entryDate(entry, ['date', 'publishDate', 'pubDate'], config.timeZone) ?? (entry.nameDate ? entryDateOf(entry.nameDate, config.timeZone) : undefined)
      ?? fileTime(siteDir, entry, config.timeZone);
    plan.title = titleOf(entry, plan.name.split('/').at(-1) ?? plan.name);
    addAliases(plan, oldUrls(entry, date, plan.slug));
    plan.oldUrl = site.oldUrl(entry, partsOf(date), plan.slug);
    planned.push(plan);
    for (const key of entry.keys) if (!byKey.has(key)) byKey.set(key, plan);
  }

  // Aliases dropped because the same old path is the new URL of another post or page.
  const newPaths = new Set(planned.map((p) => base + p.sitePath));
  for (const plan of planned) {
    plan.aliases = plan.aliases.filter((alias) => {
      const clash = newPaths.has(base + alias.replace(/^\/+/, ''));
      if (clash) report.droppedAliases.push({ alias, post: plan.name, reason: 'another imported post or page lives at that address now' });
      return !clash;
    });
  }

  const pagesDir = path.resolve(target.pagesDir);
  const rootOf = (plan: Planned) => (plan.kind === 'page' ? pagesDir : postsDir);
  const fileOf = (plan: Planned) => path.join(rootOf(plan), plan.bundle ? path.join(plan.name, 'index.md') : `${plan.name}.md`);
  const byOldPath = new Map<string, Planned>();
  for (const plan of planned) {
    for (const old of [plan.oldUrl, ...plan.aliases]) {
      if (old === undefined) continue;
      for (const key of [old, old.toLowerCase()]) if (!byOldPath.has(key)) byOldPath.set(key, plan);
    }
  }
  const planAt = (oldPath: string) => byOldPath.get(oldPath) ?? byOldPath.get(oldPath.toLowerCase());
  for (const plan of planned) {
    const { entry } = plan;
    const root = rootOf(plan);
    const file = fileOf(plan);
    if (entry.repaired) report.converted['quoted front-matter lines indented'] = (report.converted['quoted front-matter lines indented'] ?? 0) + 1;
    // An HTML file's body is written as markdown first, as WordPress' is (blank lines and all), so
    // that what the engine's own syntax becomes is markdown that stays markdown.
    const asHtml = entry.html ? htmlToMarkdown(entry.body, { keepHtml: config.rawHtml === true }) : undefined;
    if (asHtml) {
      report.converted['HTML files written as markdown'] = (report.converted['HTML files written as markdown'] ?? 0) + 1;
      for (const [name, n] of Object.entries(asHtml.notes.removed)) report.converted[`<${name}> removed`] = (report.converted[`<${name}> removed`] ?? 0) + n;
    }
    const converted = site.convert(asHtml?.markdown ?? entry.body, {
      entry, config: site.config, siteDir,
      // By source path, relative to this file, as quire resolves links between posts and pages.
      postLink: (key) => {
        const found = byKey.get(key) ?? byKey.get(key.replace(/^\/+|\/+$/g, ''));
        return found ? path.relative(path.dirname(file), fileOf(found)).split(path.sep).join('/') : undefined;
      },
      postTitle: (key) => byKey.get(key)?.title,
    });
    for (const [name, n] of Object.entries(converted.converted)) report.converted[name] = (report.converted[name] ?? 0) + n;
    for (const left of converted.leftovers) report.leftovers.push({ file: entry.file, ...left });
    const relinked = relinkFiles(converted.markdown, entry, file, (key) => byKey.get(key), (found) => fileOf(found), new Set(planned.map(fileOf)));
    for (const dead of relinked.dead) report.deadLinks.push({ file: entry.file, ...dead });
    if (relinked.relinked > 0) report.converted['links to files'] = (report.converted['links to files'] ?? 0) + relinked.relinked;
    const rebased = relinkOldAddresses(relinked.markdown, plan, base, {
      siteUrl: site.settings.url?.replace(/\/*$/, '/'), planAt, linkTo: (found) => path.relative(path.dirname(file), fileOf(found)).split(path.sep).join('/'),
    });
    if (rebased.rebased > 0) report.converted['relative links given their old target'] = (report.converted['relative links given their old target'] ?? 0) + rebased.rebased;
    if (rebased.relinked > 0) report.converted['links to old addresses'] = (report.converted['links to old addresses'] ?? 0) + rebased.relinked;
    const levelled = closeHeadingGaps(rebased.markdown);
    report.headings += levelled.moved;
    let markdown = levelled.markdown.replace(/<!--\s*more\s*-->/g, '<!-- more -->');
    const separator = text(site.config.excerpt_separator);
    if (separator && separator !== '\n\n') markdown = markdown.replaceAll(separator, '<!-- more -->');

    const front = plan.kind === 'page' ? pageFront(plan) : postFront(plan, site.engine);
    if (plan.aliases.length > 0) front.aliases = plan.aliases;
    report.aliases += plan.aliases.length;
    const body = markdown.trim() === '' ? '' : `${markdown.replace(/^\n+/, '').replace(/\s+$/, '')}\n`;
    const textOut = `---\n${stringify(front, { lineWidth: 0 })}---\n${body}`;

    const list = plan.kind === 'page' ? report.pages : report;
    const flat = path.join(root, `${plan.name}.md`);
    const inFolder = path.join(root, plan.name, 'index.md');
    if ((existsSync(flat) || existsSync(inFolder)) && !options.force) {
      list.existing.push(path.relative(root, existsSync(flat) ? flat : inFolder).split(path.sep).join('/'));
      continue;
    }
    try {
      if (plan.bundle && existsSync(flat)) removeInside(root, flat);
      if (!plan.bundle && existsSync(inFolder)) removeInside(root, inFolder);
      writeInside(root, file, textOut, options.force ?? false);
      if (plan.bundle) {
        for (const asset of entry.assets) {
          copyInside(root, asset.from, path.join(root, plan.name, asset.name), options.force ?? false);
          report.assets++;
        }
      }
      list.written.push(path.relative(root, file).split(path.sep).join('/'));
      if (plan.draft) list.drafts++;
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      report.refused.push(error.file);
    }
  }

  const staticDir = path.resolve(target.staticDir);
  for (const file of site.staticFiles) {
    const to = path.join(staticDir, file.to);
    try {
      if (existsSync(to) && !options.force) {
        report.staticFiles.existing++;
        continue;
      }
      copyInside(staticDir, file.from, to, options.force ?? false);
      report.staticFiles.copied++;
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      report.refused.push(error.file);
    }
  }
  return report;
}

/** The quire settings the old site's give, checked as quire's config loader checks them. */
function newConfig(settings: EngineSettings, report: SiteImportReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (settings.title) out.title = settings.title;
  if (settings.description) out.description = settings.description;
  if (settings.author) out.author = { name: settings.author };
  if (settings.url) {
    try {
      const url = new URL(settings.url);
      if (url.protocol === 'https:' || url.protocol === 'http:') out.baseUrl = url.href.endsWith('/') ? url.href : `${url.href}/`;
      else report.settingsDropped.push(`url ${settings.url}: not an http(s) address`);
    } catch {
      report.settingsDropped.push(`url ${settings.url}: not an address`);
    }
  }
  if (settings.timeZone) {
    if (IANAZone.isValidZone(settings.timeZone)) out.timeZone = settings.timeZone;
    else report.settingsDropped.push(`time zone ${settings.timeZone}: not an IANA zone name`);
  }
  if (settings.postsPerPage !== undefined) {
    if (Number.isInteger(settings.postsPerPage) && settings.postsPerPage > 0) out.postsPerPage = settings.postsPerPage;
    else report.settingsDropped.push(`pagination ${settings.postsPerPage}: not a positive whole number`);
  }
  if (settings.quirePermalink) out.permalink = settings.quirePermalink;
  else report.settingsDropped.push(`permalink ${settings.permalink}: quire's tokens cannot express it, so posts keep quire's default and each old URL becomes an alias`);
  return out;
}

function entryDate(entry: EngineEntry, keys: string[], timeZone: string): DateTime | undefined {
  for (const key of keys) {
    const value = text(entry.data[key]);
    if (value !== undefined) return entryDateOf(value, timeZone);
  }
  return undefined;
}

/** A front-matter date as quire reads it; Hexo's `2013/7/13 20:46:25` is read too. */
function entryDateOf(value: string, timeZone: string): DateTime | undefined {
  const slashed = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(.*)$/.exec(value.trim());
  const written = slashed ? `${slashed[1]}-${slashed[2]?.padStart(2, '0')}-${slashed[3]?.padStart(2, '0')}${slashed[4]}` : value;
  const parsed = parsePostDate(written, timeZone);
  return 'problem' in parsed ? undefined : DateTime.fromMillis(parsed.time, { zone: timeZone });
}

const iso = (date: DateTime): string => date.toISO({ suppressMilliseconds: true }) ?? date.toString();

function fileTime(siteDir: string, entry: EngineEntry, timeZone: string): DateTime {
  return DateTime.fromJSDate(statSync(path.join(siteDir, entry.file)).mtime, { zone: timeZone });
}

/** A page the old engine keeps at one of these top-level names is its listing of what quire lists there itself. */
const quireListings = /^(?:archive|tags|categories|authors|page|search)$/;
/** Other top-level names quire's own pages use (four digits are a year of the archive). */
const quireOwn = /^(?:comments|\d{4})$/;

/**
 * Each page's place in the pages folder: its path in the old content folder (`about.md` →
 * `about`, `docs/index.md` → `docs`), so the hierarchy stays as folders, with a front-matter
 * `slug` renaming the last part as the engines do. The home page and pages at the names of
 * quire's own listings are skipped, with why; names are unique.
 */
function planPages(entries: readonly EngineEntry[], report: SiteImportReport): Planned[] {
  const plans: Planned[] = [];
  const taken = new Set<string>();
  for (const entry of entries) {
    const segments = (entry.pagePath ?? '').split('/').filter((s) => s !== '').map((s) => slugify(s) || s);
    // A date in front of the file name is not part of the URL, for quire as for the engines.
    if (segments.length > 0) segments[segments.length - 1] = (segments.at(-1) as string).replace(/^\d{4}-\d{2}-\d{2}-(?=.)/, '');
    const own = text(entry.data.slug);
    if (own && segments.length > 0) segments[segments.length - 1] = slugify(own) || (segments.at(-1) as string);
    const top = segments[0];
    if (top === undefined) {
      report.pages.skipped.push({ file: entry.file, reason: 'the home page: quire writes its own' });
      continue;
    }
    if (segments.length === 1 && quireListings.test(top)) {
      report.pages.skipped.push({ file: entry.file, reason: `quire writes its own /${top}/` });
      continue;
    }
    if (quireOwn.test(top)) segments[0] = `${top}-page`;
    const wanted = segments.join('/');
    let name = wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}-${n}`;
    if (name !== wanted) report.renamed.push({ slug: wanted, post: `pages/${name}` });
    taken.add(name);
    plans.push({
      kind: 'page', entry, title: '', slug: name.split('/').at(-1) ?? name, draft: entry.kind === 'draft' || entry.data.draft === true || entry.data.published === false,
      name, sitePath: name === '404' ? '404.html' : `${name}/`, bundle: entry.assets.length > 0, aliases: [],
    });
  }
  // A page with pages under it is a file beside their folder, so it cannot be a bundle.
  for (const plan of plans) {
    if (!plan.bundle || !plans.some((other) => other.name.startsWith(`${plan.name}/`))) continue;
    plan.bundle = false;
    report.problems.push({ file: plan.entry.file, reason: `${plan.entry.assets.length} files beside it not copied: a page with sub-pages cannot be a bundle` });
  }
  return plans;
}

/** A post's front matter: what quire reads of the old fields. */
function postFront(plan: Planned, engine: Engine): Record<string, unknown> {
  const { entry } = plan;
  const front: Record<string, unknown> = { title: plan.title };
  if (plan.date) front.date = iso(plan.date);
  if (plan.updated) front.updated = iso(plan.updated);
  front.slug = plan.slug;
  const categories = [...entry.pathCategories.filter(() => engine === 'jekyll'), ...listOf(entry.data.categories ?? entry.data.category)]
    .map((c) => cleanText(c).trim()).filter((c, i, all) => c !== '' && all.indexOf(c) === i);
  const tags = listOf(entry.data.tags ?? entry.data.tag).map((t) => cleanText(t).trim())
    .filter((t, i, all) => t !== '' && all.indexOf(t) === i);
  if (tags.length > 0) front.tags = tags;
  if (categories.length > 0) front.categories = categories;
  const description = descriptionOf(entry);
  if (description) front.description = description;
  const author = text(entry.data.author) ?? (Array.isArray(entry.data.authors) ? text(entry.data.authors[0]) : undefined)
    ?? (isRecord(entry.data.author) ? text(entry.data.author.name) : undefined);
  if (author) front.author = author;
  const image = text(entry.data.image);
  if (image) front.image = image;
  if (plan.draft) front.draft = true;
  if (entry.data.comments === false) front.comments = false;
  return front;
}

/** A page's front matter: title, description, its place in the menu (`weight`, Jekyll themes' `nav_order`), draft. */
function pageFront(plan: Planned): Record<string, unknown> {
  const { entry } = plan;
  const front: Record<string, unknown> = { title: plan.title };
  const description = descriptionOf(entry);
  if (description) front.description = description;
  const weight = [entry.data.weight, entry.data.nav_order, entry.data.order].find((w) => typeof w === 'number' && Number.isFinite(w));
  if (weight !== undefined) front.weight = weight;
  if (plan.draft) front.draft = true;
  return front;
}

function descriptionOf(entry: EngineEntry): string | undefined {
  const description = text(entry.data.description) ?? text(entry.data.summary) ?? text(entry.data.excerpt);
  return description ? cleanText(description) : undefined;
}

const fileLink = /(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\((<?)([^()\s<>]+\.(?:md|markdown|mdown|mkd))(#[^()\s<>]*)?(>?)(\s+"[^"\n]*")?\)/g;

/**
 * Links written to markdown files (`[Team](docs/pages/team.md)`), outside code: one that names a
 * new post or page is kept; one that names an old file (from the old file's folder, or with the
 * leading folders of a repository path dropped) points at its new file; one that names nothing,
 * a dead link on the old site too, is kept as its text and listed, so the build does not stop.
 */
function relinkFiles(markdown: string, entry: EngineEntry, file: string, planOf: (key: string) => Planned | undefined,
  fileOf: (plan: Planned) => string, newFiles: ReadonlySet<string>): { markdown: string; relinked: number; dead: Array<{ line: number; link: string }> } {
  const dead: Array<{ line: number; link: string }> = [];
  let relinked = 0;
  const out = mapOutsideFences(markdown, (line, i) =>
    // Code spans are left alone: only the parts between pairs of backticks are looked at.
    replaceOutsideCode(line, fileLink, (whole, bang = '', label = '', lt = '', target = '', hash = '', gt = '', title = '') => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) return whole;
      let decoded = target;
      try {
        decoded = decodeURIComponent(target);
      } catch {
        // kept as written
      }
      const here = path.resolve(path.dirname(file), decoded);
      const bundled = here.replace(/\.[a-z]+$/, `${path.sep}index.md`);
      if (newFiles.has(here) || newFiles.has(bundled)) return whole;
      const oldFolder = path.posix.dirname(entry.file);
      const candidates = [path.posix.normalize(path.posix.join(oldFolder, decoded)), decoded];
      for (let parts = decoded.split('/'); parts.length > 1; parts = parts.slice(1)) candidates.push(parts.slice(1).join('/'));
      const found = candidates.map((key) => planOf(key)).find((plan) => plan !== undefined);
      if (found) {
        relinked++;
        return `${bang}[${label}](${lt}${path.relative(path.dirname(file), fileOf(found)).split(path.sep).join('/')}${hash}${gt}${title})`;
      }
      dead.push({ line: entry.bodyLine + i, link: target });
      return label;
    }));
  return { markdown: out, relinked, dead };
}

/**
 * `line` with `pattern`'s matches replaced, except those that start inside a code span: a link
 * whose text holds code (`` [`layout`](/docs/x) ``) is still a link.
 */
function replaceOutsideCode(line: string, pattern: RegExp, replace: (whole: string, ...groups: string[]) => string): string {
  const spans = [...line.matchAll(/(`+)[^`]*?\1(?!`)/g)].map((m) => [m.index, m.index + m[0].length] as const);
  return line.replace(pattern, (whole: string, ...rest: unknown[]) => {
    const at = rest.at(-2) as number;
    if (spans.some(([from, to]) => at >= from && at < to)) return whole;
    return replace(whole, ...(rest.slice(0, -2) as string[]));
  });
}

/** A link reference definition: `[label]: target "title"`. */
const definition = /^( {0,3}\[(?:[^\[\]\n]|\\.)+\]:[ \t]*)(<?)([^\s<>]+)(>?(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*)$/;
const anyLink = /(!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\()(<?)([^()\s<>]+)(>?(?:\s+"[^"\n]*")?\))/g;

/** Where links to the old site's addresses go now. */
interface OldAddresses {
  /** The old site's URL (`https://hexo.io/`), whose own absolute links are read as paths. */
  siteUrl: string | undefined;
  /** The post or page at an old path (`/docs/variables.html`), by path and by path in lower case. */
  planAt: (oldPath: string) => Planned | undefined;
  /** A link from this file to that post's or page's source. */
  linkTo: (plan: Planned) => string;
}

/**
 * Links to the old site's addresses. One to a post's or page's old URL (`/docs/variables.html#Site-Variables`)
 * becomes a link to its source file, so it goes to the new page itself (a redirect page drops the
 * `#` part) and the build checks it. Any other relative link or image (`[plan](draft-plan.txt)`) is
 * resolved where the old page was, and written from the site root (under `base`): a page at
 * `/patterns/twill.html` that moves to `/patterns/twill/` would otherwise send it one folder too
 * deep. A bundle's own files, copied beside the page, stay relative.
 */
function relinkOldAddresses(markdown: string, plan: Planned, base: string, old: OldAddresses): { markdown: string; rebased: number; relinked: number } {
  const origin = 'http://old.invalid';
  const here = origin + (plan.oldUrl ?? `/${plan.sitePath}`);
  const own = new Set(plan.entry.assets.map((a) => a.name));
  let rebased = 0;
  let relinked = 0;
  const relink = (whole: string, open = '', lt = '', written = '', close = ''): string => {
    const target = old.siteUrl && written.startsWith(old.siteUrl) ? `/${written.slice(old.siteUrl.length)}` : written;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || /^[#?]/.test(target) || /\.(?:md|markdown|mdown|mkd)(?:#|$)/.test(target)) return whole;
    if (own.has(target.replace(/^\.\//, '').replace(/[?#].*$/, ''))) return whole;
    let before: URL;
    try {
      before = new URL(target, here);
    } catch {
      return whole;
    }
    let pathname = before.pathname;
    try {
      pathname = decodeURIComponent(pathname);
    } catch {
      // kept as written
    }
    if (before.origin !== origin) return whole;
    const found = [pathname, `${pathname}.html`, `${pathname}/`, pathname.replace(/index\.html$/, '')].map(old.planAt).find((p) => p !== undefined);
    if (found) {
      relinked++;
      return `${open}${lt}${old.linkTo(found)}${before.search}${before.hash}${close}`;
    }
    if (target.startsWith('/') || plan.oldUrl === undefined) return whole;
    const after = new URL(target, `${origin}${base}${plan.sitePath}`);
    if (before.pathname === after.pathname) return whole;
    rebased++;
    return `${open}${lt}${base}${before.pathname.slice(1)}${before.search}${before.hash}${close}`;
  };
  const out = mapOutsideFences(markdown, (line) => replaceOutsideCode(replaceOutsideCode(line, anyLink, relink), definition, relink));
  return { markdown: out, rebased, relinked };
}

/**
 * Headings outside code moved up so that none skips a level below the page's title (its h1):
 * `### Notes` straight after the title becomes `## Notes`, as a WordPress import does; the
 * author's HTML headings (`<h5>ProTip</h5>`) are counted in and moved the same way.
 */
function closeHeadingGaps(markdown: string): { markdown: string; moved: number } {
  let previous = 1;
  let moved = 0;
  // Open HTML headings, as written and as moved, so each closing tag follows its opening one.
  const open: Array<{ from: string; to: number }> = [];
  const out = mapOutsideFences(markdown, (line) => {
    const heading = /^( {0,3})(#{1,6})([ \t]|$)/.exec(line);
    if (heading?.[2]) {
      const depth = Math.min(heading[2].length, previous + 1);
      previous = depth;
      if (depth === heading[2].length) return line;
      moved++;
      return `${heading[1]}${'#'.repeat(depth)}${line.slice((heading[1] ?? '').length + heading[2].length)}`;
    }
    return replaceOutsideCode(line, /<(\/?)h([1-6])(?=[\s>])/gi, (tag, closing = '', level = '') => {
      if (closing) {
        const at = open.findLastIndex((o) => o.from === level);
        if (at === -1) return tag;
        const [closed] = open.splice(at, 1);
        return `</h${closed?.to ?? level}`;
      }
      const depth = Math.min(Number(level), previous + 1);
      previous = depth;
      open.push({ from: level, to: depth });
      if (depth === Number(level)) return tag;
      moved++;
      return `<h${depth}`;
    });
  });
  return { markdown: out, moved };
}

/** Whether markdown holds an HTML tag of its own outside code (`<img …>`, `<div>`, `</p>`), not just an autolink. */
function hasHtml(markdown: string): boolean {
  let found = false;
  // A template tag's arguments are not the page's HTML (`{% post_link x '<b>title</b>' %}`).
  mapOutsideFences(markdown.replace(/\{%[^\n]*?%\}|\{\{[<%][^\n]*?[>%]\}\}/g, ''), (line) => {
    if (!found && /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/.test(line.replace(/`[^`]*`/g, '').replace(/<[a-z][a-z0-9+.-]*:[^<>\s]*>/gi, ''))) found = true;
    return line;
  });
  return found;
}
