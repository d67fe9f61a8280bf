import { hash } from 'node:crypto';

/** One file of the built site, in memory: where it goes in the output folder and what it holds. */
export interface Page {
  /** Path inside the output folder, `/`-separated, never starting with `/` or containing `..`. */
  outputPath: string;
  /** The contents, when already known. */
  contents?: string | Uint8Array;
  /** Renders the contents on demand: only called when the page must be written. */
  render?: () => string | Uint8Array;
  /**
   * A hash of everything the contents are made from. Equal keys mean equal contents, so a page
   * whose key matches the previous build's can be kept without rendering it again.
   */
  key?: string;
}

/** The key of a page given as finished contents. */
export function contentsKey(contents: string | Uint8Array): string {
  return `contents:${hash('sha256', contents)}`;
}
