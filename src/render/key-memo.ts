import { hash } from 'node:crypto';
import { sameJson } from '../same-json.js';

/** A page key: a SHA-256 of the page data's JSON, after a prefix (templates, site settings). */
export function dataKey(prefix: string, data: unknown): string {
  return hash('sha256', prefix + JSON.stringify(data));
}

/**
 * Page keys a watching process carries from build to build. A key whose data (compared as
 * JSON, see `sameJson`) are what they were last build is reused instead of hashed again: an
 * edit changes a handful of the thousands of pages, and hashing them all is most of a rebuild.
 *
 * The data of a slot are kept until the next build compares against them, so they must not be
 * changed afterwards; every page's data are built fresh for its build, from posts that are not
 * changed once read.
 */
export class KeyMemo {
  private previous = new Map<string, { prefix: string; data: unknown; key: string }>();
  private current = new Map<string, { prefix: string; data: unknown; key: string }>();
  /** Keys hashed (not reused) since the last `commit`. */
  private hashed = 0;
  /** What the last finished build did: keys reused, keys hashed. */
  last = { reused: 0, hashed: 0 };

  /** The key of `data` in `slot` (an output path, a post); as `dataKey(prefix, data)`. */
  key(slot: string, prefix: string, data: unknown): string {
    const before = this.previous.get(slot);
    const key = before && before.prefix === prefix && sameJson(before.data, data) ? before.key : this.hash(prefix, data);
    this.current.set(slot, { prefix, data, key });
    return key;
  }

  private hash(prefix: string, data: unknown): string {
    this.hashed++;
    return dataKey(prefix, data);
  }

  /** Ends a build: what it keyed is what the next build compares against. */
  commit(): void {
    this.last = { reused: this.current.size - this.hashed, hashed: this.hashed };
    this.previous = this.current;
    this.current = new Map();
    this.hashed = 0;
  }

  /** Forgets a build that did not finish, so its keys are not trusted. */
  discard(): void {
    this.current = new Map();
    this.hashed = 0;
  }
}

/** Keys without memory: every key is hashed (a single build). */
export const noMemo = { key: (_slot: string, prefix: string, data: unknown): string => dataKey(prefix, data) };

/** Where a build's page keys come from. */
export type Keys = Pick<KeyMemo, 'key'>;
