import { readStamp } from './signing.js';
import { fieldNames, type FieldErrors, type Submission } from './submission.js';

/** The anti-spam rules' settings. */
export interface RuleSettings {
  secret: string;
  /** Least time between the form being handed out and submitted. */
  minSeconds: number;
  /** Most time a form stays valid: an old stamp is refused like a missing one. */
  maxStampAgeSeconds: number;
  /** More links than this in the body is refused. */
  maxLinks: number;
  /** Words (or phrases) that refuse a comment when they appear in its name, email, website or body. */
  blockedWords: readonly string[];
}

/** A rule's refusal, with the field it is about. */
export interface RuleRefusal {
  status: 400 | 422;
  errors: FieldErrors;
}

/** Links a reader wrote: web addresses, bare `www.` hosts and markdown links. */
export function countLinks(body: string): number {
  const urls = body.match(/\b(?:https?:\/\/|www\.)/gi)?.length ?? 0;
  // Markdown links to relative targets are links too; those to absolute URLs are already counted.
  const relative = body.match(/\]\((?!\s*(?:https?:\/\/|www\.))[^)]*\)/gi)?.length ?? 0;
  return urls + relative;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first blocked word found in the submission, matched as a whole word without case. */
export function blockedWordIn(submission: Submission, words: readonly string[]): string | undefined {
  const text = [submission.name, submission.email, submission.website, submission.body].join('\n');
  return words.find((word) => word.trim() !== '' && new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word.trim())}(?![\\p{L}\\p{N}])`, 'iu').test(text));
}

/** Applies the honeypot, timing, link and word rules, in that order; undefined when all pass. */
export function checkRules(submission: Submission, settings: RuleSettings, now: number): RuleRefusal | undefined {
  if (submission.trap !== '') {
    return { status: 422, errors: { [fieldNames.trap]: 'This field must be left empty.' } };
  }
  const issued = submission.stamp === '' ? undefined : readStamp(settings.secret, submission.stamp);
  if (issued === undefined || now - issued > settings.maxStampAgeSeconds * 1000 || issued > now + 60_000) {
    return {
      status: 400,
      errors: { [fieldNames.stamp]: submission.stamp === '' ? 'The form was sent without its timestamp; please post again.' : 'The form has expired; please post again.' },
    };
  }
  if (now - issued < settings.minSeconds * 1000) {
    return { status: 422, errors: { [fieldNames.stamp]: `The form was sent too quickly; wait ${settings.minSeconds} seconds and post again.` } };
  }
  const links = countLinks(submission.body);
  if (links > settings.maxLinks) {
    return { status: 422, errors: { [fieldNames.body]: `Comment has ${links} links; at most ${settings.maxLinks} are allowed.` } };
  }
  const word = blockedWordIn(submission, settings.blockedWords);
  if (word !== undefined) return { status: 422, errors: { [fieldNames.body]: 'Comment contains words this site does not accept.' } };
  return undefined;
}
