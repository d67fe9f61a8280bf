import { createHash, hash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { engineFingerprint } from '../engine-fingerprint.js';
import { ShardedStore } from './sharded-store.js';
import type { BodyRef } from '../content/body-ref.js';
import type { CachedRead, Listing, ReadMemo } from '../content/read-memo.js';
import type { Post } from '../content/post.js';
import type { ReadPostResult } from '../content/read-post.js';

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** What reading gave, the post without its body. */
  result: ReadPostResult;
  /** Stands for the body, which is not kept. */
  body: BodyRef;
  /** A hash of the post as read (without its body): what the site model is made from. */
  fingerprint: string;
}

/**
 * Remembers what reading each post gave, so an unchanged file (same size, times and inode) is
 * not read and parsed again. Kept in memory by a watching process, and on disk between builds
 * (in shards, so saving after an edit rewrites little).
 *
 * Key: the file's path. Invalid: when its size, modification or change time or inode differs,
 * or when the scope (time zone, folder as shown) or quire's reading code differs (`version`).
 */
export class ReadCache implements ReadMemo {
  private readonly store: ShardedStore<Entry>;
  /** The last listing of the posts folder, kept while a watcher vouches for it (see `noteChange`). */
  private listing: Listing | undefined;
  /**
   * Files changed since the last read, as a watcher reported them; undefined when anything else
   * may have happened (a file added or removed, no watcher at all): every file is then checked.
   */
  private changed: Set<string> | undefined;
  /** Whether a watcher reports every change to the posts folder (see `noteChange`). */
  private watched = false;
  /** Each cached post with its bundle's assets, as the last read gave it out. */
  private readonly given = new WeakMap<Entry, Post>();

  /**
   * @param dir Where the cache persists (undefined: memory only).
   * @param scope Everything reading depends on besides the file: the site's time zone and the
   *   folder as shown in messages. Entries from another scope, or another quire, are not used.
   */
  constructor(dir: string | undefined, private scope: string) {
    this.store = new ShardedStore<Entry>(dir, ReadCache.version(scope));
  }

  private static version(scope: string): string {
    return createHash('sha256').update(engineFingerprint(['content', 'yaml', 'config', 'incremental'])).update(scope).digest('hex');
  }

  /** Makes sure the entries were read under `scope`; forgets them all otherwise. */
  useScope(scope: string): void {
    if (scope === this.scope) return;
    this.scope = scope;
    this.store.reset(ReadCache.version(scope));
    this.changed = undefined;
  }

  /**
   * From now on a watcher reports every change to the posts folder, as `noteChange` or
   * `noteUnknown`: reads then trust the last listing and look only at the files it reported.
   */
  watch(): void {
    this.watched = true;
  }

  /** The absolute paths of the last listing's posts, made when first asked for. */
  private listedPaths: Set<string> | undefined;

  /**
   * A watcher saw `file` (absolute) change in place. Until the next read, only the files noted
   * here are checked; the folder is not listed again and other files are not looked at. A file
   * the last listing does not hold (one just made, whose creation is not reported yet) makes
   * the next read list the folder.
   */
  noteChange(file: string): void {
    if (!this.changed || !this.listing) return;
    this.listedPaths ??= new Set(this.listing.sources.map((source) => source.absolutePath));
    if (this.listedPaths.has(file)) this.changed.add(file);
    else this.noteUnknown();
  }

  /** Something other than an edit in place happened (a file added, removed, renamed): check everything. */
  noteUnknown(): void {
    this.changed = undefined;
  }

  /**
   * The listing of `dir` and the files to check, when a watcher vouches that nothing else
   * changed since the last read; undefined when the folder must be listed and every file checked.
   */
  trusted(dir: string): { listing: Listing; changed: ReadonlySet<string> } | undefined {
    return this.listing?.dir === dir && this.changed ? { listing: this.listing, changed: this.changed } : undefined;
  }

  /**
   * Records a read of `dir`. Later reads trust it only while a watcher reports every change
   * (see `watch`); a listing that met symbolic links is never trusted.
   */
  listed(listing: Listing | undefined): void {
    const next = this.watched && listing && !listing.links ? listing : undefined;
    if (next !== this.listing) this.listedPaths = undefined;
    this.listing = next;
    this.changed = this.listing ? new Set() : undefined;
  }

  /**
   * What reading a file gave, if the file is unchanged since (its `stat` matches, or a watcher
   * vouches for it: `'unchanged'`). The post has no body, and comes with `assets`: the same
   * object each time, while the assets are the same.
   */
  get(relativePath: string, stat: Stats | 'unchanged', assets: string[]): { post: Post | undefined; read: CachedRead } | undefined {
    const entry = this.store.get(relativePath);
    if (!entry || (stat !== 'unchanged' && (entry.size !== stat.size || entry.mtimeMs !== stat.mtimeMs || entry.ctimeMs !== stat.ctimeMs || entry.ino !== stat.ino))) return undefined;
    const cached = entry.result.post;
    if (!cached) return { post: undefined, read: entry };
    let post = this.given.get(entry);
    if (!post || post.assets !== assets) {
      post = { ...cached, assets };
      this.given.set(entry, post);
    }
    return { post, read: entry };
  }

  /** Remembers what reading a file gave; the post's body is left out (`body` stands for it). Returns the post's fingerprint. */
  set(relativePath: string, stat: Stats, result: ReadPostResult, body: BodyRef): string {
    // The key stays (with no value) so cached posts keep the field order of fresh ones: page
    // keys hash JSON, and the same post must give the same key whichever way it was read.
    const kept = result.post ? { ...result, post: { ...result.post, body: undefined } } : result;
    const fingerprint = postFingerprint(kept.post);
    this.store.set(relativePath, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, result: kept, body, fingerprint });
    return fingerprint;
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

/** A hash of a post as read, without its body (or of its absence): equal for equal posts. */
export function postFingerprint(post: Post | undefined): string {
  return hash('sha256', JSON.stringify(post ?? null));
}
