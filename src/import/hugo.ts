import { existsSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from '../content/list-files.js';
import {
  count, fenced, isRecord, linkText, markdownFile, nameParts, pagePathOf, parseArgs, readConfigFile, readEntryFile, SetAside, text,
  type ConvertContext, type Converted, type EngineSite,
} from './engine-site.js';
import { listOf } from './jekyll.js';

const configNames = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Hugo's config: a file at the root, or `config/_default/` with one file per top-level key. */
function readHugoConfig(dir: string): Record<string, unknown> {
  for (const name of configNames) {
    const found = readConfigFile(path.join(dir, name));
    if (found) return lowerKeys(found);
  }
  const folder = path.join(dir, 'config', '_default');
  let config: Record<string, unknown> = {};
  for (const name of configNames) {
    const found = readConfigFile(path.join(folder, name));
    if (found) {
      config = found;
      break;
    }
  }
  for (const key of ['params', 'permalinks', 'languages']) {
    for (const ext of ['toml', 'yaml', 'yml', 'json']) {
      const found = readConfigFile(path.join(folder, `${key}.${ext}`));
      if (found) config[key] = found;
    }
  }
  const lowered = lowerKeys(config);
  const language = text(lowered.defaultcontentlanguage) ?? 'en';
  for (const ext of ['toml', 'yaml', 'yml', 'json']) {
    const found = readConfigFile(path.join(folder, `languages.${language}.${ext}`));
    if (found) lowered.languages = { ...(isRecord(lowered.languages) ? lowered.languages : {}), [language.toLowerCase()]: lowerKeys(found) };
  }
  return lowered;
}

/** Hugo's config keys are case-insensitive (`baseURL`, `baseurl`, `BaseURL`): read in lower case, at every depth. */
function lowerKeys(record: Record<string, unknown>): Record<string, unknown> {
  const lower = (value: unknown): unknown => (Array.isArray(value) ? value.map(lower) : isRecord(value) ? lowerKeys(value) : value);
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), lower(value)]));
}

/** Hugo's `urlize`: lower case, spaces to hyphens, without the punctuation URLs do not want. */
function urlize(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, '-').replace(/[^\p{L}\p{N}\-_./]/gu, '').replace(/-{2,}/g, '-');
}

/**
 * Reads a Hugo site folder: its config, the content of the posts sections (`mainSections`, else
 * post, posts, blog, news or articles, else the largest section) as posts, page bundles with
 * their resources, the other sections and top-level files as pages, and `static/`.
 */
export function readHugo(dir: string): EngineSite {
  const config = readHugoConfig(dir);
  const params = isRecord(config.params) ? config.params : {};
  const language = text(config.defaultcontentlanguage) ?? 'en';
  const languages = isRecord(config.languages) ? config.languages : {};
  // The language's key is read in lower case, as every key of Hugo's config (`zh-CN` → `zh-cn`).
  const own = isRecord(languages[language.toLowerCase()]) ? (languages[language.toLowerCase()] as Record<string, unknown>) : {};
  const contentDir = text(own.contentdir) ?? text(config.contentdir) ?? 'content';
  const permalinks = isRecord(config.permalinks) ? config.permalinks : {};
  const pagePermalinks = isRecord(permalinks.page) ? permalinks.page : permalinks;
  const author = isRecord(config.author) ? text(config.author.name) : text(config.author) ?? text(params.author);
  const pagination = isRecord(config.pagination) ? config.pagination.pagersize : config.paginate;
  const baseURL = text(config.baseurl);
  const lower = config.disablepathtolower !== true;
  // `uglyURLs`: every page as `name.html` instead of `name/`, for the whole site or per section.
  const ugly = (section: string) => (isRecord(config.uglyurls) ? config.uglyurls[section.toLowerCase()] === true : config.uglyurls === true);
  // Hugo takes a date off the front of a file name only when told to date posts by `:filename`.
  const frontmatter = isRecord(config.frontmatter) ? config.frontmatter : {};
  const datedNames = listOf(frontmatter.date).includes(':filename');

  const root = path.join(dir, contentDir);
  const files = existsSync(root) ? listFiles(root) : [];
  const bundles = new Set(files.filter((f) => /(?:^|\/)index\.(?:md|markdown|html)$/.test(f)).map((f) => path.posix.dirname(f)));
  const sections = new Map<string, number>();
  for (const file of files) if (file.includes('/') && markdownFile.test(file)) sections.set(file.split('/')[0] as string, (sections.get(file.split('/')[0] as string) ?? 0) + 1);
  const named = Array.isArray(params.mainsections) ? params.mainsections.map(String) : Array.isArray(config.mainsections) ? config.mainsections.map(String) : [];
  let postSections = named.filter((s) => sections.has(s));
  if (postSections.length === 0) postSections = ['post', 'posts', 'blog', 'news', 'articles'].filter((s) => sections.has(s));
  if (postSections.length === 0 && sections.size > 0) postSections = [[...sections].sort((a, b) => b[1] - a[1])[0]?.[0] as string];
  const mainPattern = text(pagePermalinks[(postSections[0] ?? '').toLowerCase()]);

  const site: EngineSite = {
    engine: 'hugo',
    settings: {
      title: text(config.title) ?? text(own.title), description: text(params.description) ?? text(config.description), author,
      url: baseURL, timeZone: text(config.timezone),
      postsPerPage: typeof pagination === 'number' ? pagination : undefined,
      permalink: mainPattern ?? `/${postSections[0] ?? 'posts'}/:slug/`,
      quirePermalink: quireEquivalent(mainPattern ?? `/${postSections[0] ?? 'posts'}/:slug/`),
    },
    config, entries: [], listPages: 0, problems: [], staticFiles: [],
    oldUrl: (entry, date) => {
      const own = text(entry.data.url);
      if (own) return own.startsWith('/') ? own : `/${own}`;
      const section = entry.pathCategories[0] ?? '';
      const title = text(entry.data.title) ?? '';
      const slug = text(entry.data.slug);
      const pattern = text(pagePermalinks[section.toLowerCase()]);
      const folder = path.posix.dirname(entry.file.slice(contentDir.length + 1));
      // A section's own page is the section's URL.
      if (/(?:^|\/)_index\.[^./]+$/.test(entry.file)) return lower ? `/${folder}/`.toLowerCase() : `/${folder}/`;
      const base = /\/index\.[^./]+$/.test(entry.file) ? path.posix.basename(folder) : path.posix.basename(entry.file).replace(/\.[^.]+$/, '');
      const fileName = datedNames ? entry.nameSlug : base;
      let out: string;
      if (pattern) {
        out = pattern
          .replaceAll(':year', date.year).replaceAll(':monthname', monthNames[Number(date.month) - 1] ?? '').replaceAll(':month', date.month)
          .replaceAll(':day', date.day).replaceAll(':sections', folder.split('/').slice(0, bundles.has(folder) ? -1 : undefined).join('/'))
          .replaceAll(':section', section).replaceAll(':slugorfilename', slug ?? fileName).replaceAll(':slugorcontentbasename', slug ?? fileName)
          .replaceAll(':slug', slug ?? urlize(title)).replaceAll(':title', urlize(title))
          .replaceAll(':filename', fileName).replaceAll(':contentbasename', fileName);
      } else {
        const parent = bundles.has(folder) ? path.posix.dirname(folder) : folder;
        out = `/${parent === '.' ? '' : `${parent}/`}${slug ?? fileName}/`;
      }
      out = out.replace(/\/{2,}/g, '/');
      if (ugly(section) && out.length > 1 && out.endsWith('/')) out = `${out.slice(0, -1)}.html`;
      return lower ? out.toLowerCase() : out;
    },
    convert: (body, context) => convertHugo(body, context),
  };

  for (const file of files) {
    const absolute = path.join(root, file);
    const shown = `${contentDir}/${file}`;
    const folder = path.posix.dirname(file);
    const bundleOf = [...ancestors(folder)].find((f) => bundles.has(f));
    const isIndex = /(?:^|\/)index\.(?:md|markdown|html)$/.test(file) && bundles.has(folder);
    if (bundleOf !== undefined && !isIndex) continue; // a bundle's resources, copied with it
    const html = file.endsWith('.html');
    if (!markdownFile.test(file) && !html) {
      // Hugo publishes a content file that belongs to no bundle at its own path (`documents/report.pdf`).
      site.staticFiles.push({ from: absolute, to: file });
      continue;
    }
    const section = file.includes('/') ? (file.split('/')[0] as string) : '';
    const isPost = postSections.includes(section);
    // A section's own page: the home page's and the posts' are lists quire writes itself; another
    // section's (`docs/_index.md`) is a page at the section's URL when it says something.
    const listPage = /(?:^|\/)_index\.[a-z]+$/.test(file);
    if (listPage && (folder === '.' || isPost)) {
      site.listPages++;
      continue;
    }
    const read = readEntryFile(absolute, false);
    if (listPage && ('problem' in read || read.body.trim() === '')) {
      site.listPages++;
      continue;
    }
    if ('problem' in read) {
      site.problems.push({ file: shown, line: read.line, reason: read.problem });
      continue;
    }
    const assets = isIndex
      ? files.filter((f) => f.startsWith(`${folder}/`) && f !== file).map((f) => ({ from: path.join(root, f), name: f.slice(folder.length + 1) }))
      : [];
    const parts = nameParts(file);
    const noExt = file.replace(/\.[^.]+$/, '');
    const data = hugoFields(read.data);
    site.entries.push({
      kind: isPost ? (data.draft === true ? 'draft' : 'post') : 'page', file: shown, ...read, data, ...parts, assets, ...(html ? { html } : {}),
      pathCategories: section ? [section] : [], ...(isPost ? {} : { pagePath: listPage ? folder : pagePathOf(file) }),
      // As `ref` may name it: from the content folder or from its section, with or without the extension.
      keys: [file, noExt, ...(isIndex ? [folder] : []), ...(section ? [file, noExt, ...(isIndex ? [folder] : [])].map((k) => k.slice(section.length + 1)) : []),
        isIndex ? path.posix.basename(folder) : path.posix.basename(noExt)],
    });
  }
  const staticDir = path.join(dir, 'static');
  for (const file of existsSync(staticDir) ? listFiles(staticDir) : []) site.staticFiles.push({ from: path.join(staticDir, file), to: file });
  return site;
}

/** The front matter fields Hugo defines, by their names in lower case: Hugo reads them in any case (`Title`, `Date`). */
const predefined = new Map(['title', 'date', 'publishDate', 'expiryDate', 'lastmod', 'draft', 'slug', 'url', 'tags', 'categories', 'aliases',
  'description', 'summary', 'weight', 'author', 'authors', 'images', 'keywords', 'type', 'layout'].map((name) => [name.toLowerCase(), name]));

/** `data` with Hugo's own fields under the names the importer reads; other fields as written (templates may use them). */
function hugoFields(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const name = predefined.get(key.toLowerCase()) ?? key;
    if (!(name in out) || name === key) out[name] = value;
  }
  return out;
}

function* ancestors(folder: string): Generator<string> {
  for (let f = folder; f !== '.' && f !== ''; f = path.posix.dirname(f)) yield f;
}

function quireEquivalent(pattern: string): string | undefined {
  if (!/^\/?(?::year|:month|:day|:slug|:filename|:slugorfilename|[a-z0-9-]+|\/)*\/$/.test(pattern)) return undefined;
  const out = `/${pattern.replace(/^\/+/, '')}`.replace(/:slugorfilename|:filename/g, ':slug');
  return out.includes(':slug') ? out : undefined;
}

/** A shortcode call: `{{< name args >}}` or `{{% name args %}}`, or a closing `{{< /name >}}`. */
const shortcode = /\{\{([<%])\s*(\/?)([\w.-]+)((?:(?![<%]\}\}|[>%]\}\})[\s\S])*?)\s*[>%]\}\}/g;

/** Converts Hugo's built-in shortcodes to markdown; any other shortcode stays as text and is listed. */
function convertHugo(body: string, context: ConvertContext): Converted {
  const converted: Record<string, number> = {};
  const aside = new SetAside();
  // `{{</* name */>}}` is Hugo's way to show a shortcode as text.
  let out = body.replace(/\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}/g, (m, open: string, inner: string, close: string) => aside.keep(`{{${open}${inner}${close}}}`, m));
  out = aside.fences(out);
  out = out.replace(/\{\{[<%]\s*highlight\s+([\s\S]*?)\s*[>%]\}\}([\s\S]*?)\{\{[<%]\s*\/highlight\s*[>%]\}\}/g, (m, args: string, inner: string) => {
    count(converted, 'highlight');
    return aside.keep(fenced(aside.restore(inner), parseArgs(args).positional[0] ?? ''), m);
  });
  out = aside.inlineCode(out);
  out = out.replace(shortcode, (m, _kind: string, closing: string, name: string, args: string) => {
    if (closing) return m;
    const result = builtIn(name, parseArgs(args.trim()), context);
    if (result === undefined) return m;
    count(converted, name);
    return aside.keep(result, m);
  });
  const leftovers: Converted['leftovers'] = [];
  out.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(shortcode)) leftovers.push({ line: context.entry.bodyLine + i, text: m[0].length > 60 ? `${m[0].slice(0, 57)}…` : m[0] });
  });
  out = out.replace(/<!--\s*more\s*-->/g, '<!-- more -->');
  return { markdown: aside.restore(out), converted, leftovers };
}

function builtIn(name: string, args: { positional: string[]; named: Record<string, string> }, context: ConvertContext): string | undefined {
  const { positional: p, named: n } = args;
  const link = (label: string, url: string) => `[${linkText(label)}](${url})`;
  switch (name) {
    case 'figure': {
      const src = n.src;
      if (!src) return undefined;
      const image = `![${linkText(n.alt ?? n.title ?? n.caption ?? '')}](${src}${n.title ? ` "${n.title.replace(/"/g, '\\"')}"` : ''})`;
      const linked = n.link ? `[${image}](${n.link})` : image;
      const caption = [n.title && n.caption ? `**${n.title}**` : '', n.caption ?? ''].filter((s) => s !== '').join(' ');
      // A caption with emphasis of its own is shown as written, not wrapped in more.
      return caption ? `${linked}\n${/[*_]/.test(caption) ? caption : `*${caption}*`}` : linked;
    }
    case 'youtube': {
      const id = n.id ?? p[0];
      return id ? link(n.title ?? 'Video on YouTube', `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`) : undefined;
    }
    case 'vimeo':
    case 'vimeo_simple': {
      const id = n.id ?? p[0];
      return id ? link(n.title ?? 'Video on Vimeo', `https://vimeo.com/${encodeURIComponent(id)}`) : undefined;
    }
    case 'gist': {
      const [user, id] = [n.user ?? p[0], n.id ?? p[1]];
      return user && id ? link(`Gist ${user}/${id}`, `https://gist.github.com/${encodeURIComponent(user)}/${encodeURIComponent(id)}`) : undefined;
    }
    case 'x':
    case 'tweet':
    case 'twitter':
    case 'twitter_simple':
    case 'x_simple': {
      const user = n.user ?? (p.length > 1 ? p[0] : undefined);
      const id = n.id ?? p[p.length - 1];
      if (!id || !/^\d+$/.test(id)) return undefined;
      return link(user ? `Post by @${user}` : 'Post on X', `https://x.com/${user ? encodeURIComponent(user) : 'i'}/status/${id}`);
    }
    case 'instagram':
    case 'instagram_simple': {
      const id = n.id ?? p[0];
      return id ? link('Post on Instagram', `https://www.instagram.com/p/${encodeURIComponent(id)}/`) : undefined;
    }
    case 'ref':
    case 'relref': {
      const target = n.path ?? p[0];
      if (!target) return undefined;
      const [file, anchor] = target.split('#');
      const post = context.postLink((file ?? '').replace(/^\.\//, ''));
      if (post) return post + (anchor ? `#${anchor}` : '');
      return file === '' && anchor ? `#${anchor}` : undefined;
    }
    default:
      return undefined;
  }
}
