import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/yaml/parse-yaml.js';
import { parseSimpleYaml } from '../../../src/yaml/simple-yaml.js';

describe('parseYaml', () => {
  it('parses a mapping and keeps dates and numbers-that-look-like-dates as text', () => {
    expect(parseYaml('date: 2008-11-06\nwhen: 2024-03-02T09:30:00+01:00\nn: 12\n').value).toEqual({
      date: '2008-11-06',
      when: '2024-03-02T09:30:00+01:00',
      n: 12,
    });
  });

  it.each([
    ['a: 1\nb: "x" y\n', 2, 8],
    ['a: 1\nb: 2\nc: : d\n', 3, 4],
    ['a: 1\na: 2\n', 2, 1],
    ['a:\n  b: 1\n c: 2\n', 3],
  ])('gives the line (and column) of the error in %j', (text, line, column?: number) => {
    const { problem } = parseYaml(text);
    expect(problem?.line).toBe(line);
    if (column !== undefined) expect(problem?.column).toBe(column);
    expect(problem?.message).toMatch(/\.$/);
    expect(problem?.message).not.toMatch(/at line \d/);
  });

  it.each([
    ['title: x\nrun: !!js/function "function () { return 1 }"\n', 2, 6, '!!js/function'],
    ['title: x\nrun: !!python/object/apply:os.system ["ls"]\n', 2, 6, '!!python/object/apply:os.system'],
    ['tags:\n  - ok\n  - !!js/undefined\n', 3, 5, '!!js/undefined'],
    ['a: !local x\n', 1, 4, '!local'],
    ['a: !!binary aGk=\n', 1, 4, '!!binary'],
    ['a: !!set {x}\n', 1, 4, '!!set'],
    ['a: !!js/regexp &r /x/\n', 1, 4, '!!js/regexp'],
  ])('refuses a tag outside the core schema in %j, at the tag', (text, line, column, tag) => {
    const { problem, value } = parseYaml(text);
    expect(value).toBeUndefined();
    expect(problem).toMatchObject({ line, column });
    expect(problem?.message).toContain(`The tag ${tag} `);
  });

  it("keeps the core schema's own tags, and a tag written inside quotes, as they are", () => {
    expect(parseYaml('a: !!str 2024\nb: !!int 3\nc: ! x\nd: "!!js/function x"\ne: !!null\nf: !!seq [1]\n').value).toEqual({
      a: '2024', b: 3, c: 'x', d: '!!js/function x', e: null, f: [1],
    });
  });

  it.each([
    ['title: x\ndate: 2024-01-01\n  author: x\n', 3, 3],
    ['title: x\ndate: 2024-01-01\n  author: x\ntags: [a]\n', 3, 3],
    ['title: x\ndescription: two\n  lines of text\n    author: x\n', 4, 5],
    ['author:\n  name: Ada\n   url: x\n', 3, 4],
  ])('points at an over-indented `key: value` line under a scalar, not at the scalar, in %j', (text, line, column) => {
    // The fast path takes no indented line but a list item, so both paths give this answer.
    expect(parseSimpleYaml(text)).toBeUndefined();
    expect(parseYaml(text).problem).toMatchObject({ line, column, message: expect.stringContaining('indented more than the key above it') });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      bomb.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const { problem, value } = parseYaml(`${bomb.join('\n')}\n`);
    expect(value).toBeUndefined();
    expect(problem).toBeDefined();
  });

  it('locates nested keys', () => {
    const { locate } = parseYaml('title: x\nauthor:\n  name: Ada\n  url: y\n');
    expect(locate('author.url')).toEqual({ line: 4, column: 3 });
    expect(locate('title')).toEqual({ line: 1, column: 1 });
  });
});
