import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../config/site-config.js';
import { hashBody, type BodyRef } from './body-ref.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { findSources } from './find-sources.js';
import { splitFrontMatter } from './front-matter.js';
import type { Post } from './post.js';
import type { ReadMemo } from './read-memo.js';
import { readPost, templateFields, type ReadPostResult } from './read-post.js';
import { decodeSourceText, firstInvalidUtf8 } from './source-text.js';
import { codeFrame } from '../diagnostics/code-frame.js';
import { displayPath } from '../diagnostics/display-path.js';

/** What reading the posts folder gave. */
export interface ReadPosts {
  posts: Post[];
  diagnostics: Diagnostic[];
  /** Where each post's body is, by source path (see `BodyRef`). */
  bodies: Map<string, BodyRef>;
  /**
   * Each post's fingerprint (`postFingerprint` of it as read, without its assets), by source
   * path; only for posts a read cache holds.
   */
  fingerprints: Map<string, string>;
}

/** What sets a folder of pages apart from the posts folder. */
export interface ReadOptions {
  /** What the folder holds; default: posts. */
  kind?: Post['kind'];
  /** Put before each file's path to make its `source` (for pages, the way from the posts folder). */
  sourcePrefix?: string;
}

/**
 * Reads every post (or page, see `ReadOptions`) under `postsDir`. Each bad file becomes diagnostics and the others are
 * still read, so the author sees every problem of the build at once.
 *
 * Posts come without their body (see `BodyRef`).
 */
export function readPosts(postsDir: string, config: Pick<SiteConfig, 'timeZone'> & Partial<Pick<SiteConfig, 'taxonomies'>>, cache?: ReadMemo, options: ReadOptions = {}): ReadPosts {
  const { kind = 'post', sourcePrefix = '' } = options;
  const shownDir = displayPath(postsDir);
  // While a watcher vouches for the folder, its listing is reused and only edited files are looked at.
  const trusted = cache?.trusted(postsDir);
  const listing = trusted?.listing ?? { dir: postsDir, ...findSources(postsDir, shownDir) };
  const { sources } = listing;
  const diagnostics = [...listing.diagnostics];
  const posts: Post[] = [];
  const bodies = new Map<string, BodyRef>();
  const fingerprints = new Map<string, string>();
  const unknown = new Map<string, { count: number; file: string; line?: number; column?: number; frame?: string }>();
  if (!trusted) cache?.keepOnly(new Set(sources.map((source) => source.relativePath)));
  for (const source of sources) {
    let stat: Stats | 'unchanged' | undefined = !trusted || trusted.changed.has(source.absolutePath) ? statOf(source.absolutePath) : 'unchanged';
    const cached = stat && cache?.get(source.relativePath, stat, source.assets);
    // A cached post is used unless it brings the first sighting of an unknown field, whose
    // warning shows a frame of the file: then the file is read again.
    if (cached && knownFields(cached.post?.extra, unknown)) {
      diagnostics.push(...cached.read.result.diagnostics);
      const { post } = cached;
      if (!post) continue;
      posts.push(post);
      bodies.set(post.source, cached.read.body);
      fingerprints.set(post.source, cached.read.fingerprint);
      for (const key in post.extra) (unknown.get(key) as { count: number }).count++;
      continue;
    }
    if (stat === 'unchanged') stat = statOf(source.absolutePath);
    const file = path.join(shownDir, source.relativePath);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(source.absolutePath);
    } catch (error) {
      diagnostics.push(diagnostic('error', 'SourceUnreadable', { file }, `Cannot read this file: ${(error as Error).message}`));
      continue;
    }
    const decoded = decodeSourceText(bytes);
    if ('problem' in decoded) {
      // A text file with a stray byte gets the byte's position and a frame; a binary file only its name.
      const at = decoded.problem === 'encoding' ? firstInvalidUtf8(bytes) : undefined;
      const d = diagnostic('error', 'SourceEncoding', { file, line: at?.line, column: at?.column },
        decoded.problem === 'binary' ? 'This file is binary, not markdown text.' : 'This file is not valid UTF-8 text.',
        decoded.problem === 'binary' ? 'Rename or move it out of the posts folder.' : 'Save it again as UTF-8 in your editor.');
      if (at) d.frame = codeFrame(new TextDecoder().decode(bytes).replace(/\r\n?/g, '\n'), at.line, at.column);
      diagnostics.push(d);
      continue;
    }
    const read: ReadPostResult = readPost(decoded.text, sourcePrefix + source.relativePath, file, config, source.assets, kind);
    const body = read.post?.body ?? '';
    // A copy, kept for the whole build and without the body (the field stays, empty, so fresh and
    // cached posts key alike): the parsed strings (title, tags...) are slices of the file's text
    // and would keep every file's text in memory, 13 KB a post on a typical blog.
    const result: ReadPostResult = read.post ? { ...read, post: structuredClone({ ...read.post, body: undefined }) } : read;
    const ref: BodyRef = { hash: hashBody(body), offset: decoded.text.endsWith(body) ? decoded.text.length - body.length : -1 };
    const fingerprint = stat && cache?.set(source.relativePath, stat, result, ref);
    diagnostics.push(...result.diagnostics);
    if (!result.post) continue;
    posts.push(result.post);
    bodies.set(result.post.source, ref);
    if (fingerprint) fingerprints.set(result.post.source, fingerprint);
    for (const key of Object.keys(result.post.extra)) {
      const seen = unknown.get(key);
      if (seen) seen.count++;
      else {
        const pos = Object.hasOwn(result.post.positions ?? {}, key) ? result.post.positions?.[key] : undefined;
        unknown.set(key, pos ? { count: 1, file, ...pos, frame: codeFrame(decoded.text, pos.line, pos.column) } : { count: 1, file });
      }
    }
  }
  cache?.listed(listing);
  // One warning per unknown field name, not per post: a 10,000-post blog with a `category`
  // field should read one line, not ten thousand.
  for (const [key, { count, file, line, column, frame }] of unknown) {
    if (templateFields.includes(key) || config.taxonomies?.some((taxonomy) => taxonomy.name === key)) continue;
    const d = diagnostic('warning', 'UnknownField', { file, line, column },
      `Front-matter field "${key}" is not one quire uses${count > 1 ? ` (in ${count} posts; this is the first)` : ''}; it is kept as post.extra.${key} for templates.`,
      'Check the spelling if you meant a built-in field: title, date, updated, tags, description, slug, draft, comments, aliases.');
    if (frame) d.frame = frame;
    diagnostics.push(d);
  }
  return { posts, diagnostics, bodies, fingerprints };
}

/**
 * Reads a post's body from its file: the tail of the text at `ref.offset` when that still
 * matches the hash, else the file is split again (it changed since it was read). Undefined when
 * the file can no longer be read as text; the caller renders nothing rather than guess.
 */
export function loadBody(postsDir: string, source: string, ref?: BodyRef): { body: string; hash: string } | undefined {
  try {
    const decoded = decodeSourceText(readFileSync(path.join(postsDir, source)));
    if ('problem' in decoded) return undefined;
    if (ref && ref.offset >= 0) {
      const body = decoded.text.slice(ref.offset);
      const hash = hashBody(body);
      if (hash === ref.hash) return { body, hash };
    }
    const body = splitFrontMatter(decoded.text, { openerless: true }).body;
    return { body, hash: hashBody(body) };
  } catch {
    return undefined;
  }
}

/** Whether every field of `extra` was seen before (the post needs no warning of its own). */
function knownFields(extra: Record<string, unknown> | undefined, seen: ReadonlyMap<string, unknown>): boolean {
  for (const key in extra) if (!seen.has(key)) return false;
  return true;
}

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
