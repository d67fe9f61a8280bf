import fc from 'fast-check';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/yaml/parse-yaml.js';
import { parseSimpleYaml } from '../../../src/yaml/simple-yaml.js';

/** What `yaml` itself makes of a text: the value and each top-level key's line and column. */
function byYaml(text: string): { error: string } | { value: unknown; first?: number[]; keys: Map<string, number[]> } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: false, logLevel: 'error' });
  if (doc.errors[0]) return { error: doc.errors[0].message };
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return [pos.line, pos.col];
  };
  const keys = new Map<string, number[]>();
  if (!isMap(doc.contents)) return { value: doc.toJS(), keys };
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key)) keys.set(String(pair.key.value), at(pair.key.range?.[0] ?? 0));
  }
  return { value: doc.toJS(), first: at(doc.contents.range?.[0] ?? 0), keys };
}

/** Same values, same own keys in the same order, same prototypes and property attributes. */
function expectSame(actual: unknown, expected: unknown): void {
  expect(Object.is(actual, expected) || (typeof actual === 'object' && typeof expected === 'object')).toBe(true);
  if (typeof actual !== 'object' || actual === null || typeof expected !== 'object' || expected === null) return;
  expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(expected));
  expect(Reflect.ownKeys(actual)).toEqual(Reflect.ownKeys(expected));
  for (const key of Reflect.ownKeys(expected)) {
    const a = Object.getOwnPropertyDescriptor(actual, key);
    const e = Object.getOwnPropertyDescriptor(expected, key);
    expect({ ...a, value: undefined }).toEqual({ ...e, value: undefined });
    expectSame(a?.value, e?.value);
  }
}

// Front-matter lines, mostly well-formed, with the characters and forms that change how YAML reads them.
const trap = fc.constantFrom(
  ': ', ':', ' ', '  ', '#', ' #', '# c', '"', "'", "''", '\\', '\\"', '\\\\', '\\/', '\\n', '\\x41', '[', ']', ',', ', ', '{', '}',
  '~', '1', '0x1F', '0o7', '.5', '1e3', '-1', '+', '.inf', '.nan', 'null', 'Null', 'true', 'False', 'yes', 'on', '-', '- ', '&a', '*a',
  '!', '|', '>', '%', '@', '`', '?', '...', '---', 'é', '日本', '😀', '\u00a0', '\t', '\r', '\u0001', '\u0085', '\u2028', '\uFEFF', '\uD800',
);
const word = fc.constantFrom('x', 'Hello', 'world', '2024-01-01', '2024-03-02T09:30:00+01:00', '09:30', 'a-b', '.', '/', 'Q&A', '(x)', 'it', 'http://x.org/a#b');
const text = fc.string({ unit: fc.oneof({ weight: 6, arbitrary: word }, { weight: 2, arbitrary: fc.constant(' ') }, { weight: 1, arbitrary: trap }), minLength: 1, maxLength: 5 });
const scalar = fc.oneof(text, text.map((t) => `"${t}"`), text.map((t) => `'${t}'`));
const value = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }).map((items) => `[${items.join(', ')}]`) },
  { weight: 1, arbitrary: fc.tuple(fc.array(scalar, { maxLength: 3 }), fc.constantFrom(']', '] #c', ' ]', ',]', '')).map(([items, end]) => `[${items.join(',')}${end}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '# c', '  ') },
);
const keyName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('title', 'date', 'tags', 'slug', 'draft', 'a', 'x_y', 'k-1', 'constructor', 'toString', 'yes') }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'Null', 'true', '1', 'é') });
const entry = (key: string) => fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.constantFrom(': ', ': ', ': ', ': ', ':  ', ':', ' : '), value).map(([colon, v]) => `${key}${colon}${v}`) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('  - ', '- ', '    - ', '  -'), fc.array(scalar, { minLength: 1, maxLength: 3 })).map(([dash, items]) => `${key}:\n${items.map((i) => dash + i).join('\n')}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '# comment', '  ', '  # indented', '  continued', '- stray', '--- x').map((line) => `${line}\n${key}: x`) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(word, trap), maxLength: 6 }) },
);
const document = fc
  .uniqueArray(keyName, { maxLength: 7 })
  .chain((keys) => fc.tuple(fc.constant(''), ...keys.map(entry)))
  .map(([, ...lines]) => lines.join('\n'));

describe('parseSimpleYaml', () => {
  it('reads everything it accepts exactly as yaml does: values, key order and key positions', () => {
    let accepted = 0;
    fc.assert(
      fc.property(document, (doc) => {
        const simple = parseSimpleYaml(doc);
        if (!simple) return;
        accepted++;
        const expected = byYaml(doc);
        expect(expected).not.toHaveProperty('error');
        if ('error' in expected) return;
        expectSame(simple.value, expected.value);
        expect([simple.firstLine, 1]).toEqual(expected.first);
        expect(new Map([...simple.keyLines].map(([key, line]) => [key, [line, 1]]))).toEqual(expected.keys);
      }),
      { numRuns: 10_000 },
    );
    // The property says something only if a good share of the documents took the fast path.
    expect(accepted).toBeGreaterThan(500);
  });

  it('takes the usual front matter', () => {
    const doc = [
      'title: "Glue, Paper & \\"Patience\\""',
      'date: 2024-03-09',
      "description: 'It''s one sentence.'",
      'tags: [bookbinding, "paper", materials]',
      'aliases:',
      '  - /2008/11/old.html',
      '# An old link: /?p=12',
      'draft: false',
      'extra:',
      'author: Priya Natarajan # who wrote it',
    ].join('\n');
    expect(parseSimpleYaml(doc)?.value).toEqual({
      title: 'Glue, Paper & "Patience"',
      date: '2024-03-09',
      description: "It's one sentence.",
      tags: ['bookbinding', 'paper', 'materials'],
      aliases: ['/2008/11/old.html'],
      draft: false,
      extra: null,
      author: 'Priya Natarajan',
    });
  });

  it.each([
    ['a number', 'title: 2024'],
    ['an escape', 'title: "a\\tb"'],
    ['a nested mapping', 'author:\n  name: Ada'],
    ['a multi-line scalar', 'title: one\n  two'],
    ['an anchor', 'tags: &t [a]'],
    ['a duplicate key', 'title: a\ntitle: b'],
    ['a __proto__ key', '__proto__: x'],
    ['a tab', 'title:\tx'],
    ['a carriage return', 'title: x\r'],
    ['nothing but comments', '# only a comment'],
  ])('leaves %s to yaml', (_what, doc) => {
    expect(parseSimpleYaml(doc)).toBeUndefined();
  });

  it('locates keys through parseYaml as yaml does, dotted paths stopping at a value that is not a mapping', () => {
    const { locate } = parseYaml('\n# c\ntitle: x\ntags:\n  - a\n');
    expect(locate('tags')).toEqual({ line: 4, column: 1 });
    expect(locate('tags.0')).toEqual({ line: 4, column: 1 });
    expect(locate('')).toEqual({ line: 3, column: 1 });
    expect(locate('missing')).toEqual({ line: 3, column: 1 });
  });
});
