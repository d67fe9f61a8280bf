import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { serialize } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyMemo } from '../../../src/incremental/page-keys.js';
import { dataKey } from '../../../src/render/page-keys.js';
import { sameJson } from '../../../src/render/same-json.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-keys-');

/** Values of the kinds page data hold, plus the ones JSON treats specially. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, false, null, undefined),
    fc.constant(new Date(0)),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'toJSON'), tie('node'), { maxKeys: 3 })),
})).node;

describe('sameJson', () => {
  it('is true only when the JSON texts are equal', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        if (sameJson(a, b)) expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds equal plain data equal, however it was built', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (a) => {
        expect(sameJson(a, JSON.parse(JSON.stringify(a)))).toBe(true);
      }),
    );
    expect(sameJson({ a: [1, { b: 'x' }], c: undefined }, { a: [1, { b: 'x' }], c: undefined })).toBe(true);
  });

  it('tells apart what JSON tells apart: key order, arrays and objects, nested changes', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
    // Class instances are never looked into: their JSON is their own business.
    expect(sameJson(new Date(0), new Date(0))).toBe(false);
  });
});

/** A key made from data as they are, with nothing that names what they are made from. */
const key = (memo: KeyMemo, slot: string, prefix: string, data: unknown) => memo.keyBy(slot, prefix, undefined, () => data);

describe('KeyMemo', () => {
  it('gives the key dataKey gives, hashing again only data that changed', () => {
    const memo = new KeyMemo();
    const first = { title: 'A', posts: ['k1', 'k2'] };
    expect(key(memo, 'a.html', 'p', first)).toBe(dataKey('p', first));
    expect(key(memo, 'b.html', 'p', { title: 'B' })).toBe(dataKey('p', { title: 'B' }));
    memo.commit();
    expect(memo.last).toEqual({ reused: 0, hashed: 2 });

    // The next build: equal data (new objects) reuse their key, changed data and prefixes do not.
    expect(key(memo, 'a.html', 'p', { title: 'A', posts: ['k1', 'k2'] })).toBe(dataKey('p', first));
    expect(key(memo, 'b.html', 'p', { title: 'B2' })).toBe(dataKey('p', { title: 'B2' }));
    expect(key(memo, 'c.html', 'q', { title: 'A', posts: ['k1', 'k2'] })).toBe(dataKey('q', first));
    memo.commit();
    expect(memo.last).toEqual({ reused: 1, hashed: 2 });
    expect(key(memo, 'a.html', 'q', first)).toBe(dataKey('q', first));
    memo.commit();
    expect(memo.last).toEqual({ reused: 0, hashed: 1 });
  });

  it('forgets a build that did not finish', () => {
    const memo = new KeyMemo();
    key(memo, 'a.html', 'p', { v: 1 });
    memo.commit();
    key(memo, 'a.html', 'p', { v: 2 });
    memo.discard();
    // Compared with the last finished build, not the abandoned one.
    expect(key(memo, 'a.html', 'p', { v: 1 })).toBe(dataKey('p', { v: 1 }));
    memo.commit();
    expect(memo.last).toEqual({ reused: 1, hashed: 0 });
  });
});

describe('KeyMemo between processes', () => {
  it('saves the keys named by hashes only, and a loaded memo reuses them while the hashes stay the same', () => {
    const file = path.join(tempDir(), 'keys.bin');
    const memo = new KeyMemo();
    const data = (n: number) => () => ({ n });
    memo.keyBy('a.html', 'p', ['model-1', 'summary-1'], data(1));
    memo.keyBy('b.html', 'p', [{ identity: 'not saved' }], data(2));
    key(memo, 'c.html', 'p', { n: 3 });
    memo.commit();
    memo.save(file, 'v1');

    const loaded = KeyMemo.load(file, 'v1');
    let made = 0;
    const counted = (n: number) => () => (made++, { n });
    expect(loaded.keyBy('a.html', 'p', ['model-1', 'summary-1'], counted(1))).toBe(dataKey('p', { n: 1 }));
    expect(made).toBe(0);
    // Not saved (an object among its deps, or no deps): made and hashed again.
    expect(loaded.keyBy('b.html', 'p', [{ identity: 'not saved' }], counted(2))).toBe(dataKey('p', { n: 2 }));
    expect(key(loaded, 'c.html', 'p', { n: 3 })).toBe(dataKey('p', { n: 3 }));
    // A changed hash, or a changed prefix, makes and hashes the data.
    expect(loaded.keyBy('a.html', 'p', ['model-2', 'summary-1'], counted(5))).toBe(dataKey('p', { n: 5 }));
    expect(made).toBe(2);
    loaded.commit();
    expect(loaded.last).toEqual({ reused: 1, hashed: 3 });
  });

  it('carries every saved key, with empty and repeated strings among prefixes and deps', () => {
    const file = path.join(tempDir(), 'keys.bin');
    const rows: Array<[string, string, string[]]> = [['s1', '', ['', 'x']], ['s2', '', ['x', 'x']], ['s3', 'p', ['']], ['s4', 'p', []], ['s5', '', ['y', '', 'x']]];
    const memo = new KeyMemo();
    for (const [slot, prefix, deps] of rows) memo.keyBy(slot, prefix, deps, () => slot);
    memo.commit();
    memo.save(file, 'v1');
    const loaded = KeyMemo.load(file, 'v1');
    for (const [slot, prefix, deps] of rows) expect(loaded.keyBy(slot, prefix, [...deps], () => 'made again')).toBe(dataKey(prefix, slot));
    loaded.commit();
    expect(loaded.last).toEqual({ reused: rows.length, hashed: 0 });
  });

  it('starts empty from another version, a damaged file or none', () => {
    const dir = tempDir();
    const file = path.join(dir, 'keys.bin');
    const memo = new KeyMemo();
    memo.keyBy('a.html', 'p', ['x'], () => 1);
    memo.commit();
    memo.save(file, 'v1');
    const reused = (m: KeyMemo) => {
      m.keyBy('a.html', 'p', ['x'], () => 1);
      m.commit();
      return m.last.reused;
    };
    expect(reused(KeyMemo.load(file, 'v1'))).toBe(1);
    expect(reused(KeyMemo.load(file, 'v2'))).toBe(0);
    expect(reused(KeyMemo.load(path.join(dir, 'none.bin'), 'v1'))).toBe(0);
    writeFileSync(file, 'not a memo');
    expect(reused(KeyMemo.load(file, 'v1'))).toBe(0);
    // Rows naming a string that is not there, running past the end, or left over.
    const saved = (rows: number[]) => serialize({ version: 'v1', slots: ['a.html'], keys: ['k'], strings: ['p', 'x'], rows: Uint32Array.from(rows) });
    writeFileSync(file, saved([0, 1, 7]));
    expect(reused(KeyMemo.load(file, 'v1'))).toBe(0);
    writeFileSync(file, saved([0, 2, 1]));
    expect(reused(KeyMemo.load(file, 'v1'))).toBe(0);
    writeFileSync(file, saved([0, 1, 1, 0]));
    expect(reused(KeyMemo.load(file, 'v1'))).toBe(0);
    // The same rows, whole: the key is reused.
    writeFileSync(file, saved([0, 1, 1]));
    expect(reused(KeyMemo.load(file, 'v1'))).toBe(1);
  });
});
