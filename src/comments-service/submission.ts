import { commentIdPattern } from '../content/comment.js';
import { safeWebUrl } from '../content/read-comments.js';

/** Form field names the site's form sends (JSON bodies use the same keys). */
export const fieldNames = {
  post: 'post',
  name: 'name',
  email: 'email',
  website: 'website',
  body: 'body',
  replyTo: 'reply_to',
  stamp: 'stamp',
  /** The honeypot: hidden from people, so only a bot fills it in. */
  trap: 'leave_empty',
} as const;

/** Longest values accepted, in characters (the body's limit answers 413, the others 400). */
export const fieldLimits = { post: 200, name: 100, email: 200, website: 200, replyTo: 64, body: 65_525 } as const;

/** A submission after parsing: every field a trimmed string ('' when absent). */
export interface Submission {
  post: string;
  name: string;
  email: string;
  website: string;
  body: string;
  replyTo: string;
  stamp: string;
  trap: string;
}

/** Field-level problems, keyed by form field name, in words a reader can act on. */
export type FieldErrors = Record<string, string>;

/** Why a request body could not be read at all. */
export class BodyError extends Error {
  constructor(readonly status: 400 | 415, message: string) {
    super(message);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes `application/x-www-form-urlencoded` bytes. Unlike URLSearchParams, which turns bad
 * percent-escapes into U+FFFD silently, invalid UTF-8 is refused.
 */
export function parseFormBody(bytes: Uint8Array): Map<string, string> {
  const fields = new Map<string, string>();
  const text = Buffer.from(bytes).toString('latin1');
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const key = decodeComponent(rawKey);
    // The first value wins, so a repeated field cannot override what the form sent.
    if (!fields.has(key)) fields.set(key, decodeComponent(rawValue));
  }
  return fields;
}

function decodeComponent(raw: string): string {
  const bytes: number[] = [];
  const source = raw.replace(/\+/g, ' ');
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 0x25 && /^[0-9a-fA-F]{2}$/.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(code);
    }
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    throw new BodyError(400, 'The form data is not valid UTF-8 text.');
  }
}

/** Decodes a JSON object body; every field must be a string (or absent). */
export function parseJsonBody(bytes: Uint8Array): Map<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(bytes));
  } catch (error) {
    throw new BodyError(400, error instanceof SyntaxError ? 'The request body is not valid JSON.' : 'The request body is not valid UTF-8 text.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BodyError(400, 'The request body must be a JSON object of form fields.');
  const fields = new Map<string, string>();
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string') fields.set(key, field);
    else if (field !== null) throw new BodyError(400, `The field "${key}" must be text.`);
  }
  return fields;
}

/** C0 and C1 controls, and the Unicode line and paragraph separators: never in a one-line field. */
const lineBreaking = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Controls a comment body may not hold (tab and newlines are fine). */
const bodyControls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** The HTML standard's "valid email address". */
const emailPattern = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * Checks the fields themselves (presence, lengths, forms). Whether the post and the replied-to
 * comment exist is checked by the caller, which knows the site. Returns the clean submission,
 * or the problems with `tooLarge` set when the body is over its limit (a 413).
 */
export function checkFields(fields: ReadonlyMap<string, string>): { submission: Submission } | { errors: FieldErrors; tooLarge: boolean } {
  const get = (name: string) => fields.get(name) ?? '';
  const errors: FieldErrors = {};
  const oneLine = (name: string, label: string, limit: number, required: boolean): string => {
    const value = get(name).trim();
    if (value === '') {
      if (required) errors[name] = `${label} is required.`;
    } else if (lineBreaking.test(value)) {
      errors[name] = `${label} must be a single line of text.`;
    } else if (value.length > limit) {
      errors[name] = `${label} is too long (at most ${limit} characters).`;
    }
    return value;
  };
  const post = oneLine(fieldNames.post, 'The post', fieldLimits.post, true);
  const name = oneLine(fieldNames.name, 'Name', fieldLimits.name, true);
  const email = oneLine(fieldNames.email, 'Email', fieldLimits.email, true).toLowerCase();
  if (email !== '' && !errors[fieldNames.email] && !emailPattern.test(email)) errors[fieldNames.email] = 'Email must be an address such as ada@example.org.';
  let website = oneLine(fieldNames.website, 'Website', fieldLimits.website, false);
  if (website !== '' && !errors[fieldNames.website]) {
    const url = safeWebUrl(website);
    if (url) website = url;
    else errors[fieldNames.website] = 'Website must be an http or https address, such as https://example.org/.';
  }
  const replyTo = oneLine(fieldNames.replyTo, 'The replied-to comment', fieldLimits.replyTo, false);
  if (replyTo !== '' && !errors[fieldNames.replyTo] && !commentIdPattern.test(replyTo)) errors[fieldNames.replyTo] = 'The replied-to comment is not a comment id.';
  const body = get(fieldNames.body).replace(/\r\n?/g, '\n').trim();
  let tooLarge = false;
  if (body === '') errors[fieldNames.body] = 'Comment is required.';
  else if (bodyControls.test(body)) errors[fieldNames.body] = 'Comment holds control characters; write plain text.';
  else if (body.length > fieldLimits.body) {
    errors[fieldNames.body] = `Comment is too long (at most ${fieldLimits.body} characters).`;
    tooLarge = true;
  }
  const stamp = get(fieldNames.stamp).trim();
  const trap = get(fieldNames.trap);
  if (Object.keys(errors).length > 0) return { errors, tooLarge };
  return { submission: { post, name, email, website, body, replyTo, stamp, trap } };
}
