import { commentsSection, type CommentsView } from '../render/comments-view.js';
import type { Site } from '../site/build-site.js';
import type { PostComments, ThreadedComment } from '../site/comments.js';
import type { SitePost } from '../site/site-post.js';

/**
 * Key: the post (by identity), the site model (by identity) and whether comments are open.
 * Invalid: when the model is another object or the section opens or closes. Only sections
 * without comments are kept; a section with comments is built anew. A watching
 * process then does not build thousands of empty sections again, for the post pages and the
 * comments feed, on every rebuild.
 */
const emptySections = new WeakMap<SitePost, { site: Site; open: boolean; view: CommentsView }>();

/** The comment section of `post`, its comments' bodies from `html`. */
export function commentsSectionOf(site: Site, post: SitePost, thread: PostComments, html: ReadonlyMap<ThreadedComment, string>): CommentsView {
  if (thread.count > 0) return commentsSection(site, post, thread, (comment) => html.get(comment) ?? '');
  const known = emptySections.get(post);
  if (known && known.site === site && known.open === thread.open) return known.view;
  const view = commentsSection(site, post, thread, () => '');
  emptySections.set(post, { site, open: thread.open, view });
  return view;
}
