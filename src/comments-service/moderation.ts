import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { writeFileAtomic } from '../atomic-file.js';
import { commentFileText, commentIdPattern } from '../content/comment.js';
import type { SpamChecker } from './akismet.js';
import type { CommentStatus, CommentStore, StoredComment } from './database.js';

/** A post slug as quire makes them; anything else could name a folder outside `comments/`. */
const slugPattern = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}._-]*$/u;

export class ModerationError extends Error {}

/** Where the approved comment `comment` lives: `comments/<post>/<id>.md`, refused if that would leave the folder. */
export function commentFile(commentsDir: string, comment: Pick<StoredComment, 'post' | 'id'>): string {
  if (!commentIdPattern.test(comment.id) || !slugPattern.test(comment.post) || comment.post.includes('..')) {
    throw new ModerationError(`The comment ${JSON.stringify(comment.id)} names a post or id that cannot be a file name; it is not written.`);
  }
  const file = path.resolve(commentsDir, comment.post, `${comment.id}.md`);
  if (path.relative(commentsDir, file).startsWith('..')) throw new ModerationError(`The comment ${comment.id} would be written outside ${commentsDir}.`);
  return file;
}

/** The file the build reads for an approved comment (never the email or the IP address). */
function commentText(comment: StoredComment, timeZone: string): string {
  const date = DateTime.fromMillis(comment.createdAt, { zone: timeZone }).startOf('second').toISO({ suppressMilliseconds: true }) ?? new Date(comment.createdAt).toISOString();
  const front: Record<string, string> = { author: comment.name, date };
  if (comment.url !== '') front.url = comment.url;
  if (comment.replyTo !== '') front.reply_to = comment.replyTo;
  return commentFileText(front, comment.body);
}

/** What happens when a moderator decides: the database, the comment files and Akismet's feedback. */
export class Moderation {
  constructor(
    private readonly store: CommentStore,
    private readonly commentsDir: string,
    private readonly timeZone: string,
    private readonly spam?: { checker: SpamChecker; permalink: (comment: StoredComment) => string },
  ) {}

  private find(id: string): StoredComment {
    const comment = this.store.get(id);
    if (!comment) throw new ModerationError(`There is no comment "${id}" in the comment database.`);
    return comment;
  }

  /** Publishes a comment: writes its file, then marks it approved. Returns the file. */
  async approve(id: string): Promise<{ comment: StoredComment; file: string }> {
    const comment = this.find(id);
    const file = this.writeFile(comment);
    this.store.setStatus(id, 'approved');
    if (comment.status === 'spam') await this.spam?.checker.report(comment, this.spam.permalink(comment), 'ham');
    return { comment: { ...comment, status: 'approved' }, file };
  }

  /** Writes an approved comment's file (a file already there, from an earlier approval, is kept). */
  writeFile(comment: StoredComment): string {
    const file = commentFile(this.commentsDir, comment);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(file, commentText(comment, this.timeZone));
    }
    return file;
  }

  /** Marks a comment spam (telling Akismet) and unpublishes it. */
  async markSpam(id: string): Promise<StoredComment> {
    const comment = this.setAside(id, 'spam');
    if (comment.status !== 'spam') await this.spam?.checker.report(comment, this.spam.permalink(comment), 'spam');
    return comment;
  }

  /** Moves a comment to the trash and unpublishes it. */
  trash(id: string): StoredComment {
    return this.setAside(id, 'trash');
  }

  private setAside(id: string, status: CommentStatus): StoredComment {
    const comment = this.find(id);
    if (comment.status === 'approved') rmSync(commentFile(this.commentsDir, comment), { force: true });
    this.store.setStatus(id, status);
    return comment;
  }
}
