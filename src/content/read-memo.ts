import type { Stats } from 'node:fs';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { BodyRef } from './body-ref.js';
import type { SourceFile } from './find-sources.js';
import type { Post } from './post.js';
import type { ReadPostResult } from './read-post.js';

/** The posts found in a folder, with the warnings listing it gave. */
export interface Listing {
  dir: string;
  sources: SourceFile[];
  diagnostics: Diagnostic[];
  /** Whether a symbolic link was met. */
  links: boolean;
}

/** What a memo holds of a file. */
export interface CachedRead {
  result: ReadPostResult;
  body: BodyRef;
  fingerprint: string;
}

/**
 * What reading asks of a memo of earlier reads (`incremental/read-cache.ts`), so that files
 * that did not change are not parsed again.
 */
export interface ReadMemo {
  /** The folder's last listing and the files changed since, while a watcher vouches for it. */
  trusted(dir: string): { listing: Listing; changed: ReadonlySet<string> } | undefined;
  listed(listing: Listing | undefined): void;
  /** The file's last read, while its size, times and inode are the same. */
  get(relativePath: string, stat: Stats | 'unchanged', assets: string[]): { post: Post | undefined; read: CachedRead } | undefined;
  /** Remembers a read; returns the post's fingerprint. */
  set(relativePath: string, stat: Stats, result: ReadPostResult, body: BodyRef): string;
  keepOnly(relativePaths: ReadonlySet<string>): void;
}
