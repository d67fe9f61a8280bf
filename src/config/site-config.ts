import type { Messages } from '../i18n/messages.js';

/** Who writes the blog; shown on pages and in feeds. */
export interface Author {
  name: string;
  email?: string;
  url?: string;
}

/** An author of posts, from the config's `authors` map: front matter names them by key. */
export interface AuthorProfile {
  name: string;
  url?: string;
  bio?: string;
  /** An image URL (site-relative or absolute). */
  avatar?: string;
}

/**
 * An entry of the site menu: a page or post (by source path, relative to its folder) or a URL;
 * an entry with `children` may have none of the three (a heading).
 */
export interface MenuEntry {
  label?: string;
  page?: string;
  post?: string;
  url?: string;
  children?: readonly MenuEntry[];
}

/** A way of grouping posts (tags, categories, a series), named by the front-matter field it reads. */
export interface TaxonomyConfig {
  /** The front-matter field, and the URL folder of its pages (`/categories/…/`). */
  name: string;
  /** `/` in a term makes levels (`Bookbinding/Tools`); a parent's pages list its children's posts too. */
  hierarchical: boolean;
  /** Posts of a term are parts in date order: each post shows "Part 2 of 5" with links. */
  ordered: boolean;
  /** Each term has RSS and Atom feeds. */
  feeds: boolean;
}

/** Where a post's "Leave a reply" area comes from. */
export type CommentProvider = 'none' | 'giscus' | 'utterances' | 'disqus' | 'isso' | 'form' | 'quire';

/** Comment settings. Provider options are plain strings, passed to the provider's embed. */
export interface CommentsConfig {
  /** Whether posts have a comment section at all. */
  enabled: boolean;
  provider: CommentProvider;
  /** Close comments on posts older than this many days (0: never). */
  closeAfterDays: number;
  /** Options of the chosen provider (for example giscus' `repo`, `repoId`, `category`, `categoryId`). */
  options: Record<string, string>;
  /** Newest comments listed in `/comments.xml`. */
  feedLimit: number;
}

/** The validated site configuration, with every default filled in. */
export interface SiteConfig {
  title: string;
  description: string;
  author: Author;
  /** Absolute URL of the site's root, always ending in `/` (may carry a path: `https://x.org/blog/`). */
  baseUrl: string;
  /**
   * BCP 47 language tag for `<html lang>`, dates and the theme's strings (from
   * `templates/i18n/<language>.json`; `fr-CA` falls back to `fr`, then English).
   */
  language: string;
  /** The site's own wording of the theme's strings, by key (`leaveReply: Say something`). */
  strings: Messages;
  /** IANA time zone in which dates without an offset are read and all dates are shown. */
  timeZone: string;
  postsPerPage: number;
  /** Permalink pattern for posts, with `:year`, `:month`, `:day` and `:slug`. */
  permalink: string;
  /** Posts in each feed. */
  feedLimit: number;
  /** Let authors keep raw HTML in posts, through a reviewed sanitize schema. */
  rawHtml: boolean;
  comments: CommentsConfig;
  /** Folders, relative to the site root. */
  dirs: { posts: string; pages: string; comments: string; static: string; templates: string };
  /** Authors by the key front matter names them with (`author: ada`). */
  authors: Readonly<Record<string, AuthorProfile>>;
  /** The site menu; undefined: Home, Archive, Tags and the top-level pages (see `buildMenu`). */
  menu?: readonly MenuEntry[];
  /** Tags first, then categories, then any the site adds. */
  taxonomies: readonly TaxonomyConfig[];
  /** The markdown pipeline: parser and the site's own remark and rehype plugins. */
  markdown: MarkdownConfig;
  /** Images of posts and pages, resized at build time; `false` copies them as they are. */
  images: ImagesConfig | false;
  /** The search box and page, with its index; `false`: none. */
  search: SearchConfig | false;
  /** What the site adds to the template language. */
  templates: TemplatesConfig;
}

/**
 * A unified plugin as a config names it: the plugin (a function, or a package name or file path
 * resolved from the site's folder), alone or with its options.
 */
export type PluginEntry = PluginRef | readonly [PluginRef, unknown?];
/** A unified attacher (any function: plugins come from any package), or where to load one from. */
export type PluginRef = string | ((this: never, ...args: never[]) => unknown);

/** Which markdown parser reads post bodies (both give the same tree; see the README). */
export type ParserChoice = 'auto' | 'native' | 'remark';

/**
 * Additions to the sanitize schema of post bodies, merged into it (lists are joined): the only
 * way a plugin's output can keep elements, attributes or URL schemes the schema drops.
 */
export interface SanitizeAdditions {
  tagNames?: readonly string[];
  attributes?: Readonly<Record<string, ReadonlyArray<string | readonly [string, ...Array<string | number | boolean | RegExp>]>>>;
  protocols?: Readonly<Record<string, readonly string[]>>;
}

export interface MarkdownConfig {
  parser: ParserChoice;
  /** Run on the markdown tree (mdast) after quire's own changes, in order. */
  remarkPlugins: readonly PluginEntry[];
  /** Run on the HTML tree (hast) before sanitizing, in order. */
  rehypePlugins: readonly PluginEntry[];
  sanitize: SanitizeAdditions;
}

/** A format images are offered in through `<picture>`, besides their own. */
export type ImageFormat = 'avif' | 'webp';

export interface ImagesConfig {
  /** Widths in pixels an image is resized to, never wider than the image itself. */
  widths: readonly number[];
  /** Formats offered before the image's own, best first. */
  formats: readonly ImageFormat[];
  /** Encoder quality, 1–100. */
  quality: number;
  /** The `sizes` attribute: how wide an image in a post shows at each viewport width. */
  sizes: string;
}

export interface SearchConfig {
  /**
   * Where the search box submits when the reader's browser runs no script: a search engine's
   * address with its fixed parameters (`https://duckduckgo.com/?sites=example.com`); the words
   * go in `q`. Undefined: to the site's search page, which says what to do instead.
   */
  external?: string;
}

export interface TemplatesConfig {
  /** LiquidJS filters by name. */
  filters: Readonly<Record<string, (...args: never[]) => unknown>>;
  /** LiquidJS tags by name (a tag class, or `{ parse, render }`). */
  tags: Readonly<Record<string, unknown>>;
}

/** The defaults a site gets without a config file. */
export const defaultConfig: SiteConfig = {
  title: 'My Blog',
  description: '',
  author: { name: 'Anonymous' },
  baseUrl: 'http://localhost:4000/',
  language: 'en',
  strings: {},
  timeZone: 'UTC',
  postsPerPage: 10,
  permalink: '/:year/:month/:slug/',
  feedLimit: 20,
  rawHtml: false,
  comments: { enabled: true, provider: 'none', closeAfterDays: 0, options: {}, feedLimit: 20 },
  dirs: { posts: 'posts', pages: 'pages', comments: 'comments', static: 'static', templates: 'templates' },
  authors: {},
  taxonomies: [
    { name: 'tags', hierarchical: false, ordered: false, feeds: true },
    { name: 'categories', hierarchical: true, ordered: false, feeds: true },
  ],
  markdown: { parser: 'auto', remarkPlugins: [], rehypePlugins: [], sanitize: {} },
  // The theme's column is at most about 40rem wide; below that an image spans the screen.
  images: { widths: [480, 960, 1600], formats: ['webp'], quality: 80, sizes: '(min-width: 44rem) 40rem, 100vw' },
  search: {},
  templates: { filters: {}, tags: {} },
};

/** The path part of the base URL (`/` or `/blog/`), which every site-relative link starts with. */
export function basePath(config: Pick<SiteConfig, 'baseUrl'>): string {
  return new URL(config.baseUrl).pathname;
}
