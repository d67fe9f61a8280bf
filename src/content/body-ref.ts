import { hash } from 'node:crypto';

/**
 * Stands for a post's body, which is not kept in memory: bodies are most of a blog's bytes and
 * only posts to render need theirs (`loadBody`).
 */
export interface BodyRef {
  /** `hashBody` of the body: what the render cache keys on. */
  hash: string;
  /** Where the body starts in the file's decoded text (it is the text's tail), or -1 if unknown. */
  offset: number;
}

/** The hash a `BodyRef` holds for a body. */
export function hashBody(body: string): string {
  return hash('sha256', body);
}
