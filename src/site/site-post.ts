import type { Pieces } from '../i18n/locale.js';
import type { Post } from '../content/post.js';
import type { Location } from './permalinks.js';

/** A tag as a post links to it. */
export interface TagRef {
  readonly name: string;
  readonly slug: string;
  readonly url: string;
}

/** A term as a post links to it; `title` is the whole name of a term with levels (`Bookbinding › Tools`). */
export interface TermRef extends TagRef {
  readonly title: string;
}

/** An author as a post names them: a link to their page (or their own site), when there is one. */
export interface AuthorRef {
  readonly name: string;
  readonly url?: string;
  readonly key?: string;
}

/** One post's place in an ordered taxonomy's term: "Part 2 of 5". */
export interface SeriesPart {
  readonly taxonomy: string;
  readonly term: TermRef;
  readonly part: number;
  readonly total: number;
  /** "Part 2 of 5 in ", "" in the site's language: the text before and after the link to the term. */
  readonly label: Pieces;
  /** The part before, and the part after. */
  readonly previous?: PostLink;
  readonly next?: PostLink;
}

/** A neighbouring post, for previous/next links. */
export interface PostLink {
  readonly title: string;
  readonly url: string;
}

/** A post placed in the site: where it lives, how its date reads, its tags and neighbours. */
export interface SitePost extends Post, Location {
  /** Absolute URL, for feeds, sitemaps and canonical links. */
  readonly absoluteUrl: string;
  readonly year: string;
  readonly month: string;
  readonly day: string;
  /** The date as readers see it: `November 6, 2008`. */
  readonly dateText: string;
  readonly updatedText?: string;
  /** URL of the post's month archive page. */
  readonly monthUrl: string;
  readonly tagRefs: readonly TagRef[];
  /** Its terms in each taxonomy, by taxonomy name (`post.terms.categories`). */
  readonly terms: Readonly<Record<string, readonly TermRef[]>>;
  /** Its places in ordered taxonomies: "Part 2 of 5". */
  readonly parts: readonly SeriesPart[];
  /** Who wrote it (at least the site's author). */
  readonly authorRefs: readonly AuthorRef[];
  /** The absolute URL of its cover image (front matter `image:`), for link previews and themes. */
  readonly cover?: string;
  /** A page's parent page (`pages/about.md` for `pages/about/team.md`). */
  readonly parent?: PostLink;
  /** The older post. */
  readonly previous?: PostLink;
  /** The newer post. */
  readonly next?: PostLink;
}
