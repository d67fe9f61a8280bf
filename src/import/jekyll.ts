import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from '../content/list-files.js';
import {
  count, fenced, isRecord, mapOutsideFences, markdownFile, nameParts, pagePathOf, parseArgs, readConfigFile, readEntryFile, text, withBase,
  type ConvertContext, type EngineEntry, type EngineSite,
} from './engine-site.js';
import { convertTags } from './liquid-tags.js';

/** Jekyll's named permalink styles. */
const styles: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** Files Jekyll itself never publishes (besides `_*` and `.*`), as its default `exclude` lists them. */
const defaultExclude = ['Gemfile', 'Gemfile.lock', 'node_modules', 'vendor', '.sass-cache', '.jekyll-cache', 'gemfiles', 'package.json', 'package-lock.json', 'yarn.lock', 'README.md', 'readme.md', 'LICENSE', 'CNAME'];

/**
 * Reads a Jekyll site folder: `_config.yml`, posts in every `_posts` folder (the folders above
 * one are the posts' categories, as in Jekyll), `_drafts`, markdown pages, and the files Jekyll
 * copies as they are (no front matter, not `_`-named), which become static files.
 */
export function readJekyll(dir: string): EngineSite {
  const config = readConfigFile(path.join(dir, '_config.yml')) ?? readConfigFile(path.join(dir, '_config.yaml')) ?? {};
  const collections = isRecord(config.collections) ? config.collections : {};
  const postsCollection = isRecord(collections.posts) ? collections.posts : {};
  const permalinkSetting = text(postsCollection.permalink) ?? text(config.permalink) ?? 'date';
  const permalink = styles[permalinkSetting] ?? permalinkSetting;
  const author = isRecord(config.author) ? text(config.author.name) : text(config.author);
  const url = text(config.url);
  const baseurl = text(config.baseurl) ?? '';
  const site: EngineSite = {
    engine: 'jekyll',
    settings: {
      title: text(config.title) ?? text(config.name), description: text(config.description), author, timeZone: text(config.timezone),
      url: url ? `${url.replace(/\/+$/, '')}${baseurl.replace(/\/+$/, '')}/` : undefined,
      postsPerPage: typeof config.paginate === 'number' ? config.paginate : undefined,
      permalink: permalinkSetting,
      quirePermalink: quireEquivalent(permalink),
    },
    config, entries: [], listPages: 0, problems: [], staticFiles: [],
    oldUrl: (entry, date, slug) => {
      if (typeof entry.data.permalink === 'string') return entry.data.permalink;
      const collection = entry.kind === 'page' ? collectionOf(entry.file) : undefined;
      if (collection) {
        // A collection's documents: `/:collection/:path:output_ext` unless the collection names its own pattern.
        const inside = entry.file.slice(collection.folder.length + 1).replace(/\.[^./]+$/, '');
        return collection.permalink
          .replaceAll(':collection', collection.name).replaceAll(':path', inside).replaceAll(':name', path.posix.basename(inside))
          .replaceAll(':title', text(entry.data.slug) ?? path.posix.basename(inside)).replaceAll(':output_ext', '.html')
          .replace(/\/{2,}/g, '/');
      }
      if (entry.kind === 'page') {
        // Jekyll's page URLs: `/:path/:basename:output_ext`, or `/:path/:basename/` when posts' permalinks end in a slash.
        const place = pagePathOf(entry.file);
        const folderPage = /(?:^|\/)index\.[^./]+$/.test(entry.file);
        return folderPage || place === '' ? `/${place === '' ? '' : `${place}/`}` : permalink.endsWith('/') ? `/${place}/` : `/${place}.html`;
      }
      if (entry.kind !== 'post') return undefined;
      const categories = [...entry.pathCategories, ...listOf(entry.data.categories ?? entry.data.category)]
        .map((c) => c.toLowerCase()).filter((c, i, all) => all.indexOf(c) === i);
      const title = text(entry.data.slug) ?? entry.nameSlug;
      const yDay = String(dayOfYear(date)).padStart(3, '0');
      return permalink
        .replaceAll(':categories', categories.map((c) => encodeURIComponent(c).replace(/%20/g, '-')).join('/'))
        .replaceAll(':year', date.year).replaceAll(':short_year', date.year.slice(2))
        .replaceAll(':i_month', String(Number(date.month))).replaceAll(':month', date.month)
        .replaceAll(':i_day', String(Number(date.day))).replaceAll(':day', date.day)
        .replaceAll(':y_day', yDay).replaceAll(':hour', date.hour).replaceAll(':minute', date.minute).replaceAll(':second', date.second)
        .replaceAll(':title', title).replaceAll(':slug', slug).replaceAll(':output_ext', '.html')
        .replace(/\/{2,}/g, '/');
    },
    convert: (body, context) => convertJekyll(body, context, baseurl, url ?? ''),
  };
  // Collections Jekyll writes out (`output: true`), besides posts: their documents are pages.
  const collectionsDir = (text(config.collections_dir) ?? '').replace(/^\/+|\/+$/g, '');
  const outputCollections = Object.entries(collections).filter(([name, settings]) => name !== 'posts' && isRecord(settings) && settings.output === true)
    .map(([name, settings]) => ({
      name, folder: `${collectionsDir ? `${collectionsDir}/` : ''}_${name}`,
      permalink: (isRecord(settings) ? styles[text(settings.permalink) ?? ''] ?? text(settings.permalink) : undefined) ?? '/:collection/:path:output_ext',
    }));
  const collectionOf = (file: string) => outputCollections.find((c) => file.startsWith(`${c.folder}/`));
  const exclude = [...defaultExclude, ...listOf(config.exclude)];
  const include = listOf(config.include);
  for (const file of listFiles(dir)) {
    const segments = file.split('/');
    if (exclude.some((e) => file === e || file.startsWith(`${e.replace(/\/+$/, '')}/`))) continue;
    const postsAt = segments.indexOf('_posts');
    const absolute = path.join(dir, file);
    if (postsAt !== -1 || segments[0] === '_drafts') {
      if (!markdownFile.test(file) && !file.endsWith('.html')) {
        if (/\.(?:textile|liquid)$/.test(file)) site.problems.push({ file, reason: 'Textile is not converted; rewrite it in markdown' });
        continue;
      }
      const read = readEntryFile(absolute, false);
      if ('problem' in read) {
        site.problems.push({ file, line: read.line, reason: read.problem });
        continue;
      }
      const parts = nameParts(file);
      const draft = segments[0] === '_drafts';
      const entry: EngineEntry = {
        kind: draft ? 'draft' : 'post', file, ...read, ...parts, assets: [], pathCategories: draft ? [] : segments.slice(0, Math.max(0, postsAt)), ...(file.endsWith('.html') ? { html: true } : {}),
        keys: [path.posix.basename(file).replace(/\.[^.]+$/, ''), file, segments.slice(postsAt).join('/')],
      };
      // Jekyll dates a draft by its file's change time.
      if (draft && entry.data.date === undefined) entry.data.date = statSync(absolute).mtime.toISOString();
      site.entries.push(entry);
      continue;
    }
    const collection = collectionOf(file);
    if (collection && markdownFile.test(file)) {
      const read = readEntryFile(absolute, false);
      if ('problem' in read) {
        site.problems.push({ file, line: read.line, reason: read.problem });
        continue;
      }
      // Kept under the collection's name, as its URLs are: `_docs/history.md` is the page `docs/history`.
      const inside = pagePathOf(file.slice(collection.folder.length + 1));
      site.entries.push({ kind: 'page', file, ...read, ...nameParts(file), assets: [], keys: [file], pathCategories: [], pagePath: inside === '' ? collection.name : `${collection.name}/${inside}` });
      continue;
    }
    const hidden = segments.some((s) => (s.startsWith('_') || s.startsWith('.')) && !include.includes(s));
    if (hidden) continue;
    if (markdownFile.test(file)) {
      const read = readEntryFile(absolute, false);
      if ('problem' in read) {
        // Jekyll copies a markdown file without front matter as it is.
        if (read.problem === 'no front matter') site.staticFiles.push({ from: absolute, to: file });
        else site.problems.push({ file, line: read.line, reason: read.problem });
        continue;
      }
      const parts = nameParts(file);
      site.entries.push({ kind: 'page', file, ...read, ...parts, assets: [], keys: [file], pathCategories: [], pagePath: pagePathOf(file) });
    } else if (startsWithFrontMatter(absolute)) {
      site.listPages++;
    } else {
      site.staticFiles.push({ from: absolute, to: file });
    }
  }
  return site;
}

/** A Jekyll pattern quire can follow exactly: only dates and the title, ending in a folder. */
function quireEquivalent(pattern: string): string | undefined {
  if (!/^\/?(?::year|:month|:day|:title|[a-z0-9-]+|\/)*\/$/.test(pattern) || !pattern.includes(':title')) return undefined;
  return `/${pattern.replace(/^\/+/, '').replaceAll(':title', ':slug')}`;
}

function dayOfYear(date: { year: string; month: string; day: string }): number {
  const start = Date.UTC(Number(date.year), 0, 1);
  return Math.round((Date.UTC(Number(date.year), Number(date.month) - 1, Number(date.day)) - start) / 86_400_000) + 1;
}

/** A Jekyll list: a YAML list, or a string of words. */
export function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  if (typeof value === 'string') return value.split(/\s+/).filter((s) => s !== '');
  return [];
}

/** Whether a file's first line opens front matter (Jekyll then renders it through templates). */
function startsWithFrontMatter(file: string): boolean {
  try {
    return /^(?:\uFEFF)?---[ \t]*\r?\n/.test(readFileSync(file).subarray(0, 8).toString('utf8'));
  } catch {
    return false;
  }
}

/** Converts Jekyll's Liquid in a body: code highlighting, links between posts, site values, simple includes. */
function convertJekyll(body: string, context: ConvertContext, baseurl: string, url: string): ReturnType<EngineSite['convert']> {
  const { entry, siteDir, config } = context;
  const siteValue = (name: string): string | undefined => {
    if (name === 'baseurl') return baseurl.replace(/\/+$/, '');
    if (name === 'url') return url.replace(/\/+$/, '');
    const value = config[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const pageValue = (name: string): string | undefined => {
    const value = entry.data[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const converted = convertTags(body, entry.bodyLine, {
    blocks: {
      highlight: (args, inner) => fenced(inner, args.split(/\s+/)[0] ?? ''),
    },
    tags: {
      post_url: (args) => context.postLink(args.trim()),
      link: (args) => {
        const target = args.trim().replace(/^\{\{\s*|\s*\}\}$/g, '');
        const post = context.postLink(target);
        if (post) return post;
        if (!existsSync(path.join(siteDir, target))) return undefined;
        return withBase(baseurl || '/', target.replace(/(?:^|\/)index\.(?:md|markdown|html)$/, '/').replace(/\.(?:md|markdown)$/, '.html'));
      },
      include: (args) => {
        const { positional, named } = parseArgs(args);
        const name = positional[0];
        // Only a plain file, without parameters or Liquid of its own, has one meaning here.
        if (!name || Object.keys(named).length > 0 || positional.length > 1 || name.includes('{')) return undefined;
        const file = path.join(siteDir, '_includes', name);
        if (!file.startsWith(path.join(siteDir, '_includes') + path.sep) || !existsSync(file)) return undefined;
        const included = readFileSync(file, 'utf8');
        return /\{[{%]/.test(included) ? undefined : included.trim();
      },
    },
    output: (expression) => {
      const filter = /^(?:"([^"]*)"|'([^']*)'|([\w.]+))\s*\|\s*(relative_url|absolute_url)\s*$/.exec(expression);
      if (filter) {
        const value = filter[1] ?? filter[2] ?? (filter[3] ? variable(filter[3]) : undefined);
        if (value === undefined) return undefined;
        const relative = withBase(baseurl || '/', value);
        return filter[4] === 'absolute_url' ? `${url.replace(/\/+$/, '')}${relative}` : relative;
      }
      const plain = /^([\w.]+)$/.exec(expression);
      return plain?.[1] ? variable(plain[1]) : undefined;
    },
  });
  converted.markdown = dropAttributeLists(converted.markdown, converted.converted);
  return converted;
  function variable(name: string): string | undefined {
    if (name.startsWith('site.')) return siteValue(name.slice(5));
    if (name.startsWith('page.')) return pageValue(name.slice(5));
    return undefined;
  }
}

/**
 * kramdown's block attribute lists (`{: #id}`, `{:.note}` on a line of their own), which
 * CommonMark would show as text: removed outside fenced code, each line left empty so the lines
 * after keep their numbers. An id under a heading goes on the heading as quire reads it
 * (`## 1.0 {#v1-0}`), so links to it keep working; classes have no markdown equivalent.
 */
function dropAttributeLists(markdown: string, converted: Record<string, number>): string {
  let previous = '';
  const marked = mapOutsideFences(markdown, (line) => {
    const after = previous;
    previous = line;
    const list = /^\s{0,3}\{:([^{}\n]*)\}\s*$/.exec(line);
    if (!list) return line;
    count(converted, 'kramdown attribute lists');
    const id = /(?:^|\s)#([A-Za-z][\w.:-]*)/.exec(list[1] ?? '')?.[1];
    return id && /^ {0,3}#{1,6}[ \t]/.test(after) ? `\u0000${id}` : '';
  });
  // A closing `##` sequence goes before the id is added.
  return marked.replace(/(?:[ \t]+#+)?[ \t]*\n\u0000([^\n]*)/g, ' {#$1}\n');
}
