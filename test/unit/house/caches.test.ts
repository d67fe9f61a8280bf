/**
 * Every cache states its key and when it is invalid where it is made: a memo kept in module
 * state (a Map or WeakMap at the top level of a module) must say "Key:" and "Invalid:" in the
 * comment just above it, and be listed in the README's table of caches. A new hidden cache
 * fails here rather than in review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const src = path.join(repo, 'src');

/**
 * Each top-level `const|let name = new Map|WeakMap()` of `text`, made empty (a memo fills it;
 * one made from entries is a constant table), with the comment lines right above it.
 */
function moduleMemos(text: string): Array<{ name: string; comment: string }> {
  const lines = text.split('\n');
  const found: Array<{ name: string; comment: string }> = [];
  lines.forEach((line, i) => {
    const match = /^(?:const|let) (\w+)(?::[^=]+)? = new (?:Weak)?Map(?:<.*>)?\(\);?\s*$/.exec(line);
    if (!match?.[1]) return;
    let j = i - 1;
    while (j >= 0 && /^\s*(\/\/|\/\*\*|\*)/.test(lines[j] ?? '')) j--;
    found.push({ name: match[1], comment: lines.slice(j + 1, i).join('\n') });
  });
  return found;
}

const sources = (readdirSync(src, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => ({ file: `src/${file.split(path.sep).join('/')}`, memos: moduleMemos(readFileSync(path.join(src, file), 'utf8')) }))
  .filter(({ memos }) => memos.length > 0);

describe('caches kept in module state', () => {
  it('finds them (the scan itself works)', () => {
    expect(moduleMemos('/** Key: a. Invalid: b. */\nconst seen = new WeakMap<object, string>();\nconst table = new Set([1]);\nconst names = new Map([[\'a\', 1]]);\nlet calls = new Map<string, () => void>();'))
      .toEqual([{ name: 'seen', comment: '/** Key: a. Invalid: b. */' }, { name: 'calls', comment: '' }]);
    expect(sources.length).toBeGreaterThan(5);
  });

  it('each states its key and when it is invalid, just above it', () => {
    const silent = sources.flatMap(({ file, memos }) => memos.filter(({ comment }) => !/Key:/.test(comment) || !/Invalid:/.test(comment)).map(({ name }) => `${file}: ${name}`));
    expect(silent).toEqual([]);
  });

  it('each file holding one is named in the README\'s table of caches', () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Caches'));
    expect(table.length).toBeLessThan(readme.length);
    expect(sources.map(({ file }) => file).filter((file) => !table.includes(`\`${file}\``))).toEqual([]);
  });
});
