import { hash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { engineFingerprint } from '../engine-fingerprint.js';
import { ShardedStore } from './sharded-store.js';
import type { RenderedPost } from '../markdown/render-post.js';
import { isAlive } from '../output/lock.js';

/** What identifies a rendering: the post's path, URL, body position and a hash of its body. */
export interface RenderInputs {
  source: string;
  url: string;
  bodyLine: number;
  bodyHash: string;
}

/** Where a rendering's HTML is: a pack file, and the bytes in it. */
export interface PackedHtml {
  pack: string;
  offset: number;
  length: number;
}

/** What the cache keeps of a rendering besides its HTML. */
export type CachedRendering = Omit<RenderedPost, 'html'> & { key: string; htmlHash: string; source: string } & PackedHtml;

/**
 * The persistent render cache. The renderings' HTML is appended to pack files,
 * `<dir>/packs/<pid>-<n>.pack`, one per process at a time, so a process never writes where
 * another does; everything else of a rendering (excerpt, reading time, problems, link
 * dependencies, the HTML's hash, where its HTML is) sits in an index, `<dir>/index/` (a few
 * shard files), so a build finds all its cached posts with a few reads instead of one per post.
 * (One file per rendering cost a cold build of 10,000 posts 10,000 file creations, and reading
 * them back as many opens.) Packs whose renderings are mostly outdated are compacted on save.
 *
 * Key: a hash of the renderer, the markdown settings, the post's source path, URL and body.
 * Invalid: when what the post's links to other posts resolve to differs; those outcomes are
 * stored and compared on every lookup. A damaged or foreign index counts as empty, and HTML
 * that does not match its recorded hash is treated as missing: neither is ever served.
 */
export class RenderCache {
  readonly dir: string;
  /** What besides the post the renderings depend on (markdown settings). */
  readonly settings: string;
  /** Everything besides the post that keys depend on: the index format, the renderer, the settings. */
  private readonly version: string;
  private readonly entries: ShardedStore<CachedRendering>;
  private readonly used = new Set<string>();
  /** The pack this process appends to, its descriptor and size; made on the first `put`. */
  private writing: { name: string; fd: number; size: number } | undefined;
  private readonly readers = new Map<string, number>();
  /** The last key computed for each post, with what it was computed from. */
  private readonly keys = new Map<string, RenderInputs & { key: string }>();

  constructor(dir: string, settings: string) {
    this.dir = dir;
    this.settings = settings;
    // The format number changes with the shape of the index.
    this.version = `index-1\0${engineFingerprint(['markdown', 'incremental'])}\0${settings}`;
    this.entries = new ShardedStore(path.join(dir, 'index'), this.version);
  }

  /** The cache key of a post's rendering. */
  key(post: RenderInputs): string {
    // A watching process asks for the keys of thousands of unchanged posts on every rebuild.
    const last = this.keys.get(post.source);
    if (last && last.url === post.url && last.bodyLine === post.bodyLine && last.bodyHash === post.bodyHash) return last.key;
    const key = hash('sha256', `${this.version}\0${post.source}\0${post.url}\0${post.bodyLine}\0${post.bodyHash}`);
    this.keys.set(post.source, { ...post, key });
    return key;
  }

  private packFile(name: string): string {
    return path.join(this.dir, 'packs', `${name}.pack`);
  }

  /**
   * The cached rendering of `post` without its HTML (read it with `html`), or undefined when
   * there is none or a link it depends on now resolves differently.
   */
  get(post: RenderInputs, outcomeOf: (source: string) => string): CachedRendering | undefined {
    const key = this.key(post);
    const entry = this.entries.get(key);
    if (!entry || entry.key !== key || !Array.isArray(entry.deps) || typeof entry.htmlHash !== 'string') return undefined;
    if (entry.deps.some(([source, outcome]) => outcomeOf(source) !== outcome)) return undefined;
    this.used.add(key);
    return entry;
  }

  /**
   * Uses again an entry `get` gave for the same post in the same site model, if it is still
   * held: the inputs and the links' outcomes are then as they were.
   */
  reuse(entry: CachedRendering): boolean {
    if (this.entries.get(entry.key) !== entry) return false;
    this.used.add(entry.key);
    return true;
  }

  /** The HTML of a cached entry, checked against the hash `get` returned; undefined if damaged. */
  html(key: string, htmlHash: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry || typeof entry.pack !== 'string' || !Number.isInteger(entry.offset) || !Number.isInteger(entry.length)) return undefined;
    let html: string;
    try {
      html = this.read(entry);
    } catch {
      return undefined;
    }
    return hashOf(html) === htmlHash && entry.htmlHash === htmlHash ? html : undefined;
  }

  private read(entry: PackedHtml): string {
    let fd = this.readers.get(entry.pack);
    if (fd === undefined) this.readers.set(entry.pack, (fd = openSync(this.packFile(entry.pack), 'r')));
    const bytes = Buffer.allocUnsafe(entry.length);
    if (readSync(fd, bytes, 0, entry.length, entry.offset) !== entry.length) throw new Error('short read');
    return bytes.toString('utf8');
  }

  /**
   * Stores a rendering and returns its HTML's hash (for `html`); the index is written by `save`.
   * The HTML is appended to this process's pack: a reader checks it against the hash anyway,
   * and bytes of a killed build that no saved index names are dropped by a later compaction.
   */
  put(key: string, source: string, rendered: RenderedPost): string {
    const { html, ...rest } = rendered;
    const placed = this.append(Buffer.from(html, 'utf8'));
    const entry: CachedRendering = { ...rest, key, source, htmlHash: hashOf(html), ...placed };
    this.entries.set(key, entry);
    this.used.add(key);
    return entry.htmlHash;
  }

  private append(bytes: Buffer): PackedHtml {
    if (!this.writing) {
      // A new file of this process's own ('wx': never one that exists), so offsets count from 0.
      const name = `${process.pid}-${randomBytes(6).toString('hex')}`;
      mkdirSync(path.join(this.dir, 'packs'), { recursive: true });
      this.writing = { name, fd: openSync(this.packFile(name), 'wx'), size: 0 };
    }
    const { writing } = this;
    let done = 0;
    while (done < bytes.length) done += writeSync(writing.fd, bytes, done, bytes.length - done);
    const placed = { pack: writing.name, offset: writing.size, length: bytes.length };
    writing.size += bytes.length;
    return placed;
  }

  /**
   * Writes the index (atomically) if anything changed. Entries of `published` posts that this
   * build did not use are outdated renderings of them and are dropped; entries of other posts
   * that still exist (drafts, future posts) are kept for builds that show them. Then packs are
   * tidied (see `compact`), and the next `put` starts a new pack.
   */
  save(published: ReadonlySet<string>, existing: ReadonlySet<string>): void {
    for (const [key, entry] of [...this.entries.entries()]) {
      if (this.used.has(key)) continue;
      if (published.has(entry.source) || !existing.has(entry.source)) this.entries.delete(key);
    }
    const finished = this.writing;
    if (finished) closeSync(finished.fd);
    this.writing = undefined;
    const drop = this.compact(finished?.name);
    this.entries.save();
    // Packs go only once the index that no longer names them is saved.
    this.closeReaders();
    for (const name of drop) rmSync(this.packFile(name), { force: true });
    // A watching process keeps this cache: the next build counts its own uses.
    this.used.clear();
  }

  /**
   * Which packs to remove, after copying what is still used in them to a new pack: a pack of a
   * process that is gone (or of this one, from an earlier build) whose used bytes are less than
   * half of it, or which is small while there are many packs (a watching process makes a small
   * one per rebuild). Packs of other running processes are left alone: their index is not saved
   * yet. A pack no entry names (a killed build's) is removed.
   */
  private compact(justWritten: string | undefined): string[] {
    let names: string[];
    try {
      names = readdirSync(path.join(this.dir, 'packs')).filter((n) => n.endsWith('.pack')).map((n) => n.slice(0, -5));
    } catch {
      return [];
    }
    const live = new Map<string, CachedRendering[]>();
    for (const [, entry] of this.entries.entries()) {
      const list = live.get(entry.pack);
      if (list) list.push(entry);
      else live.set(entry.pack, [entry]);
    }
    const sizes = new Map(names.map((name) => [name, statSync(this.packFile(name), { throwIfNoEntry: false })?.size ?? 0]));
    const small = names.length > 16;
    const drop: string[] = [];
    for (const name of names) {
      const pid = Number.parseInt(name, 10);
      if (name === justWritten || (pid !== process.pid && isAlive(pid))) continue;
      const entries = live.get(name) ?? [];
      const used = entries.reduce((sum, e) => sum + e.length, 0);
      const size = sizes.get(name) ?? 0;
      if (entries.length > 0 && used * 2 >= size && !(small && size < 1 << 20)) continue;
      for (const entry of entries) {
        let html: Buffer;
        try {
          html = Buffer.from(this.read(entry), 'utf8');
        } catch {
          this.entries.delete(entry.key);
          continue;
        }
        this.entries.set(entry.key, { ...entry, ...this.append(html) });
      }
      drop.push(name);
    }
    if (this.writing) {
      closeSync(this.writing.fd);
      this.writing = undefined;
    }
    return drop;
  }

  private closeReaders(): void {
    for (const fd of this.readers.values()) closeSync(fd);
    this.readers.clear();
  }
}

function hashOf(text: string): string {
  return hash('sha256', text);
}

/** Removes the whole cache folder (`quire clean`). */
export function clearCache(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
