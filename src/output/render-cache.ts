import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineFingerprint } from '../engine-fingerprint.js';
import type { PostSource, RenderedPost } from '../markdown/render-post.js';

/** What a cache entry stores beside the HTML: everything of a rendering but the body itself. */
type EntryMeta = Omit<RenderedPost, 'html'> & { key: string; htmlHash: string };


/**
 * The persistent render cache: one entry per post rendering under `<dir>/<xx>/<key>.json` (its
 * excerpt, reading time, problems, link dependencies) and `<key>.html` (its body).
 *
 * The key hashes the renderer, the markdown settings, the post's source path, URL and text.
 * Renderings also depend on what the post's links to other posts resolve to; those outcomes are
 * stored and compared on every read. An entry whose JSON does not parse, whose key differs, or
 * whose HTML does not match its recorded hash is treated as missing, never served.
 */
export class RenderCache {
  readonly dir: string;
  private readonly settings: string;

  constructor(dir: string, settings: string) {
    this.dir = dir;
    this.settings = settings;
  }

  /** The cache key of a post's rendering. */
  key(post: PostSource): string {
    return createHash('sha256')
      .update(`${engineFingerprint(['markdown'])}\0${this.settings}\0${post.source}\0${post.url}\0${post.bodyLine}\0`)
      .update(post.body)
      .digest('hex');
  }

  private file(key: string, ext: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.${ext}`);
  }

  /**
   * The cached rendering of `post` without its HTML (read it with `html`), or undefined when
   * there is none, it is damaged, or a link it depends on now resolves differently.
   */
  get(post: PostSource, outcomeOf: (source: string) => string): (Omit<RenderedPost, 'html'> & { key: string; htmlHash: string }) | undefined {
    const key = this.key(post);
    let meta: EntryMeta;
    try {
      meta = JSON.parse(readFileSync(this.file(key, 'json'), 'utf8')) as EntryMeta;
    } catch {
      return undefined;
    }
    if (meta.key !== key || !Array.isArray(meta.deps) || typeof meta.htmlHash !== 'string') return undefined;
    if (meta.deps.some(([source, outcome]) => outcomeOf(source) !== outcome)) return undefined;
    return meta;
  }

  /** The HTML of a cached entry, checked against the hash `get` returned; undefined if damaged. */
  html(key: string, htmlHash: string): string | undefined {
    let html: string;
    try {
      html = readFileSync(this.file(key, 'html'), 'utf8');
    } catch {
      return undefined;
    }
    return hashOf(html) === htmlHash ? html : undefined;
  }

  /**
   * Stores a rendering and returns its HTML's hash (for `html`). Written to a temporary name and
   * renamed, so readers never see half an entry.
   */
  put(key: string, rendered: RenderedPost): string {
    const { html, ...rest } = rendered;
    const meta: EntryMeta = { ...rest, key, htmlHash: hashOf(html) };
    mkdirSync(path.dirname(this.file(key, 'json')), { recursive: true });
    for (const [ext, contents] of [['html', html], ['json', JSON.stringify(meta)]] as const) {
      const target = this.file(key, ext);
      const temp = `${target}.${process.pid}.tmp`;
      writeFileSync(temp, contents);
      renameSync(temp, target);
    }
    return meta.htmlHash;
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Removes the whole cache folder (`quire clean`). */
export function clearCache(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
