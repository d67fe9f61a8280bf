/**
 * A post as read from disk and validated: plain data only (no class instances), so it can be
 * cached, hashed and sent to worker threads. No HTML exists yet at this stage.
 */
export interface Post {
  /**
   * A dated post of the stream, or a standalone page (About, Contact) from the pages folder,
   * which has no place in the home page, archive, taxonomies or feeds.
   */
  readonly kind: 'post' | 'page';
  /**
   * Path relative to the posts folder (a page's starts `../pages/`, from the posts folder to
   * the pages folder), so links between posts and pages resolve as paths do. `/`-separated:
   * `2008-11-06-slug.md`, `2008-11-06-slug/index.md`, `../pages/about.md`.
   */
  readonly source: string;
  /** Path shown to the author in messages (relative to the working folder). */
  readonly file: string;
  readonly title: string;
  /** ISO 8601 in the site's time zone; empty for a page without a date. */
  readonly date: string;
  /** Epoch milliseconds of `date`, for sorting and comparing (0 for a page without a date). */
  readonly time: number;
  readonly updated?: string;
  readonly tags: readonly string[];
  /** Category paths, levels joined by `/`: `Bookbinding/Tools`. */
  readonly categories: readonly string[];
  /** Who wrote it: keys of the config's `authors`, or plain names; empty: the site's author. */
  readonly authors: readonly string[];
  /** The template that renders its page instead of `post` or `page` (front matter `layout:`). */
  readonly layout?: string;
  /** A page's place in the default menu, lowest first. */
  readonly weight?: number;
  /** A page's label in the default menu, or false to leave it out. */
  readonly menu?: string | false;
  readonly description?: string;
  readonly slug: string;
  readonly draft: boolean;
  /** False when the post's front matter closes comments (`comments: false`). */
  readonly commentsOpen: boolean;
  /** Old URLs (site-relative paths) that should redirect to this post. */
  readonly aliases: readonly string[];
  /** Front-matter fields quire does not use itself; available to templates as `post.extra`. */
  readonly extra: Readonly<Record<string, unknown>>;
  /**
   * The markdown body, when this build read the file. A post taken from the read cache has none
   * (bodies are most of a blog's bytes, and a build whose renderings are cached never needs
   * them); `loadBody` reads it again.
   */
  readonly body?: string | undefined;
  /** 1-based line of the file on which the body starts, to position markdown problems. */
  readonly bodyLine: number;
  /** Files beside a bundle's `index.md`, relative to its folder; copied beside the page. */
  readonly assets: readonly string[];
  /** Where front-matter fields were written in `file`, so later stages can point at them. */
  readonly positions?: PostPositions;
}

/** 1-based line and column of front-matter keys in a post's file. */
export type PostPositions = Record<string, { line: number; column: number }>;
