import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { engineFingerprint } from '../engine-fingerprint.js';
import type { ReadPostResult } from './read-post.js';

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  result: ReadPostResult;
}

/**
 * Remembers what reading each post gave, so an unchanged file (same size, times and inode) is
 * not read and parsed again. Kept in memory by a watching process, and on disk between builds.
 */
export class ReadCache {
  private entries = new Map<string, Entry>();
  private dirty = false;
  private readonly file: string | undefined;

  /**
   * @param file Where the cache persists (undefined: memory only).
   * @param scope Everything reading depends on besides the file: the site's time zone and the
   *   folder as shown in messages. Entries from another scope, or another quire, are not used.
   */
  constructor(file: string | undefined, private scope: string) {
    this.file = file;
    if (!file) return;
    try {
      const stored = deserialize(readFileSync(file)) as { key: string; entries: Map<string, Entry> };
      if (stored.key === this.key()) this.entries = stored.entries;
    } catch {
      // Missing or damaged: start empty.
    }
  }

  private key(): string {
    return createHash('sha256').update(engineFingerprint(['content', 'yaml', 'config'])).update(this.scope).digest('hex');
  }

  /** Makes sure the entries were read under `scope`; forgets them all otherwise. */
  useScope(scope: string): void {
    if (scope === this.scope) return;
    this.scope = scope;
    this.entries.clear();
    this.dirty = true;
  }

  /** The cached result for a file, if the file is unchanged since it was read. */
  get(relativePath: string, stat: Stats): ReadPostResult | undefined {
    const entry = this.entries.get(relativePath);
    if (!entry || entry.size !== stat.size || entry.mtimeMs !== stat.mtimeMs || entry.ctimeMs !== stat.ctimeMs || entry.ino !== stat.ino) return undefined;
    return entry.result;
  }

  set(relativePath: string, stat: Stats, result: ReadPostResult): void {
    this.entries.set(relativePath, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, result });
    this.dirty = true;
  }

  /** Forgets files that no longer exist. */
  keepOnly(relativePaths: ReadonlySet<string>): void {
    for (const key of this.entries.keys()) {
      if (!relativePaths.has(key)) {
        this.entries.delete(key);
        this.dirty = true;
      }
    }
  }

  /** Writes the cache to disk if anything changed (atomically: a reader sees old or new). */
  save(): void {
    if (!this.file || !this.dirty) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, serialize({ key: this.key(), entries: this.entries }));
    renameSync(temp, this.file);
    this.dirty = false;
  }
}
