import type { Author } from '../../config/site-config.js';
import { xmlAttribute as a, xmlElement as el, xmlText as x } from '../xml.js';
import { contentXml, type FeedChannel } from './feed-entries.js';

/**
 * Serialises a channel as Atom 1.0 (RFC 4287): RFC 3339 dates with offsets, a permanent
 * `tag:` id per entry, full HTML content, and absolute links throughout; indented by two
 * spaces and escaped like the RSS feed (see `rssXml`).
 */
export function atomXml(channel: FeedChannel, language: string, author: Author): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${a('xml:lang', language)}>`,
    `  ${el('id', x(channel.selfUrl.atom))}`,
    `  ${el('title', x(channel.title))}`,
  ];
  if (channel.description) lines.push(`  ${el('subtitle', x(channel.description))}`);
  lines.push(
    `  ${el('updated', x(channel.updated))}`,
    `  <link rel="self" type="application/atom+xml"${a('href', channel.selfUrl.atom)}/>`,
    `  <link rel="alternate" type="text/html"${a('href', channel.homeUrl)}/>`,
    '  <author>',
    `    ${el('name', x(author.name))}`,
  );
  if (author.url) lines.push(`    ${el('uri', x(author.url))}`);
  if (author.email) lines.push(`    ${el('email', x(author.email))}`);
  lines.push('  </author>', '  <generator>quire</generator>');
  for (const entry of channel.entries) {
    lines.push(
      '  <entry>',
      `    ${el('id', x(entry.id))}`,
      `    ${el('title', x(entry.title), ' type="text"')}`,
      `    <link rel="alternate" type="text/html"${a('href', entry.url)}/>`,
      `    ${el('published', x(entry.published))}`,
      `    ${el('updated', x(entry.updated))}`,
    );
    // The feed's author stands for every entry that names only them.
    if (!(entry.authors.length === 1 && entry.authors[0]?.name === author.name)) {
      for (const who of entry.authors) {
        lines.push('    <author>', `      ${el('name', x(who.name))}`, ...(who.url ? [`      ${el('uri', x(who.url))}`] : []), '    </author>');
      }
    }
    for (const tag of entry.tags) lines.push(`    <category${a('term', tag)}/>`);
    if (entry.summary) lines.push(`    ${el('summary', x(entry.summary), ' type="text"')}`);
    lines.push(`    ${el('content', contentXml(entry), ' type="html"')}`, '  </entry>');
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}
