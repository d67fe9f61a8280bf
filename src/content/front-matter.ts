import matter from 'gray-matter';
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

/** Engines gray-matter may pick from a `---lang` opener; all but YAML are refused (see below). */
const refuse = (): never => {
  throw new Error('refused');
};

/**
 * Splits a post into front matter and body with gray-matter, and parses the front matter as YAML.
 *
 * Security: gray-matter's default engines include `javascript`, which `eval`s front matter that
 * opens with `---js`. Only YAML is accepted here; any `---lang` opener other than yaml is a problem.
 * gray-matter also caches results per input string unless given options; passing options (always
 * done here) makes a re-read file really re-parsed.
 */
export function splitFrontMatter(source: string): SplitSource {
  // gray-matter drops a byte-order mark itself; dropping it here first keeps the opener check
  // below and gray-matter looking at the same text.
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
    if (text.includes('\n')) {
      return {
        data: undefined,
        body: '',
        bodyLine: 1,
        locate: () => undefined,
        problem: { kind: 'language', message: 'The front matter cannot be read as YAML.', line: 1, column: 1 },
      };
    }
    split = { matter: '', content: '' };
  }
  const body = split.content;
  const bodyLine = text.endsWith(body) ? lineOf(text, text.length - body.length) : 1;
  if (!opener || split.matter === undefined) {
    return { data: {}, body, bodyLine, locate: () => undefined };
  }
  // The front matter text starts on line 2, after the opening `---`.
  const parsed = parseYaml(split.matter.replace(/^\n/, ''));
  const shift = (pos: { line: number; column: number } | undefined) => (pos ? { line: pos.line + 1, column: pos.column } : undefined);
  const locate = (key: string) => shift(parsed.locate(key));
  const result: SplitSource = { data: parsed.value ?? {}, body, bodyLine, locate };
  if (parsed.problem) result.problem = { kind: 'yaml', ...parsed.problem, line: parsed.problem.line + 1 };
  return result;
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
