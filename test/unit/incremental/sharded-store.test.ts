/**
 * The sharded store: entries come back from disk in a new instance; a save rewrites only the
 * shards whose entries changed; shards of another version, or damaged, count as empty.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ShardedStore } from '../../../src/incremental/sharded-store.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-sharded-store-');

interface Value {
  title: string;
  sizes: number[];
}

const keys = Array.from({ length: 48 }, (_, i) => `posts/2024-01-${String(i).padStart(2, '0')}-post.md`);
const value = (key: string, n = 1): Value => ({ title: `${key} v${n}`, sizes: [n, key.length] });

/** A store of every key in `keys`, saved to a fresh folder. */
function savedStore(): { dir: string; store: ShardedStore<Value> } {
  const dir = tempDir();
  const store = new ShardedStore<Value>(dir, 'v1');
  for (const key of keys) store.set(key, value(key));
  store.save();
  return { dir, store };
}

/** Each shard file's bytes and inode: a save writes a new file and renames it into place, so a rewrite changes the inode. */
function snapshot(dir: string): Map<string, { bytes: Buffer; ino: number }> {
  return new Map(readdirSync(dir).sort().map((name) => [name, { bytes: readFileSync(path.join(dir, name)), ino: statSync(path.join(dir, name)).ino }]));
}

function rewritten(before: ReturnType<typeof snapshot>, after: ReturnType<typeof snapshot>): string[] {
  expect([...after.keys()]).toEqual([...before.keys()]);
  return [...after].filter(([name, file]) => file.ino !== before.get(name)?.ino).map(([name]) => name);
}

/** The shard file `key` is kept in, found by saving it alone. */
function shardFileOf(key: string): string {
  const dir = tempDir();
  const store = new ShardedStore<Value>(dir, 'v1');
  store.set(key, value(key));
  store.save();
  const [name, ...more] = readdirSync(dir);
  expect(more).toEqual([]);
  return name as string;
}

describe('ShardedStore', () => {
  it('gives back every entry from disk in a new instance, deletions included', () => {
    const { dir, store } = savedStore();
    // Several keys spread over several shard files.
    expect(readdirSync(dir).filter((name) => /^\d+\.bin$/.test(name)).length).toBeGreaterThan(1);
    store.delete(keys[0] as string);
    store.set(keys[1] as string, value(keys[1] as string, 2));
    expect(store.get(keys[0] as string)).toBeUndefined();
    expect(store.get(keys[1] as string)).toEqual(value(keys[1] as string, 2));
    store.save();

    const loaded = new ShardedStore<Value>(dir, 'v1');
    expect(loaded.get(keys[0] as string)).toBeUndefined();
    expect(loaded.get(keys[1] as string)).toEqual(value(keys[1] as string, 2));
    for (const key of keys.slice(2)) expect(loaded.get(key)).toEqual(value(key));
    expect(new Map(loaded.entries())).toEqual(new Map(keys.slice(1).map((key, i) => [key, value(key, i === 0 ? 2 : 1)])));
  });

  it('writes nothing while nothing is set, and leaves a missing folder missing', () => {
    const { dir } = savedStore();
    const before = snapshot(dir);
    const store = new ShardedStore<Value>(dir, 'v1');
    store.delete('not/a/key.md');
    store.save();
    expect(rewritten(before, snapshot(dir))).toEqual([]);

    const absent = path.join(tempDir(), 'cache');
    const empty = new ShardedStore<Value>(absent, 'v1');
    empty.save();
    expect(existsSync(absent)).toBe(false);
  });

  it('after one change, rewrites only the shard that holds it', () => {
    const { dir } = savedStore();
    const before = snapshot(dir);
    const store = new ShardedStore<Value>(dir, 'v1');
    const key = keys[5] as string;
    store.set(key, value(key, 2));
    store.save();
    const after = snapshot(dir);
    const changed = rewritten(before, after);
    expect(changed).toEqual([shardFileOf(key)]);
    for (const [name, file] of after) {
      if (!changed.includes(name)) expect(file.bytes.equals(before.get(name)?.bytes as Buffer)).toBe(true);
    }
    expect(new ShardedStore<Value>(dir, 'v1').get(key)).toEqual(value(key, 2));

    // Saved once, a shard is not written again.
    store.save();
    expect(rewritten(after, snapshot(dir))).toEqual([]);

    // Deleting a key rewrites its shard too, and no other.
    const other = keys.find((k) => shardFileOf(k) !== changed[0]) as string;
    store.delete(other);
    store.save();
    expect(rewritten(after, snapshot(dir))).toEqual([shardFileOf(other)]);
  });

  it('counts shards of another version as empty, and rewrites them all on the next save', () => {
    const { dir } = savedStore();
    const before = snapshot(dir);
    const other = new ShardedStore<Value>(dir, 'v2');
    for (const key of keys) expect(other.get(key)).toBeUndefined();
    expect([...other.entries()]).toEqual([]);
    other.save();
    expect(rewritten(before, snapshot(dir)).sort()).toEqual([...before.keys()].sort());
    // Rewritten under v2, they hold nothing for v1 either.
    expect([...new ShardedStore<Value>(dir, 'v1').entries()]).toEqual([]);
  });

  it('empties on reset, whose version the next save writes', () => {
    const { dir, store } = savedStore();
    store.reset('v2');
    expect(store.get(keys[0] as string)).toBeUndefined();
    store.set(keys[0] as string, value(keys[0] as string, 3));
    store.save();
    expect([...new ShardedStore<Value>(dir, 'v1').entries()]).toEqual([]);
    expect([...new ShardedStore<Value>(dir, 'v2').entries()]).toEqual([[keys[0], value(keys[0] as string, 3)]]);
  });

  it('counts a damaged shard as empty, keeps the others, and repairs it on the next save', () => {
    const { dir } = savedStore();
    const names = readdirSync(dir).sort();
    const [cut, garbage] = names as [string, string];
    writeFileSync(path.join(dir, cut), readFileSync(path.join(dir, cut)).subarray(0, 20));
    writeFileSync(path.join(dir, garbage), 'garbage, not a shard');
    const lost = new Set(keys.filter((key) => [cut, garbage].includes(shardFileOf(key))));
    expect(lost.size).toBeGreaterThan(0);
    expect(lost.size).toBeLessThan(keys.length);

    const store = new ShardedStore<Value>(dir, 'v1');
    for (const key of keys) expect(store.get(key)).toEqual(lost.has(key) ? undefined : value(key));

    // Saving with no change rewrites the two damaged shards only.
    const before = snapshot(dir);
    store.save();
    expect(rewritten(before, snapshot(dir)).sort()).toEqual([cut, garbage].sort());
    const repaired = new ShardedStore<Value>(dir, 'v1');
    expect(new Map(repaired.entries())).toEqual(new Map(keys.filter((key) => !lost.has(key)).map((key) => [key, value(key)])));
  });
});
