import type { StoredComment } from './database.js';

/** Akismet's verdict on a comment; `unknown` when it could not be asked (the comment is then held). */
export type SpamVerdict = 'spam' | 'ham' | 'unknown';

/** The part of Akismet the service uses. */
export interface SpamChecker {
  check(comment: StoredComment, permalink: string): Promise<SpamVerdict>;
  /** Tells Akismet a moderator found this to be spam (it missed it) or not (it was wrong). */
  report(comment: StoredComment, permalink: string, kind: 'spam' | 'ham'): Promise<void>;
}

export interface AkismetOptions {
  key: string;
  /** The site's URL, Akismet's `blog`. */
  blog: string;
  /** Akismet's REST root; a local fake in tests. */
  endpoint?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** An Akismet client (REST API 1.1: comment-check, submit-spam, submit-ham). */
export function createAkismet(options: AkismetOptions): SpamChecker {
  const endpoint = options.endpoint ?? 'https://rest.akismet.com/1.1/';
  const send = options.fetch ?? fetch;
  const call = async (method: string, comment: StoredComment, permalink: string): Promise<Response> => {
    const form = new URLSearchParams({
      api_key: options.key,
      blog: options.blog,
      user_ip: comment.ip,
      user_agent: comment.userAgent,
      permalink,
      comment_type: comment.replyTo === '' ? 'comment' : 'reply',
      comment_author: comment.name,
      comment_author_email: comment.email,
      comment_author_url: comment.url,
      comment_content: comment.body,
      comment_date_gmt: new Date(comment.createdAt).toISOString(),
    });
    return send(new URL(method, endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  };
  return {
    async check(comment, permalink) {
      try {
        const response = await call('comment-check', comment, permalink);
        const text = (await response.text()).trim();
        // Anything but a plain true/false (an invalid key answers "invalid") leaves the comment for a person.
        return text === 'true' ? 'spam' : text === 'false' ? 'ham' : 'unknown';
      } catch {
        return 'unknown';
      }
    },
    async report(comment, permalink, kind) {
      try {
        await (await call(kind === 'spam' ? 'submit-spam' : 'submit-ham', comment, permalink)).text();
      } catch {
        // Feedback is a courtesy to Akismet; moderation has already happened.
      }
    },
  };
}
