import { create } from 'xmlbuilder2';
import type { Author } from '../../config/site-config.js';
import { xmlbuilderText } from '../xml.js';
import type { FeedChannel } from './feed-entries.js';

/** RFC 822 date-time, as RSS 2.0 requires (`Sat, 02 Mar 2024 08:30:00 GMT`). */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

/**
 * Serialises a channel as RSS 2.0 with the full post HTML in `content:encoded` and a short
 * summary in `description`. Text goes through `xmlbuilderText` (see there); characters XML cannot hold
 * are removed first.
 */
export function rssXml(channel: FeedChannel, language: string, author: Author): string {
  const t = xmlbuilderText;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('rss', {
    version: '2.0',
    'xmlns:atom': 'http://www.w3.org/2005/Atom',
    'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  });
  const ch = root.ele('channel');
  ch.ele('title').txt(t(channel.title));
  ch.ele('link').txt(channel.homeUrl);
  ch.ele('description').txt(t(channel.description || channel.title));
  ch.ele('language').txt(language);
  ch.ele('lastBuildDate').txt(rfc822(channel.updated));
  ch.ele('generator').txt('quire');
  ch.ele('atom:link', { href: channel.selfUrl.rss, rel: 'self', type: 'application/rss+xml' });
  for (const entry of channel.entries) {
    const item = ch.ele('item');
    item.ele('title').txt(t(entry.title));
    item.ele('link').txt(entry.url);
    item.ele('guid', { isPermaLink: 'false' }).txt(entry.id);
    item.ele('pubDate').txt(rfc822(entry.published));
    item.ele('dc:creator').txt(t(author.name));
    for (const tag of entry.tags) item.ele('category').txt(t(tag));
    // Readers treat an item's description as HTML; the summary is plain text, so escape it as HTML first.
    item.ele('description').txt(t(escapeHtmlText(entry.summary)));
    item.ele('content:encoded').txt(t(entry.html));
  }
  return `${root.end({ prettyPrint: true })}\n`;
}

/** Escapes plain text for use as HTML (`<` → `&lt;` …), so readers show it as written. */
export function escapeHtmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
