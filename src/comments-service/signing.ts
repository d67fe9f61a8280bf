import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `purpose:value` with the service's secret, base64url. */
export function sign(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url');
}

/** Compares in constant time, so a forger learns nothing from how fast a guess fails. */
export function verify(secret: string, purpose: string, value: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, purpose, value));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A form stamp: when the form was handed out, signed, so a bot cannot backdate it. */
export function makeStamp(secret: string, now: number): string {
  const time = String(now);
  return `${time}.${sign(secret, 'stamp', time)}`;
}

/** The time a stamp was issued, or undefined when it is not one of ours. */
export function readStamp(secret: string, stamp: string): number | undefined {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
  if (!match || !verify(secret, 'stamp', match[1]!, match[2]!)) return undefined;
  return Number(match[1]);
}

/** The signature on a moderation link (`approve`/`spam` a comment from the notification email). */
export function moderationSignature(secret: string, action: string, id: string): string {
  return sign(secret, 'moderate', `${action}:${id}`);
}
