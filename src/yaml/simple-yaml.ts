/**
 * A fast path for the YAML nearly all front matter is written in: a mapping of `key: value` lines
 * starting at column 1, whose values are one-line scalars, one-line flow lists (`[a, "b"]`) or
 * block lists of one-line scalars (`  - a`). Reading that with `yaml` costs about 20 times more
 * than this, and most of a cold build's reading time went there.
 *
 * Anything outside that subset, or anything doubtful (escapes, numbers, tabs, control
 * characters, indented comments, anchors, tags, multi-line scalars, nested mappings, duplicate
 * keys, `__proto__`), gives undefined and is left to `yaml`. Whatever this does accept, it reads
 * exactly as `yaml` (core schema) would: a property test compares the two.
 */

/** A parsed mapping, and the 1-based line of each key (keys always sit at column 1). */
export interface SimpleMapping {
  value: Record<string, unknown>;
  keyLines: Map<string, number>;
  /** Line of the first key: where `yaml` says the mapping starts. */
  firstLine: number;
}

// Characters that make `yaml` do something other than read text: tabs (separation rules), CR,
// other controls, NEL and line separators, BOM, noncharacters and lone surrogates. The first
// test is the quick one (one character class); only text with surrogates needs the second.
const doubtfulOrSurrogate = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/;
const doubtfulChars = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const keyLine = /^([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*))?$/;
const itemLine = /^( *)-(?: +(.*))?$/;
const blankLine = /^ *$/;
const trailer = /^ *(?: #.*)?$/;
/** Characters that, first in a plain scalar, make it something else (or an error). */
const indicators = '-?:,[]{}#&*!|>\'"%@`';

// The core schema's tests for non-string plain scalars, as in yaml/dist/schema/{common,core}.
const nullValue = /^(?:~|[Nn]ull|NULL)?$/;
const boolValue = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const numberValue = [
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/** Returned by the scalar readers for text outside the subset. */
const doubt = Symbol('doubt');

/** Parses `text` if it is in the subset described above; undefined otherwise. */
export function parseSimpleYaml(text: string): SimpleMapping | undefined {
  if (doubtfulOrSurrogate.test(text) && doubtfulChars.test(text)) return undefined;
  const value: Record<string, unknown> = {};
  const keyLines = new Map<string, number>();
  // A key written without a value, which a block list may follow; and the list being read.
  let open: string | undefined;
  let list: unknown[] | undefined;
  let listIndent = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (blankLine.test(line)) continue;
    if (line.startsWith('#')) {
      if (open !== undefined) return undefined;
      list = undefined;
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('-')) {
      const item = itemLine.exec(line);
      if (!item) return undefined;
      const indent = (item[1] as string).length;
      if (open !== undefined) {
        list = [];
        listIndent = indent;
        set(value, open, list);
        open = undefined;
      } else if (!list || indent !== listIndent) return undefined;
      const read = item[2] === undefined || item[2] === '' ? null : readScalar(item[2], false);
      if (read === doubt) return undefined;
      list.push(read);
      continue;
    }
    if (open !== undefined) set(value, open, null);
    open = undefined;
    list = undefined;
    const match = keyLine.exec(line);
    if (!match) return undefined;
    const key = match[1] as string;
    if (keyLines.has(key) || key === '__proto__' || nullValue.test(key) || boolValue.test(key)) return undefined;
    keyLines.set(key, i + 1);
    const rest = match[2] ?? '';
    if (rest === '' || rest.startsWith('#')) {
      open = key;
      continue;
    }
    const read = rest.startsWith('[') ? readFlowList(rest) : readScalar(rest, false);
    if (read === doubt) return undefined;
    set(value, key, read);
  }
  if (open !== undefined) set(value, open, null);
  const firstLine = keyLines.values().next().value;
  if (firstLine === undefined) return undefined;
  return { value, keyLines, firstLine };
}

/** Adds a key as `yaml`'s toJS does: a name the object already has (`constructor`) becomes an own property. */
function set(target: Record<string, unknown>, key: string, item: unknown): void {
  if (key in target) Object.defineProperty(target, key, { value: item, writable: true, enumerable: true, configurable: true });
  else target[key] = item;
}

/**
 * One scalar from `text` (which starts with no space), with an optional comment after it; in a
 * flow list (`flow`), the text of one item.
 */
function readScalar(text: string, flow: boolean): unknown {
  const first = text[0] as string;
  if (first === '"' || first === "'") {
    const quoted = readQuoted(text, 0);
    if (quoted === undefined || !trailer.test(text.slice(quoted.end))) return doubt;
    return quoted.value;
  }
  if (indicators.includes(first)) return doubt;
  let plain = text;
  if (flow) {
    if (/[,[\]{}:#]/.test(plain)) return doubt;
  } else {
    const comment = plain.indexOf(' #');
    if (comment !== -1) plain = plain.slice(0, comment);
  }
  plain = trimSpaces(plain);
  if (plain.includes(': ') || plain.endsWith(':')) return doubt;
  if (nullValue.test(plain)) return null;
  if (boolValue.test(plain)) return plain[0] === 't' || plain[0] === 'T';
  if (numberValue.some((test) => test.test(plain))) return doubt;
  return plain;
}

/**
 * A quoted scalar starting at `start` on one line; `end` is just past its closing quote. Of the
 * double-quoted escapes, only `\"`, `\\` and `\/` (which stand for themselves) are read here.
 */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text[start];
  if (quote === '"') {
    let value = '';
    let from = start + 1;
    for (;;) {
      const end = text.indexOf('"', from);
      if (end === -1) return undefined;
      const escape = text.indexOf('\\', from);
      if (escape === -1 || escape > end) return { value: value + text.slice(from, end), end: end + 1 };
      const escaped = text[escape + 1];
      if (escaped !== '"' && escaped !== '\\' && escaped !== '/') return undefined;
      value += text.slice(from, escape) + escaped;
      from = escape + 2;
    }
  }
  let j = start + 1;
  for (;;) {
    const end = text.indexOf("'", j);
    if (end === -1) return undefined;
    if (text[end + 1] !== "'") return { value: text.slice(start + 1, end).replaceAll("''", "'"), end: end + 1 };
    j = end + 2;
  }
}

/** A flow list on one line, `[a, "b", 'c']`, with an optional comment after it. */
function readFlowList(text: string): unknown {
  const items: unknown[] = [];
  let j = skipSpaces(text, 1);
  if (text[j] === ']') return trailer.test(text.slice(j + 1)) ? items : doubt;
  for (;;) {
    let item: unknown;
    const c = text[j];
    if (c === '"' || c === "'") {
      const quoted = readQuoted(text, j);
      if (!quoted) return doubt;
      item = quoted.value;
      j = quoted.end;
    } else {
      let k = j;
      while (k < text.length && text[k] !== ',' && text[k] !== ']') k++;
      const plain = trimSpaces(text.slice(j, k));
      if (plain === '') return doubt;
      item = readScalar(plain, true);
      if (item === doubt) return doubt;
      j = k;
    }
    items.push(item);
    j = skipSpaces(text, j);
    if (text[j] === ']') return trailer.test(text.slice(j + 1)) ? items : doubt;
    if (text[j] !== ',') return doubt;
    j = skipSpaces(text, j + 1);
    // `[a, ]` and `[a, , b]` are left to `yaml`.
    if (text[j] === ']' || text[j] === ',') return doubt;
  }
}

function skipSpaces(text: string, from: number): number {
  let j = from;
  while (text[j] === ' ') j++;
  return j;
}

/** Trims spaces only: YAML does not count other white space (a no-break space stays). */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === ' ') end--;
  return end === text.length ? text : text.slice(0, end);
}
