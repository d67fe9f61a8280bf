import type { Site } from '../../site/build-site.js';
import type { SitePost } from '../../site/site-post.js';
import type { Slot } from '../page-plan.js';
import type { PostSummary } from '../views.js';
import { atomXml } from './atom.js';
import { feedChannel, type FeedChannel } from './feed-entries.js';
import { jsonFeed } from './json-feed.js';
import { rssXml } from './rss.js';

/** What a build gives the feeds: the model's key, the posts' summaries, bodies and keys. */
export interface FeedBuild {
  input: {
    /** Stands for the model in the feeds' keys. */
    siteKey: string;
    /** A hash of the code and templates that write pages. */
    templatesKey: string;
    bodyOf: (source: string) => string;
    bodyKeyOf: (source: string) => string;
    /** The build's clock (epoch ms), for a feed without entries; default: when it is rendered. */
    now?: number;
  };
  summaryOf: (post: SitePost) => PostSummary;
  keyOf: (post: SitePost) => string;
}

/**
 * The site's feeds (`/rss.xml`, `/atom.xml`, `/feed.json`) and, for each term of a taxonomy
 * with feeds and each author with a page, `rss.xml` and `atom.xml` beside its page
 * (`/tags/<slug>/rss.xml`): the newest `feedLimit` posts each.
 * Each feed is rendered only when the writer needs it; its key covers everything it shows and
 * the code that writes it. `placeOf` gives a post's position in the model's list.
 */
export function feedSlots(site: Site, placeOf: (post: SitePost) => number): Slot<FeedBuild>[] {
  const { config } = site;
  const settings = { title: config.title, description: config.description, language: config.language, author: config.author, baseUrl: config.baseUrl, feedLimit: config.feedLimit };
  type About = Parameters<typeof feedChannel>[4];
  // The formats of one channel are written one after the other in a build: they share its
  // entries (the bodies with absolute links, and their escaped XML) instead of building them again.
  const lastChannel = new WeakMap<FeedBuild, { posts: readonly SitePost[]; about: About; channel: FeedChannel }>();
  const channelOf = (b: FeedBuild, posts: readonly SitePost[], about: About): FeedChannel => {
    const last = lastChannel.get(b);
    if (last?.posts === posts && last.about === about) return last.channel;
    const channel = feedChannel(site, posts, b.summaryOf, b.input.bodyOf, about, emptyUpdated(b.input.now ?? Date.now()));
    lastChannel.set(b, { posts, about, channel });
    return channel;
  };
  // The model (which holds the settings and the lists) and the keys of the posts shown make a feed.
  const feed = (outputPath: string, posts: readonly SitePost[], about: About, serialise: (channel: FeedChannel) => string): Slot<FeedBuild> => {
    const shown = posts.slice(0, config.feedLimit);
    return {
      outputPath,
      posts: shown.map(placeOf),
      prefix: (b) => b.input.templatesKey + outputPath,
      make: (b) => {
        const entries = shown.map((p) => [b.keyOf(p), b.input.bodyKeyOf(p.source)]);
        return { deps: [b.input.siteKey, ...entries.flat()], keyData: () => ({ settings, about, posts: entries }), render: () => serialise(channelOf(b, posts, about)) };
      },
    };
  };
  const main = { title: config.title, description: config.description, pageUrl: site.basePath, feedDir: site.basePath };
  const slots = [
    feed('rss.xml', site.posts, main, (c) => rssXml(c, config.language, config.author)),
    feed('atom.xml', site.posts, main, (c) => atomXml(c, config.language, config.author)),
    feed('feed.json', site.posts, main, (c) => jsonFeed(c, config.language, config.author)),
  ];
  const termFeeds = (posts: readonly SitePost[], outputPath: string, url: string, title: string, description: string) => {
    const about = { title: `${config.title}: ${title}`, description, pageUrl: url, feedDir: url };
    const dir = outputPath.replace(/index\.html$/, '');
    slots.push(feed(`${dir}rss.xml`, posts, about, (c) => rssXml(c, config.language, config.author)));
    slots.push(feed(`${dir}atom.xml`, posts, about, (c) => atomXml(c, config.language, config.author)));
  };
  for (const taxonomy of site.taxonomies.filter((t) => t.feeds)) {
    for (const term of taxonomy.terms) {
      termFeeds(term.posts, term.outputPath, term.url, term.title, taxonomy.name === 'tags'
        ? site.locale.format('feedTagged', { tag: term.name, site: config.title })
        : site.locale.format('feedInTerm', { term: term.title, site: config.title }));
    }
  }
  for (const author of site.authors) {
    termFeeds(author.posts, author.outputPath, author.url, author.name, site.locale.format('feedBy', { author: author.name, site: config.title }));
  }
  return slots;
}

/**
 * The `updated` of a feed without entries (a new blog, or one whose posts are all drafts). Atom
 * requires one (RFC 4287, 4.1.1), and RSS's `lastBuildDate` is made from the same value. Nothing
 * was published, so it says when the feed took its present form: the build's clock when the feed
 * is rendered. The clock is not part of the feed's key (its settings, and no entries), so the
 * writer keeps the file it wrote while nothing it shows changes, and rebuilding the same site
 * leaves it byte for byte as it was; a feed with entries never depends on the clock. (The
 * epoch, used before, read as a broken date, and a fixed date would be as arbitrary.)
 */
function emptyUpdated(now: number): string {
  return new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
