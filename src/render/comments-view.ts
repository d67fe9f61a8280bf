import { defaultMinSeconds } from '../config/comment-providers.js';
import type { CommentsConfig } from '../config/site-config.js';
import type { Locale } from '../i18n/locale.js';
import type { Site } from '../site/build-site.js';
import type { PostComments, ThreadedComment } from '../site/comments.js';
import type { SitePost } from '../site/site-post.js';
import { jsonForScript } from './template-engine.js';

/** What the "Comments" section of a post page shows. */
export interface CommentsView {
  heading: string;
  /** Whether the post takes new comments ("Leave a reply"), else "Comments are closed.". */
  open: boolean;
  count?: number;
  /** Stored comments, oldest first, replies nested. */
  comments?: CommentView[];
  /** The reply area for the configured provider; only when open. */
  embed?: CommentEmbed;
  /** URL of the site's comments feed. */
  feedUrl?: string;
}

/** One comment as the template shows it. */
export interface CommentView {
  id: string;
  /** The element id and fragment: `comment-c1a2b3`. */
  anchor: string;
  author: string;
  /** The commenter's website; linked with `rel="nofollow ugc"`. */
  url?: string;
  /** ISO 8601 with offset, for `<time datetime>`. */
  date: string;
  /** Epoch milliseconds, for sorting (the comments feed). */
  time: number;
  dateText: string;
  /** Sanitized body HTML. */
  html: string;
  replies: CommentView[];
  /** With the quire comment service: the page that answers this comment (works without JavaScript). */
  replyUrl?: string;
  /** "Reply to Ada", the reply link's accessible name. */
  replyLabel: string;
}

/** An attribute of a provider's embed element; names come from a fixed list, values are escaped by the template. */
export interface EmbedAttribute {
  name: string;
  value: string;
}

/**
 * What the "Leave a reply" area needs for the configured provider. The template
 * (`partials/comments.liquid`) turns each kind into the markup that provider documents.
 */
export type CommentEmbed =
  | { provider: 'none'; postId: string; postUrl: string; postTitle: string }
  | { provider: 'giscus' | 'utterances'; src: string; attributes: EmbedAttribute[]; noscript: string }
  | { provider: 'disqus'; script: string }
  | { provider: 'isso'; api: string; src: string; threadId: string; title: string; attributes: EmbedAttribute[]; noscript: string }
  | { provider: 'form'; action: string; hidden: EmbedAttribute[] }
  | {
    provider: 'quire'; action: string; stampUrl: string; postId: string; minSeconds: string;
    /** JavaScript expressions of the form's script, in the site's language: the status while posting, and "Replying to " + author + ".". */
    postingScript: string; replyingScript: string;
  };

/** Giscus options quire passes on, with their defaults (giscus.app's configurator's choices). */
const giscusOptions: Array<[key: string, attribute: string, fallback?: string]> = [
  ['repo', 'data-repo'],
  ['repoId', 'data-repo-id'],
  ['category', 'data-category'],
  ['categoryId', 'data-category-id'],
  ['mapping', 'data-mapping', 'pathname'],
  ['term', 'data-term'],
  ['strict', 'data-strict', '0'],
  ['reactionsEnabled', 'data-reactions-enabled', '1'],
  ['emitMetadata', 'data-emit-metadata', '0'],
  ['inputPosition', 'data-input-position', 'bottom'],
  ['theme', 'data-theme', 'preferred_color_scheme'],
  ['lang', 'data-lang', 'en'],
  ['loading', 'data-loading', 'lazy'],
];

/**
 * Utterances options. Written as `data-*` attributes: utterances' client.js reads every attribute
 * of its script element and strips a leading `data-` from the name ("permit using data-theme
 * instead of theme", src/client.ts), so `data-repo` works like the documented `repo`, and unlike
 * `repo` it is valid HTML.
 */
const utterancesOptions: Array<[key: string, attribute: string, fallback?: string]> = [
  ['repo', 'data-repo'],
  ['issueTerm', 'data-issue-term', 'pathname'],
  ['issueNumber', 'data-issue-number'],
  ['label', 'data-label'],
  ['theme', 'data-theme', 'github-light'],
];

/** Isso client options (the documented `data-isso-*` directives quire passes on). */
const issoOptions: Array<[key: string, attribute: string]> = [
  ['lang', 'data-isso-lang'],
  ['css', 'data-isso-css'],
  ['sorting', 'data-isso-sorting'],
  ['avatar', 'data-isso-avatar'],
  ['vote', 'data-isso-vote'],
];

/** "No comments yet" / "One response to “Title”" / "N responses to “Title”", in the site's language. */
export function commentsHeading(locale: Locale, count: number, title: string): string {
  return count === 0 ? locale.text('noComments') : locale.plural('commentsHeading', count, { title });
}

/** The link beside a post on listing pages: "Leave a comment" / "1 comment" / "N comments"; none when closed and empty. */
export function commentsLinkText(locale: Locale, count: number, open: boolean): string | undefined {
  if (count === 0) return open ? locale.text('leaveComment') : undefined;
  return locale.plural('commentsLink', count);
}

/** Builds the views of a thread, looking each body's sanitized HTML up by comment. */
function commentViews(locale: Locale, thread: readonly ThreadedComment[], htmlOf: (comment: ThreadedComment) => string): CommentView[] {
  return thread.map((comment) => {
    const view: CommentView = {
      id: comment.id,
      anchor: `comment-${comment.id}`,
      author: comment.author,
      date: comment.date,
      time: comment.time,
      dateText: comment.dateText,
      html: htmlOf(comment).trim(),
      replies: commentViews(locale, comment.replies, htmlOf),
      replyLabel: locale.format('replyTo', { author: comment.author }),
    };
    if (comment.url) view.url = comment.url;
    return view;
  });
}

/**
 * "Replying to " + author + ".": the message as a JavaScript expression of the script's
 * variable `author`, each text part script-safe JSON.
 */
function replyingScript(locale: Locale): string {
  const message = locale.format('replyingTo', {});
  const at = message.indexOf('{author}');
  if (at < 0) return jsonForScript(message);
  const before = message.slice(0, at);
  const after = message.slice(at + '{author}'.length);
  return [before && jsonForScript(before), 'author', after && jsonForScript(after)].filter(Boolean).join(' + ');
}

/** The markup inputs for the configured provider on one post. */
export function commentEmbed(config: CommentsConfig, post: SitePost, locale: Locale): CommentEmbed {
  const noscript = (service: string) => locale.format('noscriptService', { service });
  const options = config.options;
  const attributes = (table: Array<[string, string, string?]>): EmbedAttribute[] =>
    table.flatMap(([key, name, fallback]) => {
      const value = options[key] ?? fallback;
      return value === undefined ? [] : [{ name, value }];
    });
  switch (config.provider) {
    case 'giscus': {
      const list = attributes(giscusOptions);
      // With the `specific` mapping giscus needs a term; the post's slug is the stable choice.
      if (options.mapping === 'specific' && options.term === undefined) list.push({ name: 'data-term', value: post.slug });
      return { provider: 'giscus', src: 'https://giscus.app/client.js', attributes: list, noscript: noscript('giscus') };
    }
    case 'utterances':
      return { provider: 'utterances', src: 'https://utteranc.es/client.js', attributes: attributes(utterancesOptions), noscript: noscript('utterances') };
    case 'disqus': {
      const page = { url: post.absoluteUrl, identifier: post.slug, title: post.title };
      const script = [
        'var disqus_config = function () {',
        `  this.page.url = ${jsonForScript(page.url)};`,
        `  this.page.identifier = ${jsonForScript(page.identifier)};`,
        `  this.page.title = ${jsonForScript(page.title)};`,
        '};',
        '(function () {',
        '  var d = document, s = d.createElement("script");',
        `  s.src = ${jsonForScript(`https://${options.shortname ?? ''}.disqus.com/embed.js`)};`,
        '  s.setAttribute("data-timestamp", String(+new Date()));',
        '  (d.head || d.body).appendChild(s);',
        '})();',
      ].join('\n');
      return { provider: 'disqus', script };
    }
    case 'isso': {
      const api = options.url ?? '/';
      return { provider: 'isso', api, src: `${api}js/embed.min.js`, threadId: post.url, title: post.title, attributes: attributes(issoOptions), noscript: noscript('Isso') };
    }
    case 'form':
      return {
        provider: 'form',
        action: options.action ?? '',
        hidden: [
          { name: 'options[slug]', value: post.slug },
          { name: 'options[redirect]', value: `${post.absoluteUrl}#comments` },
        ],
      };
    case 'quire': {
      const service = options.url ?? '';
      return {
        provider: 'quire',
        action: new URL('comments', service).href,
        stampUrl: new URL('comments/stamp', service).href,
        postId: post.slug,
        minSeconds: options.minSeconds ?? String(defaultMinSeconds),
        postingScript: jsonForScript(locale.text('postingComment')),
        replyingScript: replyingScript(locale),
      };
    }
    case 'none':
      return { provider: 'none', postId: post.slug, postUrl: post.absoluteUrl, postTitle: post.title };
  }
}

/** The whole comment section of one post page. */
export function commentsSection(
  site: Site,
  post: SitePost,
  comments: PostComments,
  htmlOf: (comment: ThreadedComment) => string,
): CommentsView {
  const { locale } = site;
  const heading = !comments.open && comments.count === 0 ? locale.text('commentsTitle') : commentsHeading(locale, comments.count, post.title);
  const view: CommentsView = {
    heading,
    open: comments.open,
    count: comments.count,
    comments: commentViews(locale, comments.thread, htmlOf),
    feedUrl: `${site.basePath}comments.xml`,
  };
  if (comments.open) view.embed = commentEmbed(site.config.comments, post, locale);
  const service = site.config.comments.options.url;
  if (comments.open && site.config.comments.provider === 'quire' && service !== undefined) addReplyUrls(view.comments ?? [], service, post.slug);
  return view;
}

/** Gives every comment the service's reply page for it, `comments/reply?post=…&reply_to=…`. */
function addReplyUrls(views: CommentView[], service: string, postId: string): void {
  for (const view of views) {
    const url = new URL('comments/reply', service);
    url.searchParams.set('post', postId);
    url.searchParams.set('reply_to', view.id);
    view.replyUrl = url.href;
    addReplyUrls(view.replies, service, postId);
  }
}
