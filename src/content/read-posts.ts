import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../config/site-config.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { findSources } from './find-sources.js';
import { splitFrontMatter } from './front-matter.js';
import type { Post } from './post.js';
import type { ReadCache } from './read-cache.js';
import { readPost, type ReadPostResult } from './read-post.js';
import { decodeSourceText, firstInvalidUtf8 } from './source-text.js';
import { codeFrame } from '../diagnostics/code-frame.js';
import { displayPath } from '../diagnostics/display-path.js';

/** What reading the posts folder gave. */
export interface ReadPosts {
  posts: Post[];
  diagnostics: Diagnostic[];
  /** A hash of each post's body, by source path, whether or not the body was read in this build. */
  bodyHashes: Map<string, string>;
}

/** The hash `bodyHashes` holds for a body. */
export function hashBody(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Reads every post under `postsDir`. Each bad file becomes diagnostics and the others are
 * still read, so the author sees every problem of the build at once.
 *
 * Posts the cache holds unchanged come without their body (see `Post.body`).
 */
export function readPosts(postsDir: string, config: Pick<SiteConfig, 'timeZone'>, cache?: ReadCache): ReadPosts {
  const shownDir = displayPath(postsDir);
  const { sources, diagnostics } = findSources(postsDir, shownDir);
  const posts: Post[] = [];
  const bodyHashes = new Map<string, string>();
  const unknown = new Map<string, { count: number; file: string; line?: number; column?: number; frame?: string }>();
  cache?.keepOnly(new Set(sources.map((source) => source.relativePath)));
  for (const source of sources) {
    const file = path.join(shownDir, source.relativePath);
    let stat: Stats | undefined;
    try {
      stat = statSync(source.absolutePath);
    } catch {
      stat = undefined;
    }
    const cached = stat && cache?.get(source.relativePath, stat);
    // A cached post is used unless it brings the first sighting of an unknown field, whose
    // warning shows a frame of the file: then the file is read again.
    if (cached && !Object.keys(cached.result.post?.extra ?? {}).some((key) => !unknown.has(key))) {
      diagnostics.push(...cached.result.diagnostics);
      if (!cached.result.post) continue;
      const post = { ...cached.result.post, assets: source.assets };
      posts.push(post);
      bodyHashes.set(post.source, cached.bodyHash);
      for (const key of Object.keys(post.extra)) (unknown.get(key) as { count: number }).count++;
      continue;
    }
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
    const result: ReadPostResult = readPost(decoded.text, source.relativePath, file, config, source.assets);
    const bodyHash = hashBody(result.post?.body ?? '');
    if (stat) cache?.set(source.relativePath, stat, result, bodyHash);
    diagnostics.push(...result.diagnostics);
    if (!result.post) continue;
    posts.push(result.post);
    bodyHashes.set(result.post.source, bodyHash);
    for (const key of Object.keys(result.post.extra)) {
      const seen = unknown.get(key);
      if (seen) seen.count++;
      else {
        const pos = Object.hasOwn(result.post.positions ?? {}, key) ? result.post.positions?.[key] : undefined;
        unknown.set(key, pos ? { count: 1, file, ...pos, frame: codeFrame(decoded.text, pos.line, pos.column) } : { count: 1, file });
      }
    }
  }
  // One warning per unknown field name, not per post: a 10,000-post blog with a `category`
  // field should read one line, not ten thousand.
  for (const [key, { count, file, line, column, frame }] of unknown) {
    if (['categories', 'category', 'author', 'image', 'excerpt'].includes(key)) continue;
    const d = diagnostic('warning', 'UnknownField', { file, line, column },
      `Front-matter field "${key}" is not one quire uses${count > 1 ? ` (in ${count} posts; this is the first)` : ''}; it is kept as post.extra.${key} for templates.`,
      'Check the spelling if you meant a built-in field: title, date, updated, tags, description, slug, draft, comments, aliases.');
    if (frame) d.frame = frame;
    diagnostics.push(d);
  }
  return { posts, diagnostics, bodyHashes };
}

/**
 * Reads a post's body again (for a post that came from the read cache without it). Undefined
 * when the file can no longer be read as text; the caller renders nothing rather than guess.
 */
export function loadBody(postsDir: string, post: Pick<Post, 'source'>): string | undefined {
  try {
    const decoded = decodeSourceText(readFileSync(path.join(postsDir, post.source)));
    return 'problem' in decoded ? undefined : splitFrontMatter(decoded.text).body;
  } catch {
    return undefined;
  }
}
