import type { Author } from '../../config/site-config.js';
import type { FeedChannel } from './feed-entries.js';

/** Serialises a channel as JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function jsonFeed(channel: FeedChannel, language: string, author: Author): string {
  const authors = [{ name: author.name, ...(author.url ? { url: author.url } : {}) }];
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.homeUrl,
    feed_url: channel.selfUrl.json,
    ...(channel.description ? { description: channel.description } : {}),
    language,
    authors,
    items: channel.entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entry.title,
      content_html: entry.html,
      ...(entry.summary ? { summary: entry.summary } : {}),
      date_published: entry.published,
      date_modified: entry.updated,
      ...(entry.tags.length > 0 ? { tags: entry.tags } : {}),
      ...(entry.authors.length === 0 || (entry.authors.length === 1 && entry.authors[0]?.name === author.name) ? {} : { authors: entry.authors }),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
