import type { SiteConfig } from '../config/site-config.js';
import { describe, isRecord } from '../config/values.js';
import { codeFrame } from '../diagnostics/code-frame.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diagnostic, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { parseFileName } from './file-name.js';
import { frontMatterProblem, splitFrontMatter } from './front-matter.js';
import { checkMarkdownLimits } from './nesting.js';
import type { Post, PostPositions } from './post.js';
import { parsePostDate } from './post-date.js';
import { slugify } from './slug.js';

/** Front-matter fields quire reads itself; any other field is kept in `post.extra`. */
const knownFields = new Set([
  'title', 'date', 'updated', 'tags', 'description', 'slug', 'draft', 'comments', 'aliases',
  'categories', 'category', 'author', 'image', 'excerpt',
  // Other engines' spellings (Jekyll, Hugo, Hexo), read as the fields above.
  'published', 'publishDate', 'pubDate', 'lastmod', 'modified', 'last_modified_at', 'expiryDate',
  'permalink', 'summary', 'authors', 'tag', 'layout', 'weight', 'menu',
]);

/** Fields kept in `post.extra` for templates without an "unknown field" warning: other engines write them. */
export const templateFields = ['categories', 'category', 'author', 'authors', 'image', 'excerpt', 'summary', 'expiryDate', 'permalink'];

/**
 * Code points that have no place in a title, description or tag: C0 and C1 controls other than
 * tab and line breaks, noncharacters and lone surrogates. HTML forbids them and XML cannot hold
 * them even escaped, so they are removed as the text is read (YAML's "\x01" escapes can produce them).
 */
const controlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as it may appear in a page or feed: without the code points above. */
export function cleanText(text: string): string {
  return text.replace(controlChars, '');
}

/**
 * Most file names are slugs already (`ask-and-ye-shall-receive`), which `slugify` returns as they
 * are, only slowly (it transliterates). Names of four letters or fewer still go through it: a
 * Windows device name (`con`) gets a suffix.
 */
const plainSlug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
function slugOfName(name: string): string {
  return name.length > 4 && plainSlug.test(name) ? name : slugify(name);
}

/**
 * Whether a body holds anything but white space and HTML comments, i.e. whether removing every
 * `<!-- … -->` (leftmost first, each to its first `-->`) and trimming leaves any text. Scans
 * instead of removing: bodies are most of a blog's bytes.
 */
function hasText(body: string): boolean {
  let i = 0;
  for (;;) {
    while (i < body.length && /\s/.test(body[i] as string)) i++;
    if (i === body.length) return false;
    if (!body.startsWith('<!--', i)) return true;
    const end = body.indexOf('-->', i + 4);
    if (end === -1) return true;
    i = end + 3;
  }
}

/** What reading one post produced: the post (absent when it has errors) and its diagnostics. */
export interface ReadPostResult {
  post?: Post;
  diagnostics: Diagnostic[];
}

/**
 * Reads and validates one post from its decoded text. Pure: the caller does the I/O.
 *
 * @param source Path relative to the source folder (`/`-separated).
 * @param file Path to show in messages.
 */
export function readPost(
  text: string,
  source: string,
  file: string,
  config: Pick<SiteConfig, 'timeZone'>,
  assets: string[] = [],
  kind: Post['kind'] = 'post',
): ReadPostResult {
  const what = kind === 'page' ? 'page' : 'post';
  const diagnostics: Diagnostic[] = [];
  const split = splitFrontMatter(text, { openerless: true });
  const report = (severity: Severity, code: DiagnosticCode, key: string | undefined, message: string, hint?: string) => {
    const pos = key === undefined ? undefined : split.locate(key);
    const d = diagnostic(severity, code, { file, line: pos?.line, column: pos?.column }, message, hint);
    if (pos) d.frame = codeFrame(text, pos.line, pos.column);
    diagnostics.push(d);
  };

  if (split.problem) {
    const { line, column } = split.problem;
    const { code, message, hint } = frontMatterProblem(split.problem);
    const d = diagnostic('error', code, { file, line, column }, message, hint);
    d.frame = codeFrame(text, line, column);
    return { diagnostics: [d] };
  }
  // A stray README.md or notes file is not a post: it is named and skipped, and the build goes on.
  if (split.format === 'none') {
    return { diagnostics: [diagnostic('warning', 'NotAPost', { file, line: 1, column: 1 },
      'This file has no front matter, so it is not read as a post; it is skipped.',
      'To publish it, start it with front matter (a "---" line, title: and date:, a "---" line); otherwise move it out of the posts folder.')] };
  }
  if (!isRecord(split.data)) {
    report('error', 'FrontMatterNotMapping', '', `Front matter must be a list of "key: value" fields, not ${describe(split.data)}.`,
      'Write one field per line between the two "---" lines, e.g. title: My post');
    return { diagnostics };
  }
  const data = split.data;
  const fromName = parseFileName(source);

  // title: required; a bare number or date in YAML (`title: 2024`) is still meant as text.
  let title = '';
  if (typeof data.title === 'string') title = cleanText(data.title).trim();
  else if (typeof data.title === 'number' || typeof data.title === 'boolean') title = String(data.title);
  else if (data.title !== undefined && data.title !== null) {
    report('error', 'InvalidField', 'title', `"title" must be text, not ${describe(data.title)}.`, 'Quote it: title: "My title"');
  }
  // Blank, or only white space and control characters: no title either.
  if (title === '' && (data.title === undefined || data.title === null || typeof data.title === 'string')) {
    report('error', 'MissingTitle', data.title === undefined ? '' : 'title', `This ${what} has no title.`, `Add a line such as title: "My ${what}" to its front matter.`);
  }

  const readDate = (key: string): { iso: string; time: number } | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      report('error', 'InvalidDate', key, `"${key}" must be a date such as 2024-03-02 or 2024-03-02T09:30:00+01:00, not ${describe(value)}.`);
      return undefined;
    }
    const parsed = parsePostDate(value, config.timeZone);
    if ('problem' in parsed) {
      report('error', 'InvalidDate', key, parsed.problem, 'Write YYYY-MM-DD, optionally with a time and offset: 2024-03-02T09:30:00+01:00');
      return undefined;
    }
    return parsed;
  };
  // Hugo may give only publishDate (or pubDate); Jekyll and Hexo write date.
  const dateKey = data.date === undefined ? ['publishDate', 'pubDate'].find((key) => data[key] !== undefined) ?? 'date' : 'date';
  let date = readDate(dateKey);
  if (!date && data[dateKey] === undefined && fromName.date) {
    const parsed = parsePostDate(fromName.date, config.timeZone);
    if ('problem' in parsed) report('error', 'InvalidDate', undefined, `The file name's date: ${parsed.problem}`);
    else date = parsed;
  }
  // A page needs no date: it stands outside the stream.
  if (kind === 'post' && !date && (data[dateKey] === undefined || data[dateKey] === null) && !fromName.date) {
    report('error', 'MissingDate', data[dateKey] === undefined ? '' : dateKey, 'This post has no date.',
      'Add date: YYYY-MM-DD to its front matter, or start its file name with the date (2024-03-02-my-post.md).');
  }
  // Hexo writes updated, Hugo lastmod, Jekyll plugins modified or last_modified_at.
  const updated = readDate(['updated', 'lastmod', 'modified', 'last_modified_at'].find((key) => data[key] !== undefined) ?? 'updated');
  if (data.expiryDate !== undefined) readDate('expiryDate');

  const readBoolean = (key: 'draft' | 'comments' | 'published', fallback: boolean): boolean => {
    const value = data[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    // `draft: "false"` is a non-empty string, which a loose check would read as true.
    report('error', 'InvalidField', key, `"${key}" must be true or false, not ${describe(value)}.`, `Write ${key}: true or ${key}: false, without quotes.`);
    return fallback;
  };
  // Jekyll's published: false keeps a post out just as draft: true does.
  const draft = readBoolean('draft', false) || !readBoolean('published', true);
  const commentsOpen = readBoolean('comments', true);

  const tags = readList(data.tags === undefined && data.tag !== undefined ? 'tag' : 'tags');
  const aliases = readList('aliases');
  // An old engine's own permalink (Jekyll, Hexo) is where links to the post point today.
  if (typeof data.permalink === 'string' && data.permalink.startsWith('/') && !aliases.includes(data.permalink)) aliases.push(data.permalink);
  const categories = readCategories(data.categories === undefined && data.category !== undefined ? 'category' : 'categories');
  const authors = readAuthorNames();
  function readCategories(key: 'categories' | 'category'): string[] {
    const value = data[key];
    if (value === undefined || value === null) return [];
    // Jekyll's `categories: a b` is two, as its tags are; a single `category:` is one.
    if (typeof value === 'string' || typeof value === 'number') {
      const text = cleanText(String(value)).trim();
      return key === 'category' ? (text === '' ? [] : [text]) : [...new Set(text.split(/\s+/).filter((c) => c !== ''))];
    }
    if (!Array.isArray(value)) {
      report('error', 'InvalidField', key, `"${key}" must be a list, not ${describe(value)}.`, 'Write categories: [Reviews, Bookbinding/Tools]');
      return [];
    }
    const out: string[] = [];
    for (const item of value) {
      // A nested list is one category by its levels (Hexo): [[Bookbinding, Tools]] is Bookbinding/Tools.
      const levels = Array.isArray(item) ? item : [item];
      if (!levels.every((level) => typeof level === 'string' || typeof level === 'number')) {
        report('error', 'InvalidField', key, `Each of "${key}" must be text or a list of levels, not ${describe(item)}.`, 'Write categories: [Reviews, Bookbinding/Tools]');
        continue;
      }
      const path = levels.map((level) => cleanText(String(level)).trim()).filter((level) => level !== '').join('/');
      if (path !== '' && !out.includes(path)) out.push(path);
    }
    return out;
  }
  function readAuthorNames(): string[] {
    const key = data.author === undefined && data.authors !== undefined ? 'authors' : 'author';
    const value = data[key];
    if (value === undefined || value === null) return [];
    const names: string[] = [];
    // Jekyll and Hugo themes also write an author as { name: … }.
    for (const item of Array.isArray(value) ? value : [value]) {
      const name = isRecord(item) ? item.name : item;
      if (typeof name === 'string' || typeof name === 'number') {
        const text = cleanText(String(name)).trim();
        if (text !== '' && !names.includes(text)) names.push(text);
      } else report('error', 'InvalidField', key, `"${key}" must name an author, not ${describe(item)}.`, 'Write author: ada (a key of the config\'s authors) or author: Ada Lovelace');
    }
    return names;
  }
  let layout: string | undefined;
  if (data.layout !== undefined && data.layout !== null) {
    if (typeof data.layout === 'string' && /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/.test(data.layout)) layout = data.layout;
    else report('error', 'InvalidField', 'layout', `"layout" must name a template such as wide (templates/wide.liquid), not ${describe(data.layout)}.`, 'Write layout: wide');
  }
  let weight: number | undefined;
  if (data.weight !== undefined && data.weight !== null) {
    if (typeof data.weight === 'number' && Number.isFinite(data.weight)) weight = data.weight;
    else report('error', 'InvalidField', 'weight', `"weight" must be a number, not ${describe(data.weight)}.`, 'Write weight: 10 (lower comes first in the menu)');
  }
  let menu: string | false | undefined;
  if (data.menu === false) menu = false;
  else if (typeof data.menu === 'string' && cleanText(data.menu).trim() !== '') menu = cleanText(data.menu).trim();
  else if (data.menu !== undefined && data.menu !== null && data.menu !== true && !isRecord(data.menu)) {
    report('error', 'InvalidField', 'menu', `"menu" must be false (left out of the menu) or its label in the menu, not ${describe(data.menu)}.`, 'Write menu: false, or menu: "About us"');
  }

  function readList(key: 'tags' | 'tag' | 'aliases'): string[] {
    const value = data[key];
    if (value === undefined || value === null) return [];
    // Jekyll's `tags: ruby jekyll` is two tags, separated by white space.
    if (typeof value === 'string' && (key === 'tags' || key === 'tag') && !value.includes(',')) {
      return [...new Set(cleanText(value).split(/\s+/).filter((s) => s !== ''))];
    }
    if (typeof value === 'string') {
      // `tags: a, b` is one YAML string; the author clearly meant two tags.
      if (value.includes(',')) {
        report('warning', 'InvalidField', key, `"${key}" is one piece of text; it was split at the commas.`, `Write a list: ${key}: [${value}]`);
      }
      return cleanText(value).split(',').map((s) => s.trim()).filter((s) => s !== '');
    }
    if (Array.isArray(value)) {
      const out: string[] = [];
      for (const item of value) {
        if (typeof item === 'string' || typeof item === 'number') {
          const s = cleanText(String(item)).trim();
          if (s !== '' && !out.includes(s)) out.push(s);
        } else report('error', 'InvalidField', key, `Each of "${key}" must be text, not ${describe(item)}.`);
      }
      return out;
    }
    report('error', 'InvalidField', key, `"${key}" must be a list, not ${describe(value)}.`, `Write ${key}: [first, second]`);
    return [];
  }

  let description: string | undefined;
  // Hugo's summary and Jekyll's excerpt, when written by hand, are the description too.
  const descriptionKey = data.description === undefined ? ['summary', 'excerpt'].find((key) => typeof data[key] === 'string') ?? 'description' : 'description';
  const describedAs = data[descriptionKey];
  if (typeof describedAs === 'string' || typeof describedAs === 'number') description = cleanText(String(describedAs)).trim() || undefined;
  else if (describedAs !== undefined && describedAs !== null) {
    report('error', 'InvalidField', 'description', `"description" must be text, not ${describe(describedAs)}.`);
  }

  let slug = slugOfName(fromName.slug);
  if (data.slug !== undefined && data.slug !== null) {
    if (typeof data.slug === 'string' || typeof data.slug === 'number') {
      slug = slugify(String(data.slug));
      if (slug === '') report('error', 'InvalidSlug', 'slug', `The slug "${String(data.slug)}" has no letters or digits to make a URL from.`, 'Use words such as slug: my-first-post');
    } else report('error', 'InvalidField', 'slug', `"slug" must be text, not ${describe(data.slug)}.`);
  } else if (slug === '') {
    slug = slugify(title);
    if (slug === '') report('error', 'InvalidSlug', '', 'Neither the file name nor the title gives a slug for the URL.', 'Add slug: my-post to the front matter.');
  }

  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    if (!knownFields.has(key)) {
      // Own, plain copy: a YAML key `__proto__` stays an inert own property.
      Object.defineProperty(extra, key, { value: data[key], enumerable: true, writable: true, configurable: true });
    }
  }
  for (const key of templateFields) {
    if (data[key] !== undefined) extra[key] = data[key];
  }

  // The body: markdown remark cannot render (in reasonable time) is an error here, before anything parses it.
  const limit = checkMarkdownLimits(split.body);
  if (limit) {
    const line = split.bodyLine + limit.line - 1;
    const d = limit.kind === 'depth'
      ? diagnostic('error', 'MarkdownTooDeep', { file, line, column: limit.column },
          `Block quotes or lists are nested more than ${limit.limit} levels deep here; quire renders at most ${limit.limit}.`,
          'Flatten the quotes or lists, or put the text in a fenced code block (```).')
      : diagnostic('error', 'MarkdownTooComplex', { file, line, column: limit.column },
          `This post has more than ${limit.limit} separate block quotes and lists (this is number ${limit.limit + 1}); quire renders at most ${limit.limit} in one post.`,
          'Join neighbouring lists or quotes, split the post, or put generated text in a fenced code block (```).');
    d.frame = codeFrame(text, line, limit.column);
    diagnostics.push(d);
  }
  // A post with nothing to read is built, but most likely unfinished. Drafts may well be empty.
  if (!draft && !hasText(split.body)) {
    const line = split.bodyLine > 1 ? split.bodyLine - 1 : 1;
    const d = diagnostic('warning', 'EmptyPost', { file, line, column: 1 }, `This ${what} has no text after its front matter.`,
      'Write the post below the closing "---", or mark it draft: true until it is ready.');
    d.frame = codeFrame(text, line, 1);
    diagnostics.push(d);
  }

  if (diagnostics.some((d) => d.severity === 'error') || (!date && kind === 'post')) return { diagnostics };
  const positions: PostPositions = {};
  for (const key of Object.keys(data)) {
    const pos = key.includes('.') ? undefined : split.locate(key);
    if (pos) Object.defineProperty(positions, key, { value: pos, enumerable: true, writable: true, configurable: true });
  }
  const post: Post = {
    kind, source, file, title, date: date?.iso ?? '', time: date?.time ?? 0, tags, categories, authors, slug, draft, commentsOpen, aliases, extra,
    body: split.body, bodyLine: split.bodyLine, assets, positions,
    ...(layout !== undefined && { layout }),
    ...(weight !== undefined && { weight }),
    ...(menu !== undefined && { menu }),
    ...(updated && { updated: updated.iso }),
    ...(description && { description }),
  };
  return { post, diagnostics };
}
