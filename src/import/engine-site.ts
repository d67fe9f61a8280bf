import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYamlText } from 'yaml';
import { splitFrontMatter } from '../content/front-matter.js';
import { decodeSourceText } from '../content/source-text.js';

/** The static-site engines `quire import` reads a site folder of. */
export type Engine = 'jekyll' | 'hugo' | 'hexo';

/** A post, draft or page of the old site, as its file says. */
export interface EngineEntry {
  kind: 'post' | 'draft' | 'page';
  /** Path relative to the site folder, `/`-separated, for the report. */
  file: string;
  /** Front matter (already checked to be a mapping). */
  data: Record<string, unknown>;
  body: string;
  bodyLine: number;
  /** Whether the front matter needed its quoted lines indented to be read (see `indentQuotedLines`). */
  repaired: boolean;
  /** Date and slug from the file (or bundle folder) name, if it has them. */
  nameDate?: string | undefined;
  nameSlug: string;
  /** Files to copy into the post's bundle: absolute source, name inside the bundle. */
  assets: Array<{ from: string; name: string }>;
  /** What the old engine knows the entry by, for links between posts (`post_url`, `ref`, `post_link`). */
  keys: string[];
  /** Categories from the path (Jekyll: folders above `_posts`; Hugo: the section). */
  pathCategories: string[];
  /** Pages: the path inside the engine's content folder, without extension or a last `index` (`''` is the home page). */
  pagePath?: string;
  /** The body is HTML (a `.html` content file): written as markdown before the engine's own syntax is converted. */
  html?: boolean;
}

/** A file of the old site that could not be read as a post; named in the report. */
export interface EngineProblem {
  file: string;
  line?: number | undefined;
  reason: string;
}

/** The old site's settings that have a place in quire's config. */
export interface EngineSettings {
  title?: string | undefined;
  description?: string | undefined;
  author?: string | undefined;
  url?: string | undefined;
  timeZone?: string | undefined;
  postsPerPage?: number | undefined;
  /** The old permalink pattern, as written. */
  permalink: string;
  /** Its quire equivalent, when quire's tokens can express it (then old and new URLs agree). */
  quirePermalink?: string | undefined;
}

/** What one post's body conversion needs to know about the whole import. */
export interface ConvertContext {
  entry: EngineEntry;
  /** The new post file (relative to the posts folder, as a link quire resolves) for an old key. */
  postLink: (key: string) => string | undefined;
  /** The title of the post an old key names. */
  postTitle: (key: string) => string | undefined;
  config: Record<string, unknown>;
  siteDir: string;
}

/** A converted body and what became of the old engine's syntax in it. */
export interface Converted {
  markdown: string;
  /** Constructs converted, by name (`highlight`, `figure`…). */
  converted: Record<string, number>;
  /** Constructs left as text, with their 1-based line in the old file. */
  leftovers: Array<{ line: number; text: string }>;
}

/** A site folder, read. */
export interface EngineSite {
  engine: Engine;
  settings: EngineSettings;
  /** The whole config, for `site.*` values. */
  config: Record<string, unknown>;
  entries: EngineEntry[];
  /** Section index pages and other list pages the old engine generates itself: not content. */
  listPages: number;
  problems: EngineProblem[];
  /** Files to copy into quire's static folder: absolute source, path inside it. */
  staticFiles: Array<{ from: string; to: string }>;
  /** The old URL path of an entry (from the site root, without the base path). */
  oldUrl: (entry: EngineEntry, date: { year: string; month: string; day: string; hour: string; minute: string; second: string }, slug: string) => string | undefined;
  convert: (body: string, context: ConvertContext) => Converted;
}

/** A page's path from its file inside the content folder: `about.md` → `about`, `docs/index.md` → `docs`, `index.md` → `''`. */
export const pagePathOf = (file: string): string => file.replace(/\.[^./]+$/, '').replace(/(?:^|\/)index$/, '');

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a config file in YAML, TOML or JSON by its extension; undefined when it does not exist. */
export function readConfigFile(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const value: unknown = file.endsWith('.toml') ? parseToml(text) : file.endsWith('.json') ? JSON.parse(text) : parseYamlText(text);
  return isRecord(value) ? value : {};
}

/** Text of a config value, if it is text (or a number). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Reads a post file's text and front matter; a problem when it is not a readable post. */
export function readEntryFile(absolute: string, openerless: boolean): { data: Record<string, unknown>; body: string; bodyLine: number; repaired: boolean } | { problem: string; line?: number | undefined } {
  const decoded = decodeSourceText(readFileSync(absolute));
  if ('problem' in decoded) return { problem: decoded.problem === 'binary' ? 'a binary file' : 'not UTF-8 text' };
  let split = splitFrontMatter(decoded.text, { openerless });
  let repaired = false;
  if (split.problem?.kind === 'yaml') {
    const again = splitFrontMatter(indentQuotedLines(decoded.text), { openerless });
    if (!again.problem) {
      split = again;
      repaired = true;
    }
  }
  if (split.problem) return { problem: `front matter: ${split.problem.message}`, line: split.problem.line };
  if (split.format === 'none') return { problem: 'no front matter' };
  if (!isRecord(split.data)) return { problem: 'front matter is not a list of fields' };
  return { data: split.data, body: split.body, bodyLine: split.bodyLine, repaired };
}

/**
 * Go's YAML parser (Hugo's, and the one many sites were checked with) reads a quoted value that
 * goes on over unindented lines; YAML 1.2 wants those lines indented. They are indented here,
 * within the front matter only, so such a post still imports.
 */
function indentQuotedLines(source: string): string {
  const quotes = (value: string) => value.replace(/\\./g, '').split('"').length - 1;
  const lines = source.split('\n');
  let open = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (open) {
      lines[i] = `  ${line}`;
      if (quotes(line) % 2 === 1) open = false;
    } else if (/^---\s*$/.test(line)) break;
    else {
      const value = /^[\w-]+:\s*"(.*)$/.exec(line)?.[1];
      if (value !== undefined && quotes(value) % 2 === 0) open = true;
    }
  }
  return lines.join('\n');
}

/** `2008-11-06-name.md` → date and slug; a bundle's `index.md` gives its folder's name. */
export function nameParts(relative: string): { nameDate?: string; nameSlug: string } {
  const segments = relative.split('/');
  let name = segments.pop() ?? '';
  if (/^(?:index|_index)\.[a-z]+$/i.test(name) && segments.length > 0) name = segments.pop() ?? name;
  name = name.replace(/\.[a-z]+$/i, '');
  const match = /^(\d{4}-\d{2}-\d{2})-(.+)$/.exec(name);
  return match?.[1] && match[2] ? { nameDate: match[1], nameSlug: match[2] } : { nameSlug: name };
}

/** Text files quire reads as posts; the engines also know these extensions. */
export const markdownFile = /\.(?:md|markdown|mdown|mkd|mkdn)$/i;

/** Arguments of a tag or shortcode: `a "b c" key=value key2="d e"` → positional and named. */
export function parseArgs(source: string): { positional: string[]; named: Record<string, string> } {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  const re = /([\w-]+)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|(\S+))|"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|(\S+)/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (m[1] !== undefined) named[m[1]] = (m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').replace(/\\(.)/g, '$1');
    else positional.push((m[6] ?? m[7] ?? m[8] ?? m[9] ?? '').replace(/\\(.)/g, '$1'));
  }
  return { positional, named };
}

/**
 * Text set aside while a body is converted (fenced code, `raw` blocks, inline code), replaced by a
 * marker holding as many line breaks, so lines counted in the rest stay the file's lines.
 */
export class SetAside {
  private readonly parts: string[] = [];

  /** Replaces `original` (by default the value itself) by a marker with as many line breaks. */
  keep(value: string, original = value): string {
    const n = this.parts.push(value) - 1;
    return `\u0001${n}${'\n'.repeat(original.split('\n').length - 1)}\u0002`;
  }

  restore(value: string): string {
    let out = value;
    for (let again = true; again;) {
      again = false;
      out = out.replace(/\u0001(\d+)\n*\u0002/g, (_, n: string) => {
        again = true;
        return this.parts[Number(n)] ?? '';
      });
    }
    return out;
  }

  /** Sets aside every fenced code block: an engine's syntax shown there is meant to be seen as written. */
  fences(body: string): string {
    const lines = body.split('\n');
    const out: string[] = [];
    let block: string[] | undefined;
    let fence = '';
    for (const line of lines) {
      if (block === undefined) {
        const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
        if (opener) {
          block = [line];
          fence = opener;
        } else out.push(line);
      } else {
        block.push(line);
        if (new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(line)) {
          out.push(this.keep(block.join('\n')));
          block = undefined;
        }
      }
    }
    if (block) out.push(this.keep(block.join('\n')));
    return out.join('\n');
  }

  /** Sets aside inline code spans. */
  inlineCode(body: string): string {
    return body.replace(/(`+)(?!`)[^\n]*?[^`]\1(?!`)/g, (m) => this.keep(m));
  }
}

/** A fenced code block with an info string, its fence longer than any backtick run inside. */
export function fenced(code: string, lang: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${code.replace(/^\n+/, '').replace(/\s+$/, '')}\n${fence}`;
}

/** A block quote of `inner`, with an attribution line. */
export function quoted(inner: string, by?: string): string {
  const lines = inner.trim().split('\n').map((l) => (l === '' ? '>' : `> ${l}`));
  if (by) lines.push('>', `> — ${by}`);
  return lines.join('\n');
}

/** Markdown link text: brackets escaped, and unless `html`, what markdown or HTML would read as syntax. */
export function linkText(value: string, html = false): string {
  // A title is text: `<b>`, `*`, `_` and backticks in it show as written (the old engines escape it too).
  return value.replace(html ? /([[\]\\])/g : /([[\]\\<>*_`&])/g, '\\$1');
}

/** Counts one conversion. */
export function count(converted: Record<string, number>, name: string): void {
  converted[name] = (converted[name] ?? 0) + 1;
}

/** Joins a base path and a site path: `/blog/` + `/a/b/` → `/blog/a/b/`. */
export function withBase(basePath: string, sitePath: string): string {
  return `${basePath.replace(/\/+$/, '')}/${sitePath.replace(/^\/+/, '')}`;
}

/** Maps each line of markdown outside fenced code blocks (the fences and their contents are kept as they are). */
export function mapOutsideFences(markdown: string, map: (line: string, index: number) => string): string {
  let fence: string | undefined;
  return markdown.split('\n').map((line, i) => {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
      return line;
    }
    if (opener) {
      fence = opener;
      return line;
    }
    return map(line, i);
  }).join('\n');
}
