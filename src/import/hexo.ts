import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { listFiles } from '../content/list-files.js';
import { ownIdPattern, templateIds } from '../markdown/remark-heading-ids.js';
import {
  fenced, linkText, mapOutsideFences, markdownFile, nameParts, pagePathOf, parseArgs, quoted, readConfigFile, readEntryFile, text,
  type ConvertContext, type Converted, type EngineEntry, type EngineSite,
} from './engine-site.js';
import { listOf } from './jekyll.js';
import { convertTags } from './liquid-tags.js';

/**
 * Reads a Hexo site folder: `_config.yml`, posts in `source/_posts` (with their asset folders
 * when `post_asset_folder` is on), drafts in `source/_drafts`, pages (`source/about/index.md`),
 * and the other files of `source/` that are not `_`-named, which become static files.
 */
export function readHexo(dir: string): EngineSite {
  const config = readConfigFile(path.join(dir, '_config.yml')) ?? readConfigFile(path.join(dir, '_config.yaml')) ?? {};
  const sourceDir = text(config.source_dir) ?? 'source';
  const root = path.join(dir, sourceDir);
  const permalink = text(config.permalink) ?? ':year/:month/:day/:title/';
  const newPostName = text(config.new_post_name) ?? ':title.md';
  const assetFolders = config.post_asset_folder === true;
  const defaultCategory = text(config.default_category) ?? 'uncategorized';
  const url = text(config.url);
  const rootPath = text(config.root) ?? '/';
  const perPage = config.per_page;

  const site: EngineSite = {
    engine: 'hexo',
    settings: {
      title: text(config.title), description: text(config.description) ?? text(config.subtitle), author: text(config.author),
      url: url ? `${url.replace(/\/+$/, '')}${rootPath.replace(/\/+$/, '')}/` : undefined, timeZone: text(config.timezone),
      // per_page: 0 turns pagination off: every post on one page.
      postsPerPage: typeof perPage === 'number' ? (perPage === 0 ? 1000 : perPage) : undefined,
      permalink, quirePermalink: quireEquivalent(permalink, newPostName),
    },
    config, entries: [], listPages: 0, problems: [], staticFiles: [],
    oldUrl: (entry, date, slug) => {
      const own = text(entry.data.permalink);
      if (own) return own.startsWith('/') ? own : `/${own}`;
      if (entry.kind === 'page') {
        const rel = entry.file.slice(sourceDir.length + 1);
        return `/${rel.replace(/(?:^|\/)index\.[a-z]+$/, '/').replace(/\.[a-z]+$/, '.html')}`.replace(/^\/\//, '/');
      }
      if (entry.kind !== 'post') return undefined;
      const categories = listOf(entry.data.categories ?? entry.data.category).map((c) => c.replace(/\s+/g, '-'));
      const name = path.posix.basename(entry.file).replace(/\.[^.]+$/, '');
      const out = `/${permalink.replace(/^\/+/, '')}`
        .replaceAll(':year', date.year).replaceAll(':i_month', String(Number(date.month))).replaceAll(':month', date.month)
        .replaceAll(':i_day', String(Number(date.day))).replaceAll(':day', date.day)
        .replaceAll(':hour', date.hour).replaceAll(':minute', date.minute).replaceAll(':second', date.second)
        .replaceAll(':category', categories.length > 0 ? categories.join('/') : defaultCategory)
        .replaceAll(':post_title', slug).replaceAll(':title', hexoTitle(entry)).replaceAll(':name', name)
        .replace(/\/{2,}/g, '/');
      return out;
    },
    convert: (body, context) => convertHexo(body, context),
  };
  /** Hexo's `:title`: the path under `_posts` without extension, and without the date `new_post_name` put in front. */
  function hexoTitle(entry: EngineEntry): string {
    const own = text(entry.data.slug);
    if (own) return own;
    const rel = entry.file.slice(`${sourceDir}/_posts/`.length).replace(/\.[^.]+$/, '');
    return newPostName.startsWith(':year-:month-:day-') ? rel.replace(/(^|\/)\d{4}-\d{2}-\d{2}-/, '$1') : rel;
  }

  const files = existsSync(root) ? listFiles(root) : [];
  const postFiles = new Set(files.filter((f) => /^_(?:posts|drafts)\//.test(f) && markdownFile.test(f)));
  const assetDirs = new Set(assetFolders ? [...postFiles].map((f) => f.replace(/\.[^.]+$/, '')) : []);
  for (const file of files) {
    const absolute = path.join(root, file);
    const shown = `${sourceDir}/${file}`;
    const owner = [...assetDirs].find((d) => file.startsWith(`${d}/`));
    if (owner !== undefined) continue; // copied with its post
    const segments = file.split('/');
    if (postFiles.has(file)) {
      // Hexo's front matter may have no opening line.
      const read = readEntryFile(absolute, true);
      if ('problem' in read) {
        site.problems.push({ file: shown, line: read.line, reason: read.problem });
        continue;
      }
      const draft = segments[0] === '_drafts';
      const folder = file.replace(/\.[^.]+$/, '');
      const assets = assetFolders ? files.filter((f) => f.startsWith(`${folder}/`)).map((f) => ({ from: path.join(root, f), name: f.slice(folder.length + 1) })) : [];
      const parts = nameParts(file);
      // Hexo dates a post without a date by the date in its file name, else by the file's time.
      if (read.data.date === undefined && !parts.nameDate) read.data.date = statSync(absolute).mtime.toISOString();
      const slug = path.posix.basename(folder);
      site.entries.push({
        kind: draft || read.data.published === false ? 'draft' : 'post', file: shown, ...read, ...parts, assets, pathCategories: [],
        keys: [slug, slug.replace(/^\d{4}-\d{2}-\d{2}-/, ''), folder.slice(segments[0]?.length ?? 0).replace(/^\//, '')],
      });
      continue;
    }
    if (segments.some((s) => s.startsWith('_') || s.startsWith('.'))) continue;
    if (markdownFile.test(file)) {
      const read = readEntryFile(absolute, true);
      if ('problem' in read) {
        site.problems.push({ file: shown, line: read.line, reason: read.problem });
        continue;
      }
      site.entries.push({ kind: 'page', file: shown, ...read, ...nameParts(file), assets: [], keys: [file], pathCategories: [], pagePath: pagePathOf(file) });
    } else site.staticFiles.push({ from: absolute, to: file });
  }
  return site;
}

function quireEquivalent(pattern: string, newPostName: string): string | undefined {
  const clean = `/${pattern.replace(/^\/+/, '')}`;
  if (!/^(?::year|:month|:day|:title|[a-z0-9-]+|\/)*\/$/.test(clean) || !clean.includes(':title')) return undefined;
  // quire's slug is the file name without its date, which is Hexo's :title only when new_post_name puts the date there.
  if (!newPostName.startsWith(':year-:month-:day-') && newPostName !== ':title.md') return undefined;
  return clean.replaceAll(':title', ':slug');
}

/** Hexo's `{% codeblock [title] [lang:language] [url] [link text] %}`: a fenced block, its title as a caption above. */
function codeblock(args: string, inner: string): string {
  const lang = /(?:^|\s)lang:(\S+)/.exec(args)?.[1] ?? '';
  const title = args.replace(/(?:^|\s)lang:\S+/, '').replace(/\s*(?:https?:\/\/\S+).*$/, '').trim();
  return `${title ? `*${title}*\n\n` : ''}${fenced(inner, lang)}`;
}

/** Converts Hexo's built-in tag plugins in a body. */
function convertHexo(body: string, context: ConvertContext): Converted {
  const image = (args: string, assetOnly: boolean): string | undefined => {
    const { positional } = parseArgs(args);
    const words = positional.filter((w) => !/^\d+(?:px|%)?$/.test(w));
    const at = words.findIndex((w) => (assetOnly ? /\.\w+$/.test(w) : /^(?:https?:\/\/|\/|\.)/.test(w) || /\.\w+$/.test(w)));
    const src = words[at];
    if (src === undefined) return undefined;
    const [title, alt] = words.slice(at + 1);
    return `![${linkText(alt ?? title ?? '')}](${encodeURI(src)}${title ? ` "${title.replace(/"/g, '\\"')}"` : ''})`;
  };
  const converted = convertTags(body, context.entry.bodyLine, {
    blocks: {
      // `code` is Hexo's other name for codeblock.
      code: (args, inner) => codeblock(args, inner),
      codeblock: (args, inner) => codeblock(args, inner),
      blockquote: (args, inner) => {
        const { positional } = parseArgs(args);
        const link = positional.find((p) => /^https?:\/\//.test(p));
        const by = positional.filter((p) => p !== link).join(' ');
        return quoted(inner, [by, link ? `<${link}>` : ''].filter((s) => s !== '').join(', ') || undefined);
      },
      note: (args, inner) => {
        const { positional } = parseArgs(args);
        const title = positional.filter((p) => p !== 'no-icon').slice(1).join(' ');
        return quoted(`${title ? `**${title}**\n\n` : ''}${inner.trim()}`);
      },
      pullquote: (_args, inner) => quoted(inner),
    },
    tags: {
      asset_img: (args) => image(args, true),
      img: (args) => image(args, false),
      asset_path: (args) => parseArgs(args).positional[0],
      asset_link: (args) => {
        const [slug, ...title] = parseArgs(args).positional;
        return slug ? `[${linkText(title.join(' ') || slug)}](${encodeURI(slug)})` : undefined;
      },
      youtube: (args) => {
        const id = parseArgs(args).positional[0];
        return id ? `[Video on YouTube](https://www.youtube.com/watch?v=${encodeURIComponent(id)})` : undefined;
      },
      iframe: (args) => {
        const src = parseArgs(args).positional[0];
        return src && /^https?:\/\//.test(src) ? `[${linkText(src)}](${src})` : undefined;
      },
      link: (args) => {
        const words = parseArgs(args).positional;
        const at = words.findIndex((w) => /^(?:https?:\/\/|\/)/.test(w));
        return at > 0 ? `[${linkText(words.slice(0, at).join(' '))}](${words[at]})` : undefined;
      },
      post_link: (args) => {
        const [slug, ...title] = parseArgs(args).positional;
        const target = slug ? context.postLink(slug) : undefined;
        if (!target || !slug) return undefined;
        // A last `false` asks for the title unescaped: HTML of the author's, kept (sanitized) with rawHtml.
        const html = title.at(-1) === 'false';
        return `[${linkText(title.filter((t) => t !== 'true' && t !== 'false').join(' ') || context.postTitle(slug) || slug, html)}](${target})`;
      },
      post_path: (args) => {
        const slug = parseArgs(args).positional[0];
        return slug ? context.postLink(slug) : undefined;
      },
    },
  });
  const kept = keepHeadingIds(converted.markdown);
  if (kept.kept > 0) converted.converted['heading ids kept'] = (converted.converted['heading ids kept'] ?? 0) + kept.kept;
  return { ...converted, markdown: kept.markdown };
}

/**
 * hexo-util's `slugize` of the heading's HTML, as hexo-renderer-marked makes heading ids: case
 * kept, punctuation runs to one `-`, and the entities marked writes kept (`A & B` → `A-amp-B`).
 */
function hexoSlug(text: string): string {
  // hexo-util takes accents off first (`Café` → `Cafe`).
  const html = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return html.replace(/[\u0000-\u001f]/g, '').replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'<>,.?/]+/g, '-').replace(/^-+|-+$/g, '');
}

/** A heading's text as a reader sees it: without links' targets, images, HTML tags and emphasis. */
function headingText(markdown: string): string {
  return markdown.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '').replace(/\\(.)/g, '$1').trim();
}

/**
 * Hexo gave each heading an id of its text with the case kept (`## Site Variables` →
 * `#Site-Variables`), quire gives `#site-variables`: where they differ, the old id is written
 * after the heading (`{#Site-Variables}`), so links to it, from the site or from elsewhere, still
 * arrive. Repeats are numbered as Hexo numbers them.
 */
function keepHeadingIds(markdown: string): { markdown: string; kept: number } {
  const hexoSeen = new Map<string, number>();
  const slugger = new GithubSlugger();
  for (const id of templateIds) slugger.slug(id);
  let kept = 0;
  const out = mapOutsideFences(markdown, (line) => {
    const heading = /^( {0,3}#{1,6}[ \t]+)(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!heading?.[2] || /\{#[^}]*\}\s*$/.test(heading[2])) return line;
    const text = headingText(heading[2]);
    let id = hexoSlug(text);
    const seen = hexoSeen.get(id);
    hexoSeen.set(id, (seen ?? 0) + 1);
    if (seen !== undefined) id = `${id}-${seen}`;
    const ours = slugger.slug(text);
    if (id === ours || !ownIdPattern.test(id)) return line;
    kept++;
    return `${heading[1]}${heading[2]} {#${id}}`;
  });
  return { markdown: out, kept };
}
