import { parseYaml, type ParsedYaml, type YamlProblem } from '../yaml/parse-yaml.js';

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
  /** A syntax problem, positioned in the file. */
  problem?: YamlProblem & { kind: 'yaml' | 'language' };
}

/**
 * Splits a post into front matter and body, and parses the front matter as YAML.
 *
 * The split is gray-matter's (which quire used before): an opening `---` line (optionally
 * `---yaml`), the front matter up to the next `\n---`, and the body after that line. Done here
 * because gray-matter, for each file, copies it into a Buffer and rebuilds its engine table, and
 * offers `---js` front matter that it `eval`s. Only YAML is accepted: any other `---lang` opener
 * is a problem.
 */
export function splitFrontMatter(source: string): SplitSource {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const opener = /^---([^\n]*)(?:\n|$)/.exec(text);
  const language = opener?.[1]?.trim() ?? '';
  if (opener && language !== '' && language !== 'yaml' && language !== 'yml') {
    return {
      data: undefined,
      body: '',
      bodyLine: 1,
      locate: () => undefined,
      problem: { kind: 'language', message: `Front matter in "${language}" is not supported; only YAML is.`, line: 1, column: 4 },
    };
  }
  const { matter, bodyStart } = findFrontMatter(text);
  const body = bodyStart === 0 ? text : text.slice(bodyStart);
  const bodyLine = lineOf(text, bodyStart);
  if (!opener || matter === undefined) {
    return { data: {}, body, bodyLine, locate: () => undefined };
  }
  // The front matter text starts on line 2, after the opening `---`.
  const parsed = parseYaml(matter.replace(/^\n/, ''));
  const shift = (pos: { line: number; column: number } | undefined) => (pos ? { line: pos.line + 1, column: pos.column } : undefined);
  const locate = (key: string) => shift(parsed.locate(key));
  const result: SplitSource = { data: parsed.value ?? {}, body, bodyLine, locate };
  if (parsed.problem) result.problem = { kind: 'yaml', ...parsed.problem, line: parsed.problem.line + 1 };
  return result;
}

/**
 * Where gray-matter 4 put the front matter (its text from just after the opener's `---`, or
 * undefined for empty input) and the body (an offset in `text`), given a `text` whose opener
 * is not another language. As there, a second byte-order mark is dropped, a `----` line opens
 * nothing, the opener's name ends before a line break (on a last line, before its last
 * character), the front matter ends at the first `\n---` (even `\n----x`), and one line break
 * after it is skipped. A name other than YAML's (`---yaml` on a file's last line reads as "yam")
 * made gray-matter throw unless the front matter was blank; here that front matter is empty.
 */
function findFrontMatter(text: string): { matter: string | undefined; bodyStart: number } {
  if (text === '') return { matter: undefined, bodyStart: 0 };
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', start) || text[start + 3] === '-') return { matter: '', bodyStart: start };
  let from = start + 3;
  const newline = text.indexOf('\n', from);
  const nameEnd = newline === -1 ? Math.max(from, text.length - 1) : newline > from && text[newline - 1] === '\r' ? newline - 1 : newline;
  const name = text.slice(from, nameEnd).trim();
  if (name !== '') from = nameEnd;
  const close = text.indexOf('\n---', from);
  let matter = close === -1 ? text.slice(from) : text.slice(from, close);
  if (name !== '' && name !== 'yaml' && name !== 'yml') matter = '';
  if (close === -1) return { matter, bodyStart: text.length };
  let bodyStart = close + 4;
  if (text[bodyStart] === '\r') bodyStart++;
  if (text[bodyStart] === '\n') bodyStart++;
  return { matter, bodyStart };
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
