import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { engineFingerprint } from '../engine-fingerprint.js';
import { ShardedStore } from '../sharded-store.js';
import type { ReadPostResult } from './read-post.js';
import type { BodyRef } from './read-posts.js';

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** What reading gave, the post without its body. */
  result: ReadPostResult;
  /** Stands for the body, which is not kept. */
  body: BodyRef;
}

/** What the cache holds of a file. */
export interface CachedRead {
  result: ReadPostResult;
  body: BodyRef;
}

/**
 * Remembers what reading each post gave, so an unchanged file (same size, times and inode) is
 * not read and parsed again. Kept in memory by a watching process, and on disk between builds
 * (in shards, so saving after an edit rewrites little).
 */
export class ReadCache {
  private readonly store: ShardedStore<Entry>;

  /**
   * @param dir Where the cache persists (undefined: memory only).
   * @param scope Everything reading depends on besides the file: the site's time zone and the
   *   folder as shown in messages. Entries from another scope, or another quire, are not used.
   */
  constructor(dir: string | undefined, private scope: string) {
    this.store = new ShardedStore<Entry>(dir, ReadCache.version(scope));
  }

  private static version(scope: string): string {
    return createHash('sha256').update(engineFingerprint(['content', 'yaml', 'config'])).update(scope).digest('hex');
  }

  /** Makes sure the entries were read under `scope`; forgets them all otherwise. */
  useScope(scope: string): void {
    if (scope === this.scope) return;
    this.scope = scope;
    this.store.reset(ReadCache.version(scope));
  }

  /** The cached result for a file, if the file is unchanged since it was read. Its post has no body. */
  get(relativePath: string, stat: Stats): CachedRead | undefined {
    const entry = this.store.get(relativePath);
    if (!entry || entry.size !== stat.size || entry.mtimeMs !== stat.mtimeMs || entry.ctimeMs !== stat.ctimeMs || entry.ino !== stat.ino) return undefined;
    return entry;
  }

  /** Remembers what reading a file gave; the post's body is left out (`body` stands for it). */
  set(relativePath: string, stat: Stats, result: ReadPostResult, body: BodyRef): void {
    // The key stays (with no value) so cached posts keep the field order of fresh ones: page
    // keys hash JSON, and the same post must give the same key whichever way it was read.
    const kept = result.post ? { ...result, post: { ...result.post, body: undefined } } : result;
    this.store.set(relativePath, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, result: kept, body });
  }

  /** Forgets files that no longer exist. */
  keepOnly(relativePaths: ReadonlySet<string>): void {
    for (const [key] of [...this.store.entries()]) {
      if (!relativePaths.has(key)) this.store.delete(key);
    }
  }

  /** Writes what changed to disk. */
  save(): void {
    this.store.save();
  }
}
