import type { Site } from '../../site/build-site.js';
import type { SitePost } from '../../site/site-post.js';
import type { Keys } from '../key-memo.js';
import type { Page } from '../page.js';
import type { PostSummary } from '../views.js';
import { atomXml } from './atom.js';
import { feedChannel, type FeedChannel } from './feed-entries.js';
import { jsonFeed } from './json-feed.js';
import { rssXml } from './rss.js';

/**
 * The site's feeds (`/rss.xml`, `/atom.xml`, `/feed.json`) and, for each tag,
 * `/tags/<slug>/rss.xml` and `/tags/<slug>/atom.xml`: the newest `feedLimit` posts each.
 * Each feed is rendered only when the writer needs it; its key covers everything it shows and
 * `codeKey`, a hash of the code that writes it.
 */
export function* feedPages(
  site: Site,
  /** Stands for the model in the feeds' keys. */
  siteKey: string,
  summaryOf: (post: SitePost) => PostSummary,
  bodyOf: (source: string) => string,
  bodyKeyOf: (source: string) => string,
  summaryKeyOf: (post: SitePost) => string,
  codeKey: string,
  keys: Keys,
): Generator<Page> {
  const { config } = site;
  const settings = { title: config.title, description: config.description, language: config.language, author: config.author, baseUrl: config.baseUrl, feedLimit: config.feedLimit };
  type About = Parameters<typeof feedChannel>[4];
  // The formats of one channel are written one after the other: they share its entries (the
  // bodies with absolute links, and their escaped XML) instead of building them again.
  let last: { posts: readonly SitePost[]; about: About; channel: FeedChannel } | undefined;
  const channelOf = (posts: readonly SitePost[], about: About): FeedChannel => {
    if (last?.posts !== posts || last.about !== about) last = { posts, about, channel: feedChannel(site, posts, summaryOf, bodyOf, about) };
    return last.channel;
  };
  // The model (which holds the settings and the lists) and the keys of the posts shown make a feed.
  const feedKey = (outputPath: string, shown: readonly SitePost[], about: About): string => {
    const entries = shown.map((p) => [summaryKeyOf(p), bodyKeyOf(p.source)]);
    return keys.keyBy(outputPath, codeKey + outputPath, [siteKey, ...entries.flat()], () => ({ settings, about, posts: entries }));
  };
  const feed = (outputPath: string, posts: readonly SitePost[], about: About, serialise: (channel: FeedChannel) => string): Page => ({
    outputPath,
    key: feedKey(outputPath, posts.slice(0, config.feedLimit), about),
    render: () => serialise(channelOf(posts, about)),
  });
  const main = { title: config.title, description: config.description, pageUrl: site.basePath, feedDir: site.basePath };
  yield feed('rss.xml', site.posts, main, (c) => rssXml(c, config.language, config.author));
  yield feed('atom.xml', site.posts, main, (c) => atomXml(c, config.language, config.author));
  yield feed('feed.json', site.posts, main, (c) => jsonFeed(c, config.language, config.author));
  for (const tag of site.tags) {
    const about = {
      title: `${config.title}: ${tag.name}`,
      description: `Posts tagged “${tag.name}” on ${config.title}.`,
      pageUrl: tag.url,
      feedDir: tag.url,
    };
    const dir = tag.outputPath.replace(/index\.html$/, '');
    yield feed(`${dir}rss.xml`, tag.posts, about, (c) => rssXml(c, config.language, config.author));
    yield feed(`${dir}atom.xml`, tag.posts, about, (c) => atomXml(c, config.language, config.author));
  }
}
