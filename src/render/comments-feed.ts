import type { Site } from '../site/build-site.js';
import type { SitePost } from '../site/site-post.js';
import type { CommentsView, CommentView } from './comments-view.js';
import type { Page } from './page.js';
import { escapeXml } from './xml.js';

/** A comment with the post it belongs to, as the feed lists it. */
interface FeedComment {
  comment: CommentView;
  post: SitePost;
}

/**
 * `/comments.xml`: an RSS 2.0 feed of the newest comments across the site (`comments.feedLimit`),
 * newest first. Nothing is written when the site has comments switched off.
 *
 * Each item: title "Comment on “Post” by Author" (in the site's language), link to the comment's anchor on the post page,
 * a guid that stays the same across builds (a `tag:` URI from the host, the comment's day, the
 * post's slug and the comment's id: not a URL, so `isPermaLink="false"`), an RFC 822 `pubDate`
 * and the sanitized comment HTML, escaped, as `description`.
 */
export function* commentsFeed(site: Site, commentsOf: (post: SitePost) => CommentsView, commented: readonly SitePost[] = site.posts): Generator<Page> {
  if (!site.config.comments.enabled) return;
  yield { outputPath: 'comments.xml', contents: commentsFeedXml(site, commentsOf, commented) };
}

/** The feed's XML (see {@link commentsFeed}); `commented` may leave out posts without comments. */
function commentsFeedXml(site: Site, commentsOf: (post: SitePost) => CommentsView, commented: readonly SitePost[] = site.posts): string {
  const { config } = site;
  const all: FeedComment[] = [];
  const collect = (list: readonly CommentView[], post: SitePost): void => {
    for (const comment of list) {
      all.push({ comment, post });
      collect(comment.replies, post);
    }
  };
  for (const post of commented) collect(commentsOf(post).comments ?? [], post);
  all.sort((a, b) => b.comment.time - a.comment.time || compare(a.post.slug, b.post.slug) || compare(a.comment.id, b.comment.id));
  const items = all.slice(0, config.comments.feedLimit);

  const home = config.baseUrl;
  const self = new URL('comments.xml', config.baseUrl).href;
  const host = new URL(config.baseUrl).hostname;
  const newest = items[0];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>${escapeXml(site.locale.format('commentsFeedTitle', { site: config.title }))}</title>`,
    `<link>${escapeXml(home)}</link>`,
    `<description>${escapeXml(site.locale.format('commentsFeedDescription', { site: config.title }))}</description>`,
    `<language>${escapeXml(config.language)}</language>`,
    // The newest comment's date, not the clock: rebuilding the same content gives the same file.
    ...(newest ? [`<lastBuildDate>${rfc822(newest.comment.time)}</lastBuildDate>`] : []),
    '<generator>quire</generator>',
    `<atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>`,
  ];
  for (const { comment, post } of items) {
    const link = `${post.absoluteUrl}#${comment.anchor}`;
    const guid = `tag:${host},${comment.date.slice(0, 10)}:comments/${post.slug}/${comment.id}`;
    lines.push(
      '<item>',
      `<title>${escapeXml(site.locale.format('commentFeedItem', { title: post.title, author: comment.author }))}</title>`,
      `<link>${escapeXml(link)}</link>`,
      `<guid isPermaLink="false">${escapeXml(guid)}</guid>`,
      `<pubDate>${rfc822(comment.time)}</pubDate>`,
      `<dc:creator>${escapeXml(comment.author)}</dc:creator>`,
      `<description>${escapeXml(comment.html.trim())}</description>`,
      '</item>',
    );
  }
  lines.push('</channel>', '</rss>');
  return `${lines.join('\n')}\n`;
}

/** RFC 822 date-time in GMT, as RSS 2.0 wants: `Sun, 10 Mar 2024 09:20:00 GMT`. */
function rfc822(time: number): string {
  return new Date(time).toUTCString();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
