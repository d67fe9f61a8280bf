import { create } from 'xmlbuilder2';
import type { Author } from '../../config/site-config.js';
import { xmlbuilderText } from '../xml.js';
import type { FeedChannel } from './feed-entries.js';

/**
 * Serialises a channel as Atom 1.0 (RFC 4287): RFC 3339 dates with offsets, a permanent
 * `tag:` id per entry, full HTML content, and absolute links throughout.
 */
export function atomXml(channel: FeedChannel, language: string, author: Author): string {
  const t = xmlbuilderText;
  const feed = create({ version: '1.0', encoding: 'UTF-8' }).ele('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': language });
  feed.ele('id').txt(channel.selfUrl.atom);
  feed.ele('title').txt(t(channel.title));
  if (channel.description) feed.ele('subtitle').txt(t(channel.description));
  feed.ele('updated').txt(channel.updated);
  feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: channel.selfUrl.atom });
  feed.ele('link', { rel: 'alternate', type: 'text/html', href: channel.homeUrl });
  const who = feed.ele('author');
  who.ele('name').txt(t(author.name));
  if (author.url) who.ele('uri').txt(t(author.url));
  if (author.email) who.ele('email').txt(t(author.email));
  feed.ele('generator').txt('quire');
  for (const entry of channel.entries) {
    const e = feed.ele('entry');
    e.ele('id').txt(entry.id);
    e.ele('title', { type: 'text' }).txt(t(entry.title));
    e.ele('link', { rel: 'alternate', type: 'text/html', href: entry.url });
    e.ele('published').txt(entry.published);
    e.ele('updated').txt(entry.updated);
    for (const tag of entry.tags) e.ele('category', { term: t(tag) });
    if (entry.summary) e.ele('summary', { type: 'text' }).txt(t(entry.summary));
    e.ele('content', { type: 'html' }).txt(t(entry.html));
  }
  return `${feed.end({ prettyPrint: true })}\n`;
}
