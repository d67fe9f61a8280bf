import { hash } from 'node:crypto';

/** A page key: a SHA-256 of the page data's JSON, after a prefix (templates, site settings). */
export function dataKey(prefix: string, data: unknown): string {
  return hash('sha256', prefix + JSON.stringify(data));
}

/**
 * Where a build's page keys come from. `slot` names the page (an output path, a post); `deps`
 * are what its data are made from, so a memo of the last build (`incremental/page-keys.ts`)
 * can answer without making the data.
 */
export interface Keys {
  keyBy(slot: string, prefix: string, deps: readonly unknown[] | undefined, data: () => unknown): string;
}

/** Keys without memory: every key is hashed (a single build). */
export const noMemo: Keys = {
  keyBy: (_slot, prefix, _deps, data) => dataKey(prefix, data()),
};
