import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../config/site-config.js';
import { describe, isRecord } from '../config/values.js';
import { codeFrame } from '../diagnostics/code-frame.js';
import { diagnostic, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { commentIdPattern, type Comment } from './comment.js';
import { frontMatterProblem, splitFrontMatter } from './front-matter.js';
import { listFiles, type SkippedLink } from './list-files.js';
import { checkMarkdownLimits } from './nesting.js';
import { parsePostDate } from './post-date.js';
import { decodeSourceText } from './source-text.js';

/** Front-matter fields of a comment. `email` is accepted (services store it) but never published. */
const commentFields = new Set(['author', 'date', 'url', 'reply_to', 'email']);

/**
 * Reads every stored comment under `dir` (`<post-slug>/<id>.md`). A missing folder means no
 * comments. Each bad file becomes diagnostics and the others are still read. Which post a
 * comment belongs to is checked later, against the site model.
 */
export function readComments(dir: string, config: Pick<SiteConfig, 'timeZone'>): { comments: Comment[]; diagnostics: Diagnostic[] } {
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(dir)) return { comments, diagnostics };
  const shownDir = displayPath(dir);
  const skipped = (rel: string, why: SkippedLink) => diagnostics.push(diagnostic('warning', 'SourceSymlink', { file: path.join(shownDir, rel) },
    why === 'outside' ? 'This symbolic link points outside the comments folder; it is skipped.' : 'This symbolic link is broken or loops; it is skipped.',
    'Keep the comment files themselves in the comments folder.'));
  for (const rel of listFiles(dir, skipped)) {
    const file = path.join(shownDir, rel);
    const parts = rel.split('/');
    if (!rel.endsWith('.md')) {
      diagnostics.push(diagnostic('warning', 'CommentInvalid', { file }, 'This file is not a comment (comments are .md files); it is skipped.',
        'Keep only comment files in the comments folder: comments/<post-slug>/<id>.md'));
      continue;
    }
    const [postSlug, name] = parts;
    if (parts.length !== 2 || postSlug === undefined || name === undefined) {
      diagnostics.push(diagnostic('error', 'CommentInvalid', { file }, 'A comment must be stored in a folder named after its post: comments/<post-slug>/<id>.md.',
        'Move the file into the folder of the post it belongs to.'));
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path.join(dir, rel));
    } catch (error) {
      diagnostics.push(diagnostic('error', 'SourceUnreadable', { file }, `Cannot read this file: ${(error as Error).message}`));
      continue;
    }
    const decoded = decodeSourceText(bytes);
    if ('problem' in decoded) {
      diagnostics.push(diagnostic('error', 'SourceEncoding', { file },
        decoded.problem === 'binary' ? 'This comment file is binary, not markdown text.' : 'This comment file is not valid UTF-8 text.',
        'Save it again as UTF-8 text.'));
      continue;
    }
    const result = readComment(decoded.text, { file, postSlug, id: name.slice(0, -'.md'.length) }, config);
    diagnostics.push(...result.diagnostics);
    if (result.comment) comments.push(result.comment);
  }
  return { comments, diagnostics };
}

/**
 * Reads and validates one comment from its decoded text. Pure: the caller does the I/O.
 * Required: a safe id, `author` and `date`; optional: `url` (http or https), `reply_to`, `email`.
 */
export function readComment(
  text: string,
  where: { file: string; postSlug: string; id: string },
  config: Pick<SiteConfig, 'timeZone'>,
): { comment?: Comment; diagnostics: Diagnostic[] } {
  const { file, postSlug, id } = where;
  const diagnostics: Diagnostic[] = [];
  const split = splitFrontMatter(text);
  const report = (severity: Severity, key: string | undefined, message: string, hint?: string) => {
    const pos = key === undefined ? undefined : split.locate(key);
    const d = diagnostic(severity, 'CommentInvalid', { file, line: pos?.line, column: pos?.column }, message, hint);
    if (pos) d.frame = codeFrame(text, pos.line, pos.column);
    diagnostics.push(d);
  };

  if (!commentIdPattern.test(id)) {
    report('error', undefined, `The comment id "${id}" (from the file name) is not safe to use in a page: use only a-z, 0-9 and "-".`,
      `Rename the file, e.g. to ${id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'c1'}.md`);
  }
  if (split.problem) {
    const { line, column } = split.problem;
    const { code, message, hint } = frontMatterProblem(split.problem);
    const d = diagnostic('error', code, { file, line, column }, message, hint);
    d.frame = codeFrame(text, line, column);
    return { diagnostics: [...diagnostics, d] };
  }
  if (!isRecord(split.data)) {
    report('error', '', `Comment front matter must be "key: value" fields, not ${describe(split.data)}.`, 'author: Ada\ndate: 2024-03-02T10:00:00Z');
    return { diagnostics };
  }
  const data = split.data;

  let author = '';
  if (typeof data.author === 'string' || typeof data.author === 'number') author = String(data.author).trim();
  else if (data.author !== undefined && data.author !== null) report('error', 'author', `"author" must be a name, not ${describe(data.author)}.`);
  if (author === '' && (data.author === undefined || data.author === null || data.author === '')) {
    report('error', data.author === undefined ? '' : 'author', 'This comment has no author.', 'Add a line such as author: "Ada Quill" to its front matter.');
  }

  let date: { iso: string; time: number } | undefined;
  if (data.date === undefined || data.date === null) {
    report('error', data.date === undefined ? '' : 'date', 'This comment has no date.', 'Add date: 2024-03-02T10:00:00+01:00 to its front matter.');
  } else if (typeof data.date !== 'string') {
    report('error', 'date', `"date" must be a date such as 2024-03-02T10:00:00+01:00, not ${describe(data.date)}.`);
  } else {
    const parsed = parsePostDate(data.date, config.timeZone);
    if ('problem' in parsed) report('error', 'date', parsed.problem, 'Write YYYY-MM-DD, optionally with a time and offset: 2024-03-02T09:30:00+01:00');
    else date = parsed;
  }

  let url: string | undefined;
  if (data.url !== undefined && data.url !== null && data.url !== '') {
    url = typeof data.url === 'string' ? safeWebUrl(data.url) : undefined;
    if (!url) report('error', 'url', `"url" must be an http or https address, not ${describe(data.url)}.`, 'url: https://example.org/');
  }

  let replyTo: string | undefined;
  if (data.reply_to !== undefined && data.reply_to !== null) {
    const value = typeof data.reply_to === 'string' || typeof data.reply_to === 'number' ? String(data.reply_to).trim() : '';
    if (commentIdPattern.test(value)) replyTo = value;
    else report('error', 'reply_to', `"reply_to" must be the id of another comment on this post, not ${describe(data.reply_to)}.`, 'reply_to: c1a2b3');
  }

  for (const key of Object.keys(data)) {
    if (!commentFields.has(key)) {
      report('warning', key, `Comment field "${key}" is not one quire uses; it is ignored.`, 'Comment fields: author, date, url, reply_to (and email, which is never shown).');
    }
  }
  if (split.body.trim() === '') report('error', undefined, 'This comment has no text.', 'Write the comment below the front matter, or delete the file.');
  const limit = checkMarkdownLimits(split.body);
  if (limit) {
    const line = split.bodyLine + limit.line - 1;
    const d = diagnostic('error', 'CommentInvalid', { file, line, column: limit.column },
      limit.kind === 'depth'
        ? `This comment nests quotes or lists more than ${limit.limit} levels deep; quire renders at most ${limit.limit}.`
        : `This comment has more than ${limit.limit} separate quotes and lists; quire renders at most ${limit.limit}.`,
      'Flatten the quotes or lists.');
    d.frame = codeFrame(text, line, limit.column);
    diagnostics.push(d);
  }

  if (diagnostics.some((d) => d.severity === 'error') || !date) return { diagnostics };
  const replyToLine = replyTo ? split.locate('reply_to')?.line : undefined;
  const comment: Comment = {
    id, postSlug, file, author, date: date.iso, time: date.time, body: split.body, bodyLine: split.bodyLine,
    ...(url && { url }),
    ...(replyTo && { replyTo }),
    ...(replyToLine && { replyToLine }),
  };
  return { comment, diagnostics };
}

/** Returns the URL when it is an absolute http(s) address (as the URL parser normalises it), else undefined. */
export function safeWebUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
