/**
 * The neutral model every export format is read into (WordPress WXR, Blogger Atom), before
 * anything is converted or written. Plain data only; every string in it is untrusted text from
 * the export, not yet sanitised.
 */

/** Which platform an export came from. */
export type ImportSource = 'wordpress' | 'blogger';

/**
 * When something happened, as the export says it: an instant (the export gave a GMT time or an
 * offset), or only a wall-clock time in an unknown zone (WordPress drafts have no GMT date),
 * which is then read in the site's time zone.
 */
export type ImportDate = { utc: string } | { local: string };

/** What an item is. Only posts (and pages, on request) become posts. */
export type ItemKind = 'post' | 'page' | 'attachment' | 'other';

/**
 * Publication state: `publish` (and `future`, scheduled) are published; `draft` and `pending`
 * become drafts; `private`, `protected` (password) and `trash` are left out.
 */
export type ItemStatus = 'publish' | 'future' | 'draft' | 'pending' | 'private' | 'protected' | 'trash' | 'other';

/** A comment, pingback or trackback left on an item. */
export interface ImportedComment {
  /** The export's id, as written (digits in both formats; checked again before use). */
  id: string;
  /** The id of the comment this one answers, if any. */
  parent?: string;
  author: string;
  url?: string;
  date?: ImportDate;
  /** The body, as HTML (WordPress stores text with line breaks; converted like a post). */
  html: string;
  /** Whether the body is WordPress-style text whose blank lines are paragraphs. */
  autop: boolean;
  status: 'approved' | 'pending' | 'spam' | 'trash';
  type: 'comment' | 'pingback' | 'trackback';
}

/** A post, page or other item of an export. */
export interface ImportedItem {
  /** The export's id: `wp:post_id`, or Blogger's numeric post id. */
  id: string;
  kind: ItemKind;
  /** The export's own name for the kind (`post`, `page`, `nav_menu_item`, `kind#settings`…), for the summary. */
  type: string;
  status: ItemStatus;
  /** Title as text (entities decoded, tags removed later). */
  title: string;
  /** The export's slug (`wp:post_name`, may be percent-encoded), or empty. */
  slug: string;
  /** The old absolute permalink, if any. */
  link?: string;
  /** Other old URLs that should keep working (absolute or site-relative). */
  oldUrls: string[];
  date?: ImportDate;
  modified?: ImportDate;
  /** Body HTML. */
  html: string;
  /** Whether the body is WordPress-style text whose blank lines are paragraphs (wpautop). */
  autop: boolean;
  /** Excerpt HTML (WordPress' hand-written excerpt), if any. */
  excerptHtml?: string;
  tags: string[];
  categories: string[];
  author?: string;
  /** False when the item was closed for comments. */
  commentsOpen: boolean;
  comments: ImportedComment[];
  /** For attachments: the file's URL. */
  attachmentUrl?: string;
  /** For attachments: the id of the item it belongs to; for pages: the parent page's id. */
  parent?: string;
  /** The item's place among its siblings (`wp:menu_order`; WordPress orders pages and menu items by it), when not 0. */
  order?: number;
  /** For menu items (`nav_menu_item`): what the entry is. */
  menuItem?: ImportedMenuItem;
  /** 1-based line of the item in the export, for messages. */
  line: number;
}

/** An entry of a WordPress menu, as `nav_menu_item` postmeta describe it. */
export interface ImportedMenuItem {
  /** The menu's slug (`testing-menu`) and name. */
  menu: string;
  menuName: string;
  /** `post_type` (a page or post, by `objectId`), `taxonomy` (a category or tag, by term id) or `custom` (a URL). */
  type: 'post_type' | 'taxonomy' | 'custom' | 'other';
  /** `page`, `post`, `category`, `post_tag`, `custom`… */
  object: string;
  objectId: string;
  /** The id of the menu item this one is under, if any. */
  parent?: string;
  url: string;
}

/** A taxonomy term the export declares, for menu entries that point at it. */
export interface ImportedTerm {
  taxonomy: 'category' | 'tag';
  /** The term's name; for categories the `Parent/Child` path. */
  name: string;
}

/** An author the export lists. */
export interface ImportedAuthor {
  /** The login, a stable key. */
  login: string;
  /** The display name. */
  name: string;
}

/** A whole export, read. */
export interface ImportedSite {
  source: ImportSource;
  /** The old blog's title. */
  title: string;
  /** The old blog's root URL (`wp:base_blog_url`, the Blogger blog's home link), if known. */
  home?: string;
  /** The format version, e.g. `1.2` for WXR, `classic` or `takeout` for Blogger. */
  version: string;
  items: ImportedItem[];
  /** The authors the export lists (WordPress), in its order. */
  authors?: ImportedAuthor[];
  /** Terms by id (WordPress' `wp:term_id`), for menu entries. */
  terms?: Map<string, ImportedTerm>;
}

/** Thrown when an export cannot be read: not XML, not well-formed, or not the expected format. */
export class ImportFormatError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, line?: number, column?: number) {
    super(message);
    this.name = 'ImportFormatError';
    this.line = line;
    this.column = column;
  }
}
