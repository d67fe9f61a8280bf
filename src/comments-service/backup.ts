import { commentStatuses, type CommentStore, type StoredComment } from './database.js';

/** An export that cannot be imported, and why. */
export class BackupError extends Error {}

const format = 'quire-comments';

/** Every comment as JSON: `{ format, version, comments: [...] }`, oldest first. */
export function exportJson(store: CommentStore): string {
  return `${JSON.stringify({ format, version: 1, comments: store.list() }, null, 2)}\n`;
}

const textKeys = ['id', 'post', 'name', 'email', 'url', 'body', 'replyTo', 'ip', 'userAgent', 'note'] as const;

/** Adds the comments of an export that are not in the database yet (by id). */
export function importJson(store: CommentStore, text: string): { added: number; total: number } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BackupError(`This is not JSON: ${(error as Error).message}`);
  }
  const record = data as { format?: unknown; comments?: unknown };
  if (typeof data !== 'object' || data === null || record.format !== format || !Array.isArray(record.comments)) {
    throw new BackupError('This is not an export of quire comments (made by quire comments export).');
  }
  const comments = record.comments.map((item: unknown, index): StoredComment => {
    const c = item as Record<string, unknown>;
    const bad = (why: string) => new BackupError(`Comment ${index + 1}: ${why}`);
    if (typeof item !== 'object' || item === null) throw bad('not an object.');
    for (const key of textKeys) if (typeof c[key] !== 'string') throw bad(`"${key}" must be text.`);
    if (!commentStatuses.includes(c.status as StoredComment['status'])) throw bad(`"status" must be one of ${commentStatuses.join(', ')}.`);
    if (typeof c.createdAt !== 'number' || !Number.isFinite(c.createdAt)) throw bad('"createdAt" must be a time in milliseconds.');
    return { ...(c as unknown as StoredComment) };
  });
  return { added: store.insertMissing(comments), total: comments.length };
}
