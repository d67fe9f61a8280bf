/**
 * A post as read from disk and validated: plain data only (no class instances), so it can be
 * cached, hashed and sent to worker threads. No HTML exists yet at this stage.
 */
export interface Post {
  /** Path relative to the source folder, `/`-separated: `2008-11-06-slug.md` or `2008-11-06-slug/index.md`. */
  source: string;
  /** Path shown to the author in messages (relative to the working folder). */
  file: string;
  title: string;
  /** ISO 8601 in the site's time zone. */
  date: string;
  /** Epoch milliseconds of `date`, for sorting and comparing. */
  time: number;
  updated?: string;
  tags: string[];
  description?: string;
  slug: string;
  draft: boolean;
  /** False when the post's front matter closes comments (`comments: false`). */
  commentsOpen: boolean;
  /** Old URLs (site-relative paths) that should redirect to this post. */
  aliases: string[];
  /** Front-matter fields quire does not use itself; available to templates as `post.extra`. */
  extra: Record<string, unknown>;
  /**
   * The markdown body, when this build read the file. A post taken from the read cache has none
   * (bodies are most of a blog's bytes, and a build whose renderings are cached never needs
   * them); `loadBody` reads it again.
   */
  body?: string | undefined;
  /** 1-based line of the file on which the body starts, to position markdown problems. */
  bodyLine: number;
  /** Files beside a bundle's `index.md`, relative to its folder; copied beside the page. */
  assets: string[];
  /** Where front-matter fields were written in `file`, so later stages can point at them. */
  positions?: PostPositions;
}

/** 1-based line and column of front-matter keys in a post's file. */
export type PostPositions = Record<string, { line: number; column: number }>;
