import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { parseSimpleYaml } from './simple-yaml.js';

/** A YAML error, with a 1-based position inside the parsed text. */
export interface YamlProblem {
  message: string;
  line: number;
  column: number;
}

/** The result of parsing YAML: the plain value, or the first problem, plus a key locator. */
export interface ParsedYaml {
  value: unknown;
  problem?: YamlProblem;
  /** 1-based position of the key at a dotted path (`author.name`), or of the document start. */
  locate: (path: string) => { line: number; column: number } | undefined;
}

/** Aliases allowed in one document; far above real use, far below an "alias bomb". */
const maxAliasCount = 100;

/**
 * Parses YAML 1.2 (core schema) safely for author content.
 *
 * Why not gray-matter's default js-yaml 3: YAML 1.2 keeps `2023-02-30` as the text the author
 * wrote (js-yaml silently turns it into 2 March, and a date-only value into UTC midnight),
 * `__proto__` stays an own key, aliases are bounded, and duplicate keys are errors.
 *
 * Plain front matter (see simple-yaml.ts) is read by a faster path that gives the same result.
 */
export function parseYaml(text: string): ParsedYaml {
  const simple = parseSimpleYaml(text);
  if (simple) {
    // Only the top level is a mapping: a dotted path stops at its first key, as locateKey does.
    const { value, keyLines, firstLine } = simple;
    return { value, locate: (path) => ({ line: keyLines.get(path.split('.')[0] as string) ?? firstLine, column: 1 }) };
  }
  const lineCounter = new LineCounter();
  // logLevel 'error': no process warnings on stderr (e.g. for a key that is a list); problems are reported as diagnostics.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: false, logLevel: 'error' });
  const locate = (path: string) => locateKey(doc, lineCounter, path);
  const first = doc.errors[0];
  if (first) {
    const indented = overIndented(doc.errors, text);
    if (indented !== undefined) {
      const pos = lineCounter.linePos(indented);
      const message = 'This line is indented more than the key above it, so it would continue the value on that line, which cannot hold ' +
        '`key: value` lines. Indent it as the keys above it, or put it under a key with nothing after its colon.';
      return { value: undefined, problem: { message, line: pos.line, column: pos.col }, locate };
    }
    // With prettyErrors off, errors carry only an offset (`pos`), not `linePos`.
    const pos = first.linePos?.[0] ?? lineCounter.linePos(first.pos[0]);
    return { value: undefined, problem: { message: cleanMessage(first.message), line: pos.line, column: pos.col }, locate };
  }
  const tagged = foreignTag(doc, text);
  if (tagged) {
    const pos = lineCounter.linePos(tagged.offset);
    return {
      value: undefined,
      problem: {
        message: `The tag ${tagged.tag} is not plain YAML data; quire reads only text, numbers, true/false, null, lists and mappings. ` +
          'Remove the tag, or put the whole value in quotes if it is meant as text.',
        line: pos.line,
        column: pos.col,
      },
      locate,
    };
  }
  // An alias inside the value it names (`x: &a [*a]`) makes a value that contains itself: every
  // later copy, serialisation or template loop over it would never end.
  let loop: number | undefined;
  visit(doc, {
    Alias(_key, node, path) {
      const target = node.resolve(doc);
      if (target && path.some((ancestor) => ancestor === target)) {
        loop = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (loop !== undefined) {
    const pos = lineCounter.linePos(loop);
    return { value: undefined, problem: { message: 'An alias (*name) refers to the value that contains it, which would never end.', line: pos.line, column: pos.col }, locate };
  }
  try {
    return { value: doc.toJS({ maxAliasCount }), locate };
  } catch (error) {
    // toJS throws on alias expansion beyond maxAliasCount (a "billion laughs" document).
    return {
      value: undefined,
      problem: { message: `${(error as Error).message.replace(/\.$/, '')}.`, line: 1, column: 1 },
      locate,
    };
  }
}

/**
 * Where an over-indented `key: value` line starts (its first letter), when that is the error:
 * below `date: 2024-01-01`, a line `  author: x` makes the date a plain scalar running over two
 * lines, which `yaml` reports at the scalar (as a mapping in a compact mapping) and as an
 * implicit key over several lines ending in the offending line's colon; js-yaml and authors
 * see the wrong line.
 */
function overIndented(errors: readonly YAMLError[], text: string): number | undefined {
  const [first] = errors;
  if (first?.code !== 'BLOCK_AS_IMPLICIT_KEY') return undefined;
  const key = errors.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY' && e.pos[0] === first.pos[0]);
  if (!key) return undefined;
  const lineStart = text.lastIndexOf('\n', key.pos[1] - 1) + 1;
  return lineStart + (/^ */.exec(text.slice(lineStart))?.[0].length ?? 0);
}

/** The core schema's own tags, and `!` (plain text): the only ones that give plain data. */
const coreTags = new Set(['!', ...['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`)]);

/**
 * The first tag outside the core schema (`!!js/function`, `!!python/object/apply:…`, a local
 * `!thing`, also `!!binary` and `!!set`, which `yaml` turns into a Buffer and a Set): other YAML
 * readers run code or build objects for them, and `yaml` keeps them as text, so what an author
 * meant is never what quire would do. Found at the `!` that starts the tag.
 */
function foreignTag(doc: Document, text: string): { tag: string; offset: number } | undefined {
  let found: { tag: string; offset: number } | undefined;
  visit(doc, {
    Node(_key, node) {
      const { tag, range } = node as { tag?: string; range?: [number, number, number] };
      if (tag === undefined || coreTags.has(tag)) return undefined;
      const start = range?.[0] ?? 0;
      const lineStart = text.lastIndexOf('\n', start - 1);
      // The tag is the word holding the last `!` before the value (an anchor may sit between them).
      let bang = text.lastIndexOf('!', start);
      while (bang > lineStart + 1 && !/[\s,[{]/.test(text[bang - 1] as string)) bang--;
      found = { tag: tag.replace(/^tag:yaml\.org,2002:/, '!!'), offset: bang > lineStart ? bang : start };
      return visit.BREAK;
    },
  });
  return found;
}

function locateKey(doc: Document, lineCounter: LineCounter, path: string): { line: number; column: number } | undefined {
  const parts = path === '' ? [] : path.split('.');
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as { range?: [number] } | null)?.range?.[0];
  for (const part of parts) {
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === part);
    if (!pair) break;
    offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
    node = pair.value;
  }
  if (offset === undefined) return undefined;
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** js-yaml-style messages end with " at line N, column M:" and a frame; we print our own frame. */
function cleanMessage(message: string): string {
  const text = message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
  return text.endsWith('.') ? text : `${text}.`;
}
