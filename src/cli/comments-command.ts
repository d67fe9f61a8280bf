import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load-config.js';
import { commentIdPattern } from '../content/comment.js';
import { parsePostDate } from '../content/post-date.js';
import type { Post } from '../content/post.js';
import { safeWebUrl } from '../content/read-comments.js';
import { readPosts } from '../content/read-posts.js';
import { decodeSourceText } from '../content/source-text.js';
import { ContentError, diagnostic, UsageError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { formatReport } from '../diagnostics/format-report.js';

/** What `quire comments add` needs, already read from the command line and the body's source. */
export interface AddCommentInput {
  /** The site folder. */
  root: string;
  /** Config file, relative to `root`; default: the usual names. */
  config?: string;
  /** A post's slug, or the path of its source file (or bundle folder). */
  post: string;
  author: string;
  url?: string;
  replyTo?: string;
  /** The comment's markdown. */
  body: string;
  /** When the comment was written (ISO 8601); default: `now`. */
  date?: string;
  /** The clock (epoch ms); injectable for tests. */
  now?: number;
  /** Random text for ids; injectable for tests. */
  random?: () => string;
}

/**
 * Stores a comment as `comments/<slug>/<id>.md` and returns the file written.
 *
 * @throws UsageError for a malformed argument (exit 2), ContentError when the post or the
 *   replied-to comment does not exist (exit 1).
 */
export function addComment(input: AddCommentInput): { file: string; id: string; post: Post } {
  const author = input.author.trim();
  if (author === '') throw new UsageError('--author must not be empty.');
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (body === '') throw new UsageError('The comment has no text.');
  const url = input.url === undefined ? undefined : safeWebUrl(input.url);
  if (input.url !== undefined && !url) throw new UsageError(`--url must be an http or https address, not "${input.url}".`);
  if (input.replyTo !== undefined && !commentIdPattern.test(input.replyTo)) {
    throw new UsageError(`--reply-to must be a comment id (a-z, 0-9 and "-"), not "${input.replyTo}".`);
  }

  const root = path.resolve(input.root);
  const { config } = loadConfig(root, input.config);
  const now = input.now ?? Date.now();
  let date: string;
  if (input.date !== undefined) {
    const parsed = parsePostDate(input.date, config.timeZone);
    if ('problem' in parsed) throw new UsageError(`--date: ${parsed.problem}`);
    date = parsed.iso;
  } else {
    date = DateTime.fromMillis(now, { zone: config.timeZone }).startOf('second').toISO({ suppressMilliseconds: true }) ?? new Date(now).toISOString();
  }

  const postsDir = path.resolve(root, config.dirs.posts);
  const read = readPosts(postsDir, config);
  const post = findPost(read.posts, input.post, postsDir, root);
  if (!post) {
    const unreadable = read.diagnostics.filter((d) => d.severity === 'error').length;
    throw new ContentError([diagnostic('error', 'CommentOrphan', undefined,
      `There is no post "${input.post}" (looked for a post with that slug, and for that source file in ${displayPath(postsDir)}).`,
      `Give the post's slug (the last part of its URL) or the path of its markdown file.${unreadable ? ` ${unreadable} problem(s) kept some posts from being read; run quire build to see them.` : ''}`)]);
  }

  const dir = path.join(path.resolve(root, config.dirs.comments), post.slug);
  if (input.replyTo !== undefined && !existsSync(path.join(dir, `${input.replyTo}.md`))) {
    throw new ContentError([diagnostic('error', 'CommentInvalid', { file: displayPath(path.join(dir, `${input.replyTo}.md`)) },
      `There is no comment "${input.replyTo}" on the post "${post.slug}" to reply to.`,
      `Use the id (file name without .md) of a comment in ${displayPath(dir)}.`)]);
  }

  const front: Record<string, string> = { author, date };
  if (url) front.url = url;
  if (input.replyTo !== undefined) front.reply_to = input.replyTo;
  // yaml's stringify quotes whatever needs it (": ", "#", leading quotes, "yes"), so any name round-trips.
  const text = `---\n${stringify(front, { lineWidth: 0 })}---\n${body}\n`;

  mkdirSync(dir, { recursive: true });
  const random = input.random ?? (() => Math.random().toString(36).slice(2, 6).padEnd(4, '0'));
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = `${Math.floor(now / 1000).toString(36)}-${random()}`.toLowerCase().replace(/[^a-z0-9-]/g, '0');
    const file = path.join(dir, `${id}.md`);
    if (!commentIdPattern.test(id) || existsSync(file)) continue;
    try {
      // `wx`: fails rather than overwrite a comment another process has just written.
      writeFileSync(file, text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    return { file, id, post };
  }
  throw new Error(`Could not find a free comment id in ${dir}.`);
}

/** Finds a post by slug, or by its source file (or bundle folder) relative to the working folder or the site. */
function findPost(posts: readonly Post[], wanted: string, postsDir: string, root: string): Post | undefined {
  const bySlug = posts.filter((post) => post.slug === wanted).sort((a, b) => b.time - a.time)[0];
  if (bySlug) return bySlug;
  for (const base of [process.cwd(), root, postsDir]) {
    let candidate = path.resolve(base, wanted);
    if (statSync(candidate, { throwIfNoEntry: false })?.isDirectory()) candidate = path.join(candidate, 'index.md');
    const found = posts.find((post) => path.resolve(postsDir, post.source) === candidate);
    if (found) return found;
  }
  return undefined;
}

/** Runs `quire comments add` with commander's parsed arguments; returns the exit code. */
export function commentsAddCommand(postArg: string, opts: Record<string, unknown>, stdin?: () => Uint8Array): number {
  let bytes: Uint8Array;
  if (typeof opts.file === 'string') {
    try {
      bytes = readFileSync(opts.file);
    } catch (error) {
      throw new UsageError(`Cannot read --file ${opts.file}: ${(error as Error).message}`);
    }
  } else {
    if (!stdin && process.stdin.isTTY) throw new UsageError('Give the comment with --file, or pipe it to standard input.');
    bytes = stdin ? stdin() : readFileSync(0);
  }
  const decoded = decodeSourceText(bytes);
  if ('problem' in decoded) throw new UsageError('The comment is not UTF-8 text.');
  const input: AddCommentInput = {
    root: typeof opts.root === 'string' ? opts.root : '.',
    post: postArg,
    author: typeof opts.author === 'string' ? opts.author : '',
    body: decoded.text,
  };
  if (typeof opts.config === 'string') input.config = opts.config;
  if (typeof opts.url === 'string') input.url = opts.url;
  if (typeof opts.replyTo === 'string') input.replyTo = opts.replyTo;
  if (typeof opts.date === 'string') input.date = opts.date;
  try {
    const { file } = addComment(input);
    process.stdout.write(`${displayPath(file)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ContentError) {
      process.stderr.write(`${formatReport(error.diagnostics as Diagnostic[])}\n`);
      return 1;
    }
    throw error;
  }
}
