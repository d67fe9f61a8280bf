import type { Site } from '../../site/build-site.js';
import type { SitePost } from '../../site/site-post.js';
import type { Page } from '../page.js';
import type { PostSummary } from '../views.js';
import { atomXml } from './atom.js';
import { feedChannel } from './feed-entries.js';
import { jsonFeed } from './json-feed.js';
import { rssXml } from './rss.js';

/**
 * The site's feeds (`/rss.xml`, `/atom.xml`, `/feed.json`) and, for each tag,
 * `/tags/<slug>/rss.xml` and `/tags/<slug>/atom.xml`: the newest `feedLimit` posts each.
 */
export function* feedPages(site: Site, summaryOf: (post: SitePost) => PostSummary, bodyOf: (source: string) => string): Generator<Page> {
  const { config } = site;
  const main = feedChannel(site, site.posts, summaryOf, bodyOf, {
    title: config.title,
    description: config.description,
    pageUrl: site.basePath,
    feedDir: site.basePath,
  });
  yield { outputPath: 'rss.xml', contents: rssXml(main, config.language, config.author) };
  yield { outputPath: 'atom.xml', contents: atomXml(main, config.language, config.author) };
  yield { outputPath: 'feed.json', contents: jsonFeed(main, config.language, config.author) };
  for (const tag of site.tags) {
    const channel = feedChannel(site, tag.posts, summaryOf, bodyOf, {
      title: `${config.title}: ${tag.name}`,
      description: `Posts tagged “${tag.name}” on ${config.title}.`,
      pageUrl: tag.url,
      feedDir: tag.url,
    });
    const dir = tag.outputPath.replace(/index\.html$/, '');
    yield { outputPath: `${dir}rss.xml`, contents: rssXml(channel, config.language, config.author) };
    yield { outputPath: `${dir}atom.xml`, contents: atomXml(channel, config.language, config.author) };
  }
}
