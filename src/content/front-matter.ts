import matter from 'gray-matter';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { parseYaml, type ParsedYaml, type YamlProblem } from '../yaml/parse-yaml.js';

/** How a file's front matter is written: `none` when the file has none at all. */
export type FrontMatterFormat = 'yaml' | 'toml' | 'json' | 'none';

/** A source split into front matter and body, with where each starts. */
export interface SplitSource {
  /** Parsed front matter (`{}` when the file has none). */
  data: unknown;
  /** The markdown after the front matter. */
  body: string;
  /** 1-based line of the file on which `body` starts. */
  bodyLine: number;
  /** Locates a front-matter key as a 1-based position in the file. */
  locate: ParsedYaml['locate'];
  format: FrontMatterFormat;
  /** A syntax problem, positioned in the file. */
  problem?: YamlProblem & { kind: 'yaml' | 'toml' | 'json' | 'language' };
}

/** Engines gray-matter may pick from a `---lang` opener; all but YAML are refused (see below). */
const refuse = (): never => {
  throw new Error('refused');
};

/** Field names that mark opener-less text as Hexo front matter even when it does not parse. */
const postFieldNames = /^(?:title|date|tags|categories|layout|updated|permalink|draft|published|slug|comments):/;

/**
 * Splits a post into front matter and body, and parses the front matter. Four ways of writing it
 * are read, as Jekyll, Hugo and Hexo write them: YAML between `---` lines, TOML between `+++`
 * lines (Hugo), JSON between `;;;` lines (Hexo, with or without the braces) or as one object at
 * the top of the file (Hugo), and, with `openerless` (posts, not comments), Hexo's YAML without an
 * opening `---` (fields, then a `---` line).
 *
 * Security: gray-matter's default engines include `javascript`, which `eval`s front matter that
 * opens with `---js`. Only YAML is accepted after `---`; any `---lang` opener other than yaml is a
 * problem. gray-matter also caches results per input string unless given options; passing options
 * (always done here) makes a re-read file really re-parsed.
 */
export function splitFrontMatter(source: string, options: { openerless?: boolean } = {}): SplitSource {
  // gray-matter drops a byte-order mark itself; dropping it here first keeps the opener checks
  // below and gray-matter looking at the same text.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (/^\+\+\+[ \t]*(?:\n|$)/.test(text)) return fenced(text, '+', 'toml');
  if (/^;;;[ \t]*(?:\n|$)/.test(text)) return fenced(text, ';', 'json');
  if (/^\{\s*["'}]/.test(text)) return jsonObject(text);
  const opener = /^---([^\n]*)(?:\n|$)/.exec(text);
  if (!opener && options.openerless) {
    const hexo = openerless(text);
    if (hexo.format !== 'none') return hexo;
  }
  const language = opener?.[1]?.trim() ?? '';
  if (opener && language !== '' && language !== 'yaml' && language !== 'yml') {
    return failed('language', `Front matter in "${language}" is not supported after "---"; only YAML is there (TOML goes between "+++" lines, JSON between ";;;" lines).`, 1, 4);
  }
  let split: { matter: string | undefined; content: string };
  try {
    const file = matter(text, {
      language: 'yaml',
      engines: { yaml: () => ({}), javascript: refuse, js: refuse, json: refuse, coffee: refuse, coffeescript: refuse, toml: refuse },
    });
    split = { matter: file.matter, content: file.content };
  } catch {
    // gray-matter reads `---yaml` on a file's last line as the language "yam" and refuses it:
    // an opener with nothing after it is empty front matter. Anything else it refuses is reported.
    if (text.includes('\n')) return failed('language', 'The front matter cannot be read as YAML.', 1, 1);
    split = { matter: '', content: '' };
  }
  const body = split.content;
  const bodyLine = text.endsWith(body) ? lineOf(text, text.length - body.length) : 1;
  if (!opener || split.matter === undefined) return { data: {}, body, bodyLine, locate: () => undefined, format: 'none' };
  // The front matter text starts on line 2, after the opening `---`.
  return fromYaml(split.matter.replace(/^\n/, ''), 1, body, bodyLine);
}

/** What a front-matter problem is called and how to fix it, for posts and comments alike. */
export function frontMatterProblem(problem: NonNullable<SplitSource['problem']>): { code: DiagnosticCode; message: string; hint: string } {
  switch (problem.kind) {
    case 'language':
      return { code: 'FrontMatterLanguage', message: problem.message, hint: 'Open the front matter with a plain "---" line and write it in YAML, or use "+++" lines for TOML.' };
    case 'toml':
      return { code: 'FrontMatterToml', message: `Front matter is not valid TOML: ${problem.message}`,
        hint: 'Fix the marked line: text values need quotes (title = "My post"), lists brackets (tags = ["a", "b"]).' };
    case 'json':
      return { code: 'FrontMatterJson', message: `Front matter is not valid JSON: ${problem.message}`,
        hint: 'Fix the marked place: keys and text need double quotes, fields are separated by commas, and the last has none after it.' };
    default:
      return { code: 'FrontMatterYaml', message: `Front matter is not valid YAML: ${problem.message}`,
        hint: 'Fix the marked line; values containing ": ", "#" or starting with a quote or bracket need quotes.' };
  }
}

/** YAML front matter whose first line is line `before + 1` of the file. */
function fromYaml(matterText: string, before: number, body: string, bodyLine: number): SplitSource {
  const parsed = parseYaml(matterText);
  const shift = (pos: { line: number; column: number } | undefined) => (pos ? { line: pos.line + before, column: pos.column } : undefined);
  const result: SplitSource = { data: parsed.value ?? {}, body, bodyLine, locate: (key) => shift(parsed.locate(key)), format: 'yaml' };
  if (parsed.problem) result.problem = { kind: 'yaml', ...parsed.problem, line: parsed.problem.line + before };
  return result;
}

function failed(kind: 'yaml' | 'toml' | 'json' | 'language', message: string, line: number, column: number): SplitSource {
  return { data: undefined, body: '', bodyLine: 1, locate: () => undefined, format: 'none', problem: { kind, message, line, column } };
}

/** Front matter between two `+++` (TOML) or `;;;` (JSON) lines, the first being the file's first line. */
function fenced(text: string, mark: '+' | ';', kind: 'toml' | 'json'): SplitSource {
  const fence = mark.repeat(3);
  const close = new RegExp(`\\n${mark === '+' ? '\\+\\+\\+' : ';;;'}[ \\t]*(?:\\n|$)`).exec(text);
  if (!close) {
    return failed(kind, `the front matter opened by "${fence}" on line 1 is never closed`, 1, 1);
  }
  const inner = text.slice(text.indexOf('\n') + 1, close.index + 1);
  const bodyStart = close.index + close[0].length;
  const body = text.slice(bodyStart);
  const bodyLine = lineOf(text, bodyStart);
  if (kind === 'toml') return fromToml(inner, 1, body, bodyLine);
  // Hexo writes the fields without the braces around them.
  return /^\s*\{/.test(inner) ? fromJson(inner, 1, body, bodyLine, false) : fromJson(`{${inner}}`, 1, body, bodyLine, true);
}

/** Hugo's JSON front matter: one object at the very top of the file, the body after it. */
function jsonObject(text: string): SplitSource {
  const end = objectEnd(text);
  if (end === -1) return fromJson(text, 0, '', 1, false);
  const newline = text.indexOf('\n', end);
  const bodyStart = newline === -1 ? text.length : newline + 1;
  return fromJson(text.slice(0, end), 0, text.slice(bodyStart), lineOf(text, bodyStart), false);
}

/** The offset just past the `}` closing the object that opens `text`, skipping strings; -1 if it never closes. */
function objectEnd(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Hexo's front matter without an opening line: `key: value` lines, then `---` (YAML) or `;;;` (JSON). */
function openerless(text: string): SplitSource {
  const none: SplitSource = { data: {}, body: text, bodyLine: 1, locate: () => undefined, format: 'none' };
  const first = /^[^\n]*/.exec(text)?.[0] ?? '';
  const json = /^"[^"\n]+"\s*:/.test(first);
  if (!json && !/^[A-Za-z_][\w-]*:(?:[ \t]|$)/.test(first)) return none;
  const close = (json ? /\n;{3,}[ \t]*(?:\n|$)/ : /\n-{3,}[ \t]*(?:\n|$)/).exec(text);
  if (!close) return none;
  const inner = text.slice(0, close.index + 1);
  const bodyStart = close.index + close[0].length;
  const body = text.slice(bodyStart);
  const bodyLine = lineOf(text, bodyStart);
  if (json) return fromJson(`{${inner}}`, 0, body, bodyLine, true);
  const split = fromYaml(inner, 0, body, bodyLine);
  // Prose that happens to start with "Note: …" above a rule is a body, not fields: front matter
  // gives a title or a date. Text that starts with a field every engine uses is front matter
  // even when it does not parse, and its problems are reported.
  if (split.problem) return postFieldNames.test(first) ? split : none;
  return isPlainObject(split.data) && (Object.hasOwn(split.data, 'title') || Object.hasOwn(split.data, 'date')) ? split : none;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * TOML front matter, through smol-toml. Dates and times become the text they were written as, as
 * YAML's are, so a date-only value stays that calendar day in the site's time zone.
 */
function fromToml(inner: string, before: number, body: string, bodyLine: number): SplitSource {
  let data: unknown;
  try {
    data = textDates(parseToml(inner));
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const message = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'invalid TOML';
    return failed('toml', message, error.line + before, error.column);
  }
  const lines = inner.split('\n');
  // Only top-level keys are located: those before the first [table] header.
  const locate = (key: string) => {
    const name = key.split('.')[0] as string;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (/^\s*\[/.test(line)) break;
      const match = /^(\s*)(?:"([^"]*)"|'([^']*)'|([\w-]+))\s*=/.exec(line);
      if (match && (match[2] ?? match[3] ?? match[4]) === name) return { line: i + 1 + before, column: (match[1]?.length ?? 0) + 1 };
    }
    return { line: 1 + before, column: 1 };
  };
  return { data, body, bodyLine, locate, format: 'toml' };
}

function textDates(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(textDates);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: textDates(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/**
 * JSON front matter. `wrapped` is true when quire added the braces (Hexo's form), so a position on
 * the first line is moved back by the one character added.
 */
function fromJson(jsonText: string, before: number, body: string, bodyLine: number, wrapped: boolean): SplitSource {
  let data: unknown;
  try {
    // A `__proto__` key stays an own property: JSON.parse never calls the setter.
    data = JSON.parse(jsonText);
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : jsonText.length;
    const line = lineOf(jsonText, offset);
    let column = offset - (jsonText.lastIndexOf('\n', offset - 1) + 1) + 1;
    if (wrapped && line === 1) column = Math.max(1, column - 1);
    const lineCount = jsonText.split('\n').length;
    const shown = message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'it ends before the object is closed');
    return failed('json', shown, Math.min(line, lineCount) + before, column);
  }
  const lines = jsonText.split('\n');
  const locate = (key: string) => {
    const name = JSON.stringify(key.split('.')[0]);
    for (let i = 0; i < lines.length; i++) {
      const column = (lines[i] as string).indexOf(`${name}`);
      if (column !== -1 && /^\s*:/.test((lines[i] as string).slice(column + name.length))) {
        return { line: i + 1 + before, column: column + 1 - (wrapped && i === 0 ? 1 : 0) };
      }
    }
    return { line: 1 + before, column: 1 };
  };
  return { data, body, bodyLine, locate, format: 'json' };
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
