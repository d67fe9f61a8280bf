import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { SpamChecker } from './akismet.js';
import type { CommentStatus, CommentStore, StoredComment } from './database.js';
import { commentFile, type Moderation } from './moderation.js';
import type { Notifier } from './notify.js';
import type { RateLimiter } from './rate-limit.js';
import { checkRules, type RuleSettings } from './rules.js';
import type { PostEntry, SitePosts } from './site-posts.js';
import { checkFields, fieldNames, type FieldErrors, type Submission } from './submission.js';

/** Everything accepting a comment needs; injected, so tests run it without a network or a clock. */
export interface AcceptDeps {
  store: CommentStore;
  posts: SitePosts;
  moderation: Moderation;
  rules: RuleSettings;
  ipLimits: RateLimiter;
  emailLimits: RateLimiter;
  spam?: SpamChecker;
  notifier?: Notifier;
  /** Called after a comment was published without moderation (for `--rebuild`). */
  published?: (comment: StoredComment) => void;
  /** Where failures that the reader need not see go (a notification that could not be sent). */
  log: (message: string) => void;
  clock: () => number;
}

/** Who sent it, as the HTTP layer saw it. */
export interface Sender {
  ip: string;
  userAgent: string;
}

export type Outcome =
  | { ok: true; status: 'pending' | 'approved'; comment: StoredComment; post: PostEntry }
  | {
    ok: false;
    status: 400 | 403 | 413 | 422 | 429;
    errors: FieldErrors;
    retryAfter?: number;
    submission?: Submission;
    post?: PostEntry;
  };

/** A new comment id: the time in base 36 and random letters, in the form the build accepts. */
function newCommentId(now: number): string {
  const random = [...randomBytes(6)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  return `${Math.floor(now / 1000).toString(36)}-${random}`;
}

/**
 * Decides what becomes of one submission: checks the fields, the post and the replied-to comment,
 * the anti-spam rules and the rate limits, then stores it (durably, before the caller answers)
 * as pending, approved (a known commenter) or spam (Akismet's verdict).
 */
export async function acceptComment(fields: ReadonlyMap<string, string>, sender: Sender, deps: AcceptDeps): Promise<Outcome> {
  const checked = checkFields(fields);
  if ('errors' in checked) return { ok: false, status: checked.tooLarge ? 413 : 400, errors: checked.errors };
  const submission = checked.submission;
  const post = deps.posts.find(submission.post);
  if (!post) return { ok: false, status: 400, errors: { [fieldNames.post]: `There is no post "${submission.post}" on this site.` }, submission };
  if (!post.open) return { ok: false, status: 403, errors: { [fieldNames.post]: 'Comments are closed on this post.' }, submission, post };
  const replyProblem = checkReplyTo(submission, deps);
  if (replyProblem) return { ok: false, status: 400, errors: { [fieldNames.replyTo]: replyProblem }, submission, post };

  const now = deps.clock();
  const refusal = checkRules(submission, deps.rules, now);
  if (refusal) return { ok: false, ...refusal, submission, post };
  const wait = Math.max(deps.ipLimits.retryAfter(sender.ip, now), deps.emailLimits.retryAfter(submission.email, now));
  if (wait > 0) {
    return { ok: false, status: 429, retryAfter: wait, errors: { form: `You are commenting too often; please wait ${wait} seconds and post again.` }, submission, post };
  }
  deps.ipLimits.record(sender.ip, now);
  deps.emailLimits.record(submission.email, now);

  const comment: StoredComment = {
    id: newCommentId(now), post: post.slug, name: submission.name, email: submission.email, url: submission.website,
    body: submission.body, replyTo: submission.replyTo, status: 'pending', createdAt: now, ip: sender.ip,
    userAgent: sender.userAgent.slice(0, 500), note: '',
  };
  const verdict = deps.spam ? await deps.spam.check(comment, post.url) : 'ham';
  const known = deps.store.hasApproved(comment.email);
  let status: CommentStatus = 'pending';
  if (verdict === 'spam') {
    status = 'spam';
    comment.note = 'Akismet: spam';
  } else if (verdict === 'unknown') {
    comment.note = 'Akismet could not be asked; held for moderation';
  } else if (known) {
    comment.note = 'Approved automatically: this address has an approved comment';
  }
  // Stored pending first, whatever comes next: once `insert` returns, the comment is on disk.
  await deps.store.insertDurably({ ...comment, status: status === 'spam' ? 'spam' : 'pending' });
  if (status !== 'spam' && known && verdict === 'ham') {
    try {
      await deps.moderation.approve(comment.id);
      deps.published?.({ ...comment, status: 'approved' });
      return { ok: true, status: 'approved', comment: { ...comment, status: 'approved' }, post };
    } catch (error) {
      // The comment is stored; if its file cannot be written it waits for the author instead.
      deps.log(`Could not publish comment ${comment.id}: ${(error as Error).message}; it is pending.`);
    }
  }
  if (status === 'pending' && deps.notifier) {
    deps.notifier.pending(comment, post).catch((error: unknown) => deps.log(`Could not send the notification for comment ${comment.id}: ${(error as Error).message}`));
  }
  // A spammer is told the same as anyone else, so the answer teaches it nothing.
  return { ok: true, status: 'pending', comment: { ...comment, status }, post };
}

/** Why `reply_to` cannot be accepted, if it cannot: it must name a published comment of the same post. */
function checkReplyTo(submission: Submission, deps: AcceptDeps): string | undefined {
  if (submission.replyTo === '') return undefined;
  const parent = deps.store.get(submission.replyTo);
  if (parent && parent.post !== submission.post) return 'The comment you are replying to belongs to another post.';
  if (existsSync(commentFile(deps.posts.commentsDir, { post: submission.post, id: submission.replyTo }))) return undefined;
  return 'The comment you are replying to does not exist (or is not published).';
}
