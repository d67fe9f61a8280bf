import type { Author } from '../../config/site-config.js';
import { xmlAttribute as a, xmlElement as el, xmlText as x } from '../xml.js';
import { contentXml, type FeedChannel } from './feed-entries.js';

/** RFC 822 date-time, as RSS 2.0 requires (`Sat, 02 Mar 2024 08:30:00 GMT`). */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

/**
 * Serialises a channel as RSS 2.0 with the full post HTML in `content:encoded` and a short
 * summary in `description`, indented by two spaces. Every text goes through `xmlText`, which
 * removes characters XML cannot hold and escapes the rest. The document is written as a string:
 * its shape is fixed, and a DOM serialiser cost more than the rest of the feed.
 */
export function rssXml(channel: FeedChannel, language: string, author: Author): string {
  const creator = el('dc:creator', x(author.name));
  const creators = (entry: FeedChannel['entries'][number]) =>
    (entry.authors.length === 0 ? [creator] : entry.authors.map((who) => el('dc:creator', x(who.name))));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    ${el('title', x(channel.title))}`,
    `    ${el('link', x(channel.homeUrl))}`,
    `    ${el('description', x(channel.description || channel.title))}`,
    `    ${el('language', x(language))}`,
    `    ${el('lastBuildDate', x(rfc822(channel.updated)))}`,
    '    <generator>quire</generator>',
    `    <atom:link${a('href', channel.selfUrl.rss)} rel="self" type="application/rss+xml"/>`,
  ];
  for (const entry of channel.entries) {
    lines.push(
      '    <item>',
      `      ${el('title', x(entry.title))}`,
      `      ${el('link', x(entry.url))}`,
      `      ${el('guid', x(entry.id), ' isPermaLink="false"')}`,
      `      ${el('pubDate', x(rfc822(entry.published)))}`,
      ...creators(entry).map((line) => `      ${line}`),
    );
    for (const tag of entry.tags) lines.push(`      ${el('category', x(tag))}`);
    // Readers treat an item's description as HTML; the summary is plain text, so escape it as HTML first.
    lines.push(`      ${el('description', x(escapeHtmlText(entry.summary)))}`, `      ${el('content:encoded', contentXml(entry))}`, '    </item>');
  }
  lines.push('  </channel>', '</rss>');
  return `${lines.join('\n')}\n`;
}

/** Escapes plain text for use as HTML (`<` → `&lt;` …), so readers show it as written. */
export function escapeHtmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
