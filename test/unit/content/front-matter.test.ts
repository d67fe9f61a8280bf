import fc from 'fast-check';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { lineOf, splitFrontMatter } from '../../../src/content/front-matter.js';
import { parseYaml } from '../../../src/yaml/parse-yaml.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('splitFrontMatter', () => {
  it('parses YAML front matter and returns the body with the line it starts on', () => {
    const text = lines('---', 'title: Hello', 'tags: [a, b]', '---', 'First line of the body.');
    const split = splitFrontMatter(text);
    expect(split.problem).toBeUndefined();
    expect(split.data).toEqual({ title: 'Hello', tags: ['a', 'b'] });
    expect(split.body).toBe('First line of the body.\n');
    expect(split.bodyLine).toBe(5);
  });

  it('treats a file without front matter as all body, starting on line 1', () => {
    const split = splitFrontMatter('Just text.\n');
    expect(split.data).toEqual({});
    expect(split.body).toBe('Just text.\n');
    expect(split.bodyLine).toBe(1);
  });

  it('locates a key at its real line in the file', () => {
    const split = splitFrontMatter(lines('---', '# a comment', 'title: Hello', '', 'date: 2024-01-01', '---', 'Body'));
    expect(split.locate('title')).toEqual({ line: 3, column: 1 });
    expect(split.locate('date')).toEqual({ line: 5, column: 1 });
  });

  it.each([
    ['an unclosed flow list at the end', lines('---', 'title: Hello', 'date: 2024-01-01', 'tags: [a, b', '---', 'Body'), 4],
    ['text after a closing quote', lines('---', 'title: Hello', 'description: "quoted" and more', 'date: 2024-01-01', '---', 'Body'), 3],
    ['an unclosed quote', lines('---', '', '', 'title: "Hello', '---', 'Body'), 4],
    ['a nested mapping on one line', lines('---', 'title: a', 'x: 1', 'y: : z', '---', 'Body'), 4],
    ['a duplicate key', lines('---', 'title: a', 'date: 2024-01-01', 'title: b', '---', 'Body'), 4],
    ['bad indentation', lines('---', 'title: a', 'author:', '  name: x', ' email: y', '---'), 5],
  ])('reports a YAML error (%s) at the real line of the file', (_what, text, line) => {
    const split = splitFrontMatter(text);
    expect(split.problem?.kind).toBe('yaml');
    expect(split.problem?.line).toBe(line);
  });

  it('gives the YAML error line the same way for an explicit ---yaml opener', () => {
    const split = splitFrontMatter(lines('---yaml', 'title: a', 'tags: [a', '---', 'Body'));
    expect(split.problem?.kind).toBe('yaml');
    expect(split.problem?.line).toBe(3);
  });

  it.each([['---js'], ['---javascript'], ['--- js'], ['---coffee'], ['---toml'], ['---json']])(
    'refuses front matter opened with %s, and never evaluates it',
    (opener) => {
      const marker = `__quire_test_${Math.random().toString(36).slice(2)}`;
      const text = lines(opener, `{ title: (globalThis.${marker} = 'ran') }`, '---', 'Body');
      const split = splitFrontMatter(text);
      expect(split.problem?.kind).toBe('language');
      expect(split.problem?.line).toBe(1);
      expect(split.problem?.message).toMatch(/only YAML/);
      expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
    },
  );

  it('parses a re-read file again instead of returning a cached result', () => {
    const text = lines('---', 'title: Same text', '---', 'Body');
    const first = splitFrontMatter(text);
    (first.data as Record<string, unknown>)['title'] = 'mutated';
    expect(splitFrontMatter(text).data).toEqual({ title: 'Same text' });
  });

  it('keeps dates as the text the author wrote (YAML 1.2), so 2023-02-30 is not silently moved', () => {
    const split = splitFrontMatter(lines('---', 'date: 2023-02-30', 'updated: 2008-11-06', '---'));
    expect(split.data).toEqual({ date: '2023-02-30', updated: '2008-11-06' });
  });

  it('keeps __proto__ as a plain key instead of changing the prototype', () => {
    const split = splitFrontMatter(lines('---', '__proto__: { polluted: true }', 'title: x', '---'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(split.data)).toBe(Object.prototype);
  });
});

describe('splitFrontMatter on openers gray-matter would read as a language', () => {
  it.each(['\uFEFF---title: x\nbody', '---title: x'])('reports %j as another language instead of throwing', (text) => {
    expect(splitFrontMatter(text).problem).toMatchObject({ kind: 'language', line: 1, column: 4 });
  });
});

describe('splitFrontMatter and gray-matter', () => {
  // gray-matter split posts before; its split (not its parsing) is kept, and it is the reference here.
  const piece = fc.constantFrom('---', '---', '---yaml', '---yml', '--- ', '----', '--', '-', '\n', '\n', '\n', '\r\n', '\r', '\uFEFF', ' ', 'title: a', 'x', '# c', '...');
  const refuse = (): never => {
    throw new Error('refused');
  };

  it('splits any text where gray-matter did, into the same front matter and body', () => {
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 14 }), (text) => {
        const split = splitFrontMatter(text);
        if (split.problem?.kind === 'language') return;
        let file: { content: string; matter?: string };
        try {
          file = matter(text.replace(/^\uFEFF/, ''), { language: 'yaml', engines: { yaml: () => ({}), javascript: refuse, js: refuse } });
        } catch {
          return; // gray-matter's own failures (an opener naming no engine) are not a reference
        }
        expect(split.body).toBe(file.content);
        const rest = text.replace(/^\uFEFF/, '');
        expect(split.bodyLine).toBe(lineOf(rest, rest.length - file.content.length));
        if (/^---[^\n]*(?:\n|$)/.test(rest) && file.matter !== undefined) {
          const parsed = parseYaml(file.matter.replace(/^\n/, ''));
          if (parsed.problem) expect(split.problem).toMatchObject({ kind: 'yaml', line: parsed.problem.line + 1 });
          else expect(split.data).toEqual(parsed.value ?? {});
        } else {
          expect(split.data).toEqual({});
        }
      }),
      { numRuns: 3000 },
    );
  });

  it.each(['---yaml', '---yml', '---yaml '])('reads %j at the very end of a file as empty front matter (gray-matter threw)', (text) => {
    expect(splitFrontMatter(text)).toMatchObject({ data: {}, body: '', bodyLine: 1 });
  });
});

describe('lineOf', () => {
  it.each([
    [0, 1],
    [3, 1],
    [4, 2],
    [8, 3],
  ])('puts offset %i on line %i', (offset, line) => {
    expect(lineOf('abc\ndef\nghi', offset)).toBe(line);
  });
});
