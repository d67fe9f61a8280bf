import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../atomic-file.js';

/**
 * A map persisted as a fixed number of shard files (`<dir>/<n>.bin`, v8-serialized). Saving
 * rewrites only the shards whose entries changed, so a build that changed one post writes a
 * few hundred kilobytes instead of the whole store. Each shard carries `version`; a shard
 * written by other code, or damaged, counts as empty and is rewritten on the next save.
 */
export class ShardedStore<V> {
  private readonly shards: Array<Map<string, V>> = [];
  /** Every entry, for lookups: a build looks up thousands, and a key's shard takes hashing it. */
  private readonly index = new Map<string, V>();
  private readonly dirty = new Set<number>();

  constructor(
    private readonly dir: string | undefined,
    private version: string,
    private readonly count = 16,
  ) {
    for (let n = 0; n < count; n++) {
      let entries = new Map<string, V>();
      if (dir) {
        try {
          const stored = deserialize(readFileSync(this.file(n))) as { version: string; entries: Map<string, V> };
          if (stored.version === version && stored.entries instanceof Map) entries = stored.entries;
          else this.dirty.add(n);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.dirty.add(n);
        }
      }
      this.shards.push(entries);
      for (const [key, value] of entries) this.index.set(key, value);
    }
  }

  private file(n: number): string {
    return path.join(this.dir as string, `${n}.bin`);
  }

  /** FNV-1a of the key: spreads path-like and hex keys alike. */
  private shardOf(key: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return (h >>> 0) % this.count;
  }

  get(key: string): V | undefined {
    return this.index.get(key);
  }

  set(key: string, value: V): void {
    const n = this.shardOf(key);
    this.shards[n]?.set(key, value);
    this.index.set(key, value);
    this.dirty.add(n);
  }

  delete(key: string): void {
    const n = this.shardOf(key);
    this.index.delete(key);
    if (this.shards[n]?.delete(key)) this.dirty.add(n);
  }

  /** Empties the store, whose entries now belong to `version` (every shard is rewritten on save). */
  reset(version: string): void {
    this.version = version;
    this.index.clear();
    this.shards.forEach((shard, n) => {
      shard.clear();
      this.dirty.add(n);
    });
  }

  *entries(): Generator<[string, V]> {
    for (const shard of this.shards) yield* shard;
  }

  /** Writes the changed shards, each atomically (a reader sees the old shard or the new one). */
  save(): void {
    if (!this.dir || this.dirty.size === 0) return;
    mkdirSync(this.dir, { recursive: true });
    for (const n of this.dirty) {
      writeFileAtomic(this.file(n), serialize({ version: this.version, entries: this.shards[n] }));
    }
    this.dirty.clear();
  }
}
