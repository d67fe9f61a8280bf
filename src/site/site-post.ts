import type { Post } from '../content/post.js';
import type { Location } from './permalinks.js';

/** A tag as a post links to it. */
export interface TagRef {
  name: string;
  slug: string;
  url: string;
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
  /** The older post. */
  previous?: PostLink;
  /** The newer post. */
  next?: PostLink;
}
