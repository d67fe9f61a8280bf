import type { Site } from '../../site/build-site.js';
import type { SitePost } from '../../site/site-post.js';
import type { PostSummary } from '../views.js';
import { xmlText } from '../xml.js';

/** A post as every feed format needs it: absolute URLs, full HTML with absolute links, stable id. */
export interface FeedEntry {
  id: string;
  url: string;
  title: string;
  /** RFC 3339, with the offset of the site's time zone. */
  published: string;
  updated: string;
  summary: string;
  html: string;
  /** Its tags, then its categories (by their whole names). */
  tags: string[];
  /** Who wrote it, with absolute URLs. */
  authors: Array<{ name: string; url?: string }>;
}

/** What a feed is about: the whole site, or one tag. */
export interface FeedChannel {
  title: string;
  description: string;
  /** Absolute URL of the HTML page the feed mirrors. */
  homeUrl: string;
  /** Absolute URL of the feed itself, by format. */
  selfUrl: { rss: string; atom: string; json: string };
  /** RFC 3339 time of the newest change among the entries (without entries, the `emptyUpdated` given). */
  updated: string;
  entries: FeedEntry[];
}

/**
 * Rewrites root-relative `href`/`src`/`srcset` values and in-page `#anchors` in rendered post HTML to
 * absolute URLs. Feed readers show content away from the site and several ignore `xml:base`.
 * The HTML comes from quire's own serializer, which always double-quotes attribute values.
 */
export function absolutiseHtml(html: string, origin: string, pageUrl: string): string {
  // Only inside start tags, and only whole URL attributes (not `data-src`): text such as
  // a code sample showing `href="/x"` must stay as written. The serializer escapes `<` in text and
  // `"` in values, so a tag is `<name` up to the first `>` outside a quoted value.
  return html.replace(/<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:="[^"]*")?)*\s*\/?>/g, (tag) =>
    tag.replace(/(\s)(href|src|poster|cite|srcset)="([^"]*)"/g, (match, space: string, attribute: string, value: string) => {
      // A srcset lists `url width` candidates, comma-separated (quire's URLs hold no commas or spaces).
      if (attribute === 'srcset') return `${space}srcset="${value.split(', ').map((candidate) => absoluteUrl(candidate, origin, pageUrl)).join(', ')}"`;
      const absolute = absoluteUrl(value, origin, pageUrl);
      return absolute === value ? match : `${space}${attribute}="${absolute}"`;
    }),
  );
}

function absoluteUrl(value: string, origin: string, pageUrl: string): string {
  if (value.startsWith('//')) return value;
  if (value.startsWith('/')) return `${origin}${value}`;
  if (value.startsWith('#')) return `${origin}${pageUrl}${value}`;
  return value;
}

/**
 * A permanent id for a post's feed entries: a `tag:` URI (RFC 4151) from the site's host, the
 * post's publication day and its slug. Editing the title never changes it, so readers do not
 * show an edited post as new.
 */
export function entryId(host: string, post: Pick<SitePost, 'date' | 'slug'>): string {
  return `tag:${host},${post.date.slice(0, 10)}:${post.slug}`;
}

/** Key: the entry (by identity; entries are made once per build and never changed). Invalid: with the entry. */
const contentXmlOf = new WeakMap<FeedEntry, string>();

/**
 * An entry's HTML escaped as XML text. The RSS and Atom feeds of one channel both hold it, and
 * escaping a whole post is most of a feed's cost, so it is escaped once per entry.
 */
export function contentXml(entry: FeedEntry): string {
  let xml = contentXmlOf.get(entry);
  if (xml === undefined) {
    xml = xmlText(entry.html);
    contentXmlOf.set(entry, xml);
  }
  return xml;
}

/** Builds a feed channel from the newest posts given (already newest first); `emptyUpdated` is its time when there are none. */
export function feedChannel(
  site: Site,
  posts: readonly SitePost[],
  summaryOf: (post: SitePost) => PostSummary,
  bodyOf: (source: string) => string,
  about: { title: string; description: string; pageUrl: string; feedDir: string },
  emptyUpdated: string,
): FeedChannel {
  const origin = new URL(site.config.baseUrl).origin;
  const host = new URL(site.config.baseUrl).hostname;
  const entries = posts.slice(0, site.config.feedLimit).map((post): FeedEntry => {
    const summary = summaryOf(post);
    return {
      id: entryId(host, post),
      url: post.absoluteUrl,
      title: post.title,
      published: post.date,
      updated: post.updated ?? post.date,
      summary: post.description ?? summary.summary,
      html: absolutiseHtml(bodyOf(post.source), origin, post.url),
      tags: [...post.tagRefs.map((t) => t.name), ...(post.terms.categories ?? []).map((c) => c.title)],
      authors: post.authorRefs.map(({ name, url }) => (url ? { name, url: new URL(url, origin).href } : { name })),
    };
  });
  const updated = entries.reduce((latest, e) => (Date.parse(e.updated) > Date.parse(latest) ? e.updated : latest), entries[0]?.updated ?? emptyUpdated);
  const feedBase = origin + about.feedDir;
  return {
    title: about.title,
    description: about.description,
    homeUrl: origin + about.pageUrl,
    selfUrl: { rss: `${feedBase}rss.xml`, atom: `${feedBase}atom.xml`, json: `${feedBase}feed.json` },
    updated,
    entries,
  };
}
