import { stringify } from 'yaml';
/**
 * A stored comment as read from `comments/<post-slug>/<id>.md` and validated: plain data only.
 * Comments are untrusted text from readers; nothing here is HTML yet.
 */
export interface Comment {
  /** From the file name: `c1a2b3` for `c1a2b3.md`; only `a-z`, `0-9` and `-`. */
  readonly id: string;
  /** The folder name: the slug of the post the comment belongs to. */
  readonly postSlug: string;
  /** Path shown to the author in messages (relative to the working folder). */
  readonly file: string;
  readonly author: string;
  /** The commenter's website (http or https only). */
  readonly url?: string;
  /** ISO 8601 in the site's time zone. */
  readonly date: string;
  /** Epoch milliseconds of `date`. */
  readonly time: number;
  /** The id of the comment this one answers, in the same post. */
  readonly replyTo?: string;
  /** 1-based line of `reply_to` in the file, to position threading problems. */
  readonly replyToLine?: number;
  /** The markdown body. */
  readonly body: string;
  /** 1-based line of the file on which the body starts. */
  readonly bodyLine: number;
}

/** What a comment id (its file name without `.md`) may look like. */
export const commentIdPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** A comment file's text: front matter (`author`, `date`, optional `url` and `reply_to`) and the markdown body. */
export function commentFileText(front: Record<string, string>, body: string): string {
  // yaml's stringify quotes whatever needs it (": ", "#", leading quotes, "yes"), so any name round-trips.
  return `---\n${stringify(front, { lineWidth: 0 })}---\n${body}\n`;
}
