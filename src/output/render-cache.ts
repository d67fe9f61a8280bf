import { hash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineFingerprint } from '../engine-fingerprint.js';
import { ShardedStore } from '../sharded-store.js';
import type { RenderedPost } from '../markdown/render-post.js';

/** What identifies a rendering: the post's path, URL, body position and a hash of its body. */
export interface RenderInputs {
  source: string;
  url: string;
  bodyLine: number;
  bodyHash: string;
}

/** What the cache keeps of a rendering besides its HTML. */
export type CachedRendering = Omit<RenderedPost, 'html'> & { key: string; htmlHash: string; source: string };

/**
 * The persistent render cache. Each post rendering's HTML is a file `<dir>/<xx>/<key>.html`;
 * everything else of it (excerpt, reading time, problems, link dependencies, the HTML's hash)
 * sits in an index, `<dir>/index/` (a few shard files), so a build finds all its cached posts
 * with a few reads instead of one per post.
 *
 * The key hashes the renderer, the markdown settings, the post's source path, URL and body.
 * Renderings also depend on what the post's links to other posts resolve to; those outcomes are
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
  private readonly madeDirs = new Set<string>();
  /** The last key computed for each post, with what it was computed from. */
  private readonly keys = new Map<string, RenderInputs & { key: string }>();

  constructor(dir: string, settings: string) {
    this.dir = dir;
    this.settings = settings;
    // The format number changes with the shape of the index.
    this.version = `index-1\0${engineFingerprint(['markdown'])}\0${settings}`;
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

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.html`);
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
    let html: string;
    try {
      html = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    return hashOf(html) === htmlHash ? html : undefined;
  }

  /**
   * Stores a rendering and returns its HTML's hash (for `html`); the index is written by `save`.
   * The HTML is written in place, without a temporary file: a reader checks it against the hash
   * anyway, and a cold build stores thousands of entries on the thread that also feeds workers.
   */
  put(key: string, source: string, rendered: RenderedPost): string {
    const { html, ...rest } = rendered;
    const entry: CachedRendering = { ...rest, key, source, htmlHash: hashOf(html) };
    const target = this.file(key);
    const dir = path.dirname(target);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    try {
      writeFileSync(target, html);
    } catch (error) {
      // The folder went away (`quire clean` while serving): make it again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dir, { recursive: true });
      writeFileSync(target, html);
    }
    this.entries.set(key, entry);
    this.used.add(key);
    return entry.htmlHash;
  }

  /**
   * Writes the index (atomically) if anything changed. Entries of `published` posts that this
   * build did not use are outdated renderings of them and are dropped with their HTML; entries
   * of other posts that still exist (drafts, future posts) are kept for builds that show them.
   */
  save(published: ReadonlySet<string>, existing: ReadonlySet<string>): void {
    for (const [key, entry] of [...this.entries.entries()]) {
      if (this.used.has(key)) continue;
      if (published.has(entry.source) || !existing.has(entry.source)) {
        this.entries.delete(key);
        rmSync(this.file(key), { force: true });
      }
    }
    this.entries.save();
    // A watching process keeps this cache: the next build counts its own uses.
    this.used.clear();
  }
}

function hashOf(text: string): string {
  return hash('sha256', text);
}

/** Removes the whole cache folder (`quire clean`). */
export function clearCache(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
