/**
 * The request headers that make a file answer partial or empty (RFC 9110): `Range`,
 * `If-Range` and `If-None-Match`. Pure, so every form can be unit-tested.
 *
 * @module
 */

/** Bytes `start` to `end` of a body, both included. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The part of a body of `size` bytes that `header` asks for: a range, `'unsatisfiable'` (416),
 * or undefined for the whole body. The whole body answers a missing or malformed header, a unit
 * other than bytes, and several ranges (`bytes=0-1,5-6`): a server may ignore `Range`, and
 * media players and download tools ask for one range at a time, so multipart answers are not
 * worth their weight here.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes=(\d*)-(\d*)\s*$/i.exec(header);
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // `bytes=-n`: the last n bytes, or all of a body shorter than n.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}

/** The entity tags of an `If-None-Match` or `If-Range` value, without `W/`; `*` as itself. */
function tagsOf(header: string): string[] {
  if (header.trim() === '*') return ['*'];
  return [...header.matchAll(/(?:W\/)?("[^"]*")/g)].map((m) => m[1] as string);
}

/**
 * Whether `If-None-Match` names the body's (strong) `etag`, so the answer is 304. The
 * comparison is weak, as RFC 9110 asks: `W/"x"` matches `"x"`.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = tagsOf(header);
  return tags.includes('*') || tags.includes(etag);
}

/**
 * Whether `Range` may be honoured under `If-Range`: only when the client's copy is this very
 * body (strong comparison, so a `W/` tag never matches). A date never matches either: files
 * are sent without `Last-Modified`.
 */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  return header === undefined || header.trim() === etag;
}
