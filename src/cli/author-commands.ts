import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { Document, parseDocument } from 'yaml';
import { loadConfig } from '../config/load-config.js';
import { readPosts } from '../content/read-posts.js';
import { slugify } from '../content/slug.js';
import { displayPath } from '../diagnostics/display-path.js';
import { UsageError } from '../diagnostics/diagnostic.js';

/** Options shared by the authoring commands. */
export interface AuthorOptions {
  root?: string;
  config?: string;
  src?: string;
  /** The clock, injectable for tests. */
  now?: number;
}

function siteOf(options: AuthorOptions) {
  const root = path.resolve(options.root ?? '.');
  const { config } = loadConfig(root, options.config);
  return { root, config, postsDir: path.resolve(root, options.src ?? config.dirs.posts), pagesDir: path.resolve(root, config.dirs.pages) };
}

/** `quire new page "About"`: writes `pages/<slug>.md` (`/about/` on the site) and returns its path. Never overwrites a file. */
export function newPage(title: string, options: AuthorOptions & { draft?: boolean }): string {
  const { pagesDir } = siteOf(options);
  const slug = slugify(title);
  if (slug === '') throw new UsageError(`The title "${title}" has no letters or digits to make a file name from.`);
  const file = path.join(pagesDir, `${slug}.md`);
  if (existsSync(file)) throw new UsageError(`${displayPath(file)} already exists; choose another title or edit that page.`);
  const doc = new Document({});
  doc.set('title', title);
  if (options.draft) doc.set('draft', true);
  mkdirSync(pagesDir, { recursive: true });
  writeFileSync(file, `---\n${doc.toString()}---\n\nWrite your page here.\n`, { flag: 'wx' });
  return file;
}

/**
 * `quire new "Title"`: writes `posts/<date>-<slug>.md` with front matter filled in (the date
 * carries the site's time zone offset) and returns its path. Never overwrites a file.
 */
export function newPost(title: string, options: AuthorOptions & { tags?: string[]; draft?: boolean }): string {
  const { config, postsDir } = siteOf(options);
  const slug = slugify(title);
  if (slug === '') throw new UsageError(`The title "${title}" has no letters or digits to make a file name from.`);
  const now = DateTime.fromMillis(options.now ?? Date.now(), { zone: config.timeZone });
  const file = path.join(postsDir, `${now.toISODate()}-${slug}.md`);
  if (existsSync(file)) throw new UsageError(`${displayPath(file)} already exists; choose another title or edit that post.`);
  const doc = new Document({});
  doc.set('title', title);
  doc.set('date', now.toISO({ suppressMilliseconds: true }));
  if (options.tags && options.tags.length > 0) doc.set('tags', doc.createNode(options.tags, { flow: true }));
  if (options.draft) doc.set('draft', true);
  mkdirSync(postsDir, { recursive: true });
  writeFileSync(file, `---\n${doc.toString()}---\n\nWrite your post here.\n`, { flag: 'wx' });
  return file;
}

/** One row of `quire list`. */
export interface ListedPost {
  date: string;
  title: string;
  path: string;
}

/** `quire list drafts|future|posts`: the matching posts, newest first; `pages`: every page by path (drafts marked). */
export function listPosts(kind: 'drafts' | 'future' | 'posts' | 'pages', options: AuthorOptions): ListedPost[] {
  const { config, postsDir, pagesDir } = siteOf(options);
  const now = options.now ?? Date.now();
  if (kind === 'pages') {
    return readPosts(pagesDir, config, undefined, { kind: 'page' }).posts
      .map((p) => ({ date: p.draft ? 'draft' : p.date.slice(0, 10), title: p.title, path: p.file }));
  }
  const { posts } = readPosts(postsDir, config);
  return posts
    .filter((p) => (kind === 'drafts' ? p.draft : kind === 'future' ? !p.draft && p.time > now : !p.draft && p.time <= now))
    .sort((a, b) => b.time - a.time)
    .map((p) => ({ date: p.date.slice(0, 16).replace('T', ' '), title: p.title, path: p.file }));
}

/** Formats rows as an aligned table with a header. */
export function formatTable(rows: ListedPost[]): string {
  const header = { date: 'DATE', title: 'TITLE', path: 'PATH' };
  const all = [header, ...rows];
  const width = (key: keyof ListedPost) => Math.max(...all.map((r) => [...r[key]].length));
  const [d, t] = [width('date'), width('title')];
  return all.map((r) => `${r.date.padEnd(d)}  ${r.title.padEnd(t + (r.title.length - [...r.title].length))}  ${r.path}`).join('\n');
}

/**
 * `quire publish <draft>`: removes `draft: true` and dates the post now, keeping the rest of its
 * front matter (comments, order, quoting) as written.
 */
export function publishDraft(file: string, options: AuthorOptions): string {
  const { config } = siteOf(options);
  const full = path.resolve(options.root ?? '.', file);
  if (!existsSync(full)) throw new UsageError(`${file} does not exist.`);
  const text = readFileSync(full, 'utf8');
  const match = /^---[^\n]*\n([\s\S]*?\n)?---[^\n]*(\n|$)/.exec(text);
  if (!match) throw new UsageError(`${file} has no front matter to update.`);
  const doc = parseDocument(match[1] ?? '');
  if (doc.errors.length > 0) throw new UsageError(`${file} has a front-matter error; run quire build to see it.`);
  if (doc.get('draft') !== true) throw new UsageError(`${file} is not a draft (it has no "draft: true").`);
  doc.delete('draft');
  doc.set('date', DateTime.fromMillis(options.now ?? Date.now(), { zone: config.timeZone }).toISO({ suppressMilliseconds: true }));
  writeFileSync(full, `---\n${doc.toString()}---${match[2]}${text.slice(match[0].length)}`);
  return full;
}
