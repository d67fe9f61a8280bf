import type { Pieces } from '../i18n/locale.js';
import type { Post } from '../content/post.js';
import type { Location } from './permalinks.js';

/** A tag as a post links to it. */
export interface TagRef {
  name: string;
  slug: string;
  url: string;
}

/** A term as a post links to it; `title` is the whole name of a term with levels (`Bookbinding › Tools`). */
export interface TermRef extends TagRef {
  title: string;
}

/** An author as a post names them: a link to their page (or their own site), when there is one. */
export interface AuthorRef {
  name: string;
  url?: string;
  key?: string;
}

/** One post's place in an ordered taxonomy's term: "Part 2 of 5". */
export interface SeriesPart {
  taxonomy: string;
  term: TermRef;
  part: number;
  total: number;
  /** "Part 2 of 5 in ", "" in the site's language: the text before and after the link to the term. */
  label: Pieces;
  /** The part before, and the part after. */
  previous?: PostLink;
  next?: PostLink;
}

/** A neighbouring post, for previous/next links. */
export interface PostLink {
  title: string;
  url: string;
}

/** A post placed in the site: where it lives, how its date reads, its tags and neighbours. */
export interface SitePost extends Post, Location {
  /** Absolute URL, for feeds, sitemaps and canonical links. */
  absoluteUrl: string;
  year: string;
  month: string;
  day: string;
  /** The date as readers see it: `November 6, 2008`. */
  dateText: string;
  updatedText?: string;
  /** URL of the post's month archive page. */
  monthUrl: string;
  tagRefs: TagRef[];
  /** Its terms in each taxonomy, by taxonomy name (`post.terms.categories`). */
  terms: Record<string, TermRef[]>;
  /** Its places in ordered taxonomies: "Part 2 of 5". */
  parts: SeriesPart[];
  /** Who wrote it (at least the site's author). */
  authorRefs: AuthorRef[];
  /** The absolute URL of its cover image (front matter `image:`), for link previews and themes. */
  cover?: string;
  /** A page's parent page (`pages/about.md` for `pages/about/team.md`). */
  parent?: PostLink;
  /** The older post. */
  previous?: PostLink;
  /** The newer post. */
  next?: PostLink;
}
