import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { loadConfig } from '../config/load-config.js';
import { commentFileText, commentIdPattern } from '../content/comment.js';
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
  const text = commentFileText(front, body);

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

/** Untrusted text for the terminal: control characters (escape sequences among them) become spaces. */
function terminalText(text: string, limit: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/** What the moderation commands use of the comment service, loaded only for them. */
async function service() {
  const [{ readSettings }, { openModeration, createService, listen }] = await Promise.all([
    import('../comments-service/settings.js'), import('../comments-service/service.js'),
  ]);
  return { readSettings, openModeration, createService, listen };
}

const rootOf = (opts: Record<string, unknown>) => (typeof opts.root === 'string' ? opts.root : '.');
const configOf = (opts: Record<string, unknown>) => (typeof opts.config === 'string' ? opts.config : undefined);

/** `quire comments pending`: the comments waiting for a decision, oldest first. */
export async function commentsPendingCommand(opts: Record<string, unknown>): Promise<number> {
  const { readSettings, openModeration } = await service();
  const settings = readSettings(rootOf(opts), configOf(opts), process.env);
  const { store } = openModeration(settings);
  try {
    const pending = store.list('pending');
    if (pending.length === 0) {
      process.stdout.write('No comments are waiting for moderation.\n');
      return 0;
    }
    const rows = pending.map((c) => [
      c.id,
      DateTime.fromMillis(c.createdAt, { zone: settings.site.timeZone }).toFormat('yyyy-MM-dd HH:mm'),
      terminalText(c.post, 40),
      terminalText(`${c.name} <${c.email}>`, 50),
      terminalText(c.body, 60),
    ]);
    const header = ['ID', 'DATE', 'POST', 'FROM', 'COMMENT'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
    const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join('  ');
    process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** `quire comments approve|spam|delete <id>`; approving writes the comment's file (and with `--rebuild` builds). */
export async function commentsModerateCommand(action: 'approve' | 'spam' | 'delete', id: string, opts: Record<string, unknown>): Promise<number> {
  const { readSettings, openModeration } = await service();
  const { ModerationError } = await import('../comments-service/moderation.js');
  const settings = readSettings(rootOf(opts), configOf(opts), process.env);
  const { store, moderation } = openModeration(settings);
  try {
    if (action === 'approve') {
      const { file } = await moderation.approve(id);
      process.stdout.write(`Approved ${id}: ${displayPath(file)}\n`);
      if (opts.rebuild === true) {
        const { buildCommand } = await import('./build-command.js');
        return await buildCommand({ root: rootOf(opts), ...(configOf(opts) ? { config: configOf(opts) } : {}), quiet: true });
      }
    } else if (action === 'spam') {
      await moderation.markSpam(id);
      process.stdout.write(`Marked ${id} as spam.\n`);
    } else {
      moderation.trash(id);
      process.stdout.write(`Moved ${id} to the trash.\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ModerationError) {
      process.stderr.write(`quire: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    store.close();
  }
}

/** `quire comments export [file]`: every comment in the database as JSON (a backup, emails included). */
export async function commentsExportCommand(file: string | undefined, opts: Record<string, unknown>): Promise<number> {
  const { readSettings, openModeration } = await service();
  const { exportJson } = await import('../comments-service/backup.js');
  const { store } = openModeration(readSettings(rootOf(opts), configOf(opts), process.env));
  try {
    const text = exportJson(store);
    if (file === undefined) process.stdout.write(text);
    else {
      writeFileSync(file, text);
      process.stdout.write(`Wrote ${displayPath(file)}\n`);
    }
    return 0;
  } finally {
    store.close();
  }
}

/** `quire comments import <file>`: adds the comments of an export that the database does not have. */
export async function commentsImportCommand(file: string, opts: Record<string, unknown>): Promise<number> {
  const { readSettings, openModeration } = await service();
  const { importJson, BackupError } = await import('../comments-service/backup.js');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const { store } = openModeration(readSettings(rootOf(opts), configOf(opts), process.env));
  try {
    const { added, total } = importJson(store, text);
    process.stdout.write(`Imported ${added} of ${total} comments (the others were there already).\n`);
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      process.stderr.write(`quire: ${displayPath(file)}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    store.close();
  }
}

/** `quire comments serve`: runs the comment service until SIGINT or SIGTERM. */
export async function commentsServeCommand(opts: Record<string, unknown>): Promise<number> {
  const { readSettings, createService, listen } = await service();
  const { createCommentServer } = await import('../comments-service/server.js');
  const { rebuildRunner } = await import('../comments-service/rebuild.js');
  const settings = readSettings(rootOf(opts), configOf(opts), process.env);
  if (opts.admin === true && !settings.adminToken) {
    throw new UsageError('The admin page needs a token: set QUIRE_COMMENTS_ADMIN_TOKEN (a long random string) or leave out --admin.');
  }
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const rebuild = opts.rebuild === true ? rebuildRunner(settings.root, log, configOf(opts)) : undefined;
  const { context, store } = createService(settings, process.env, { log, ...(rebuild ? { published: () => rebuild() } : {}) });
  const server = createCommentServer(context, {
    siteOrigin: settings.siteOrigin,
    maxRequestBytes: settings.maxRequestBytes,
    trustProxy: opts.trustProxy === true,
    language: settings.site.language,
    ...(opts.admin === true && settings.adminToken ? { adminToken: settings.adminToken } : {}),
  });
  const host = typeof opts.host === 'string' ? opts.host : '127.0.0.1';
  const port = typeof opts.port === 'number' ? opts.port : 4001;
  let address;
  try {
    address = await listen(server, host, port);
  } catch (error) {
    store.close();
    throw new UsageError(`Cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`Comment service on http://${shown}:${address.port}/ for ${settings.siteOrigin} (database ${displayPath(settings.database)})\n`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      // Requests in progress are answered (their comments are committed first); idle
      // keep-alive connections are closed now, and any left after 5 s are cut.
      const cut = setTimeout(() => server.closeAllConnections(), 5000);
      server.close(() => {
        clearTimeout(cut);
        store.close();
        resolve(0);
      });
      server.closeIdleConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
