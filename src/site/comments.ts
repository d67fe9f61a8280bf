import type { Comment } from '../content/comment.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Site } from './build-site.js';
import type { Draft } from './draft.js';
import { plainCopy } from './plain-copy.js';
import type { SitePost } from './site-post.js';

/** A comment placed under its post: how its date reads, and its replies (oldest first). */
export interface ThreadedComment extends Comment {
  /** The date as readers see it, in the site's language and time zone. */
  readonly dateText: string;
  /** 0 for a comment on the post, 1 for a reply to it, and so on. */
  readonly depth: number;
  readonly replies: readonly ThreadedComment[];
}

/** Why a post takes no new comments. */
export type ClosedReason = 'disabled' | 'post' | 'age';

/** A post's comment thread. */
export interface PostComments {
  /** Every comment, replies included. */
  readonly count: number;
  /** Top-level comments, oldest first, each with its replies. */
  readonly thread: readonly ThreadedComment[];
  /** Whether the post takes new comments. */
  readonly open: boolean;
  readonly closedReason?: ClosedReason;
}

/** Every published post's comments, plus all of them newest first (for the comments feed). */
export interface SiteComments {
  /** By post source path; every published post has an entry (possibly empty). */
  readonly byPost: ReadonlyMap<string, PostComments>;
  /** Every shown comment with its post, newest first. */
  readonly newest: Array<{ comment: ThreadedComment; post: SitePost }>;
}

/** Options for {@link attachComments}. */
export interface AttachOptions {
  /** The build's clock (epoch ms), for closing comments on old posts. */
  now: number;
  /**
   * Slugs of every post that was read, published or not: a comment on a draft or future post is
   * not an orphan, it is just not shown yet.
   */
  knownSlugs: ReadonlySet<string>;
}

const day = 24 * 60 * 60 * 1000;

/**
 * Attaches stored comments to the site's posts by slug, threads them through `reply_to`
 * (oldest first at every level) and decides which posts are open for new comments.
 * Pure: everything comes in as arguments.
 *
 * Errors: a comment whose folder names no post (CommentOrphan), a `reply_to` naming no comment of
 * the same post, or replies that form a loop (CommentInvalid).
 */
export function attachComments(site: Site, comments: readonly Comment[], options: AttachOptions): { comments: SiteComments; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const settings = site.config.comments;
  const bySlug = new Map<string, SitePost>();
  for (const post of site.posts) {
    // Posts are newest first; with two posts of one slug, the newest takes the comments.
    if (!bySlug.has(post.slug)) bySlug.set(post.slug, post);
  }

  const grouped = new Map<string, Comment[]>();
  for (const comment of comments) {
    if (!options.knownSlugs.has(comment.postSlug)) {
      diagnostics.push(diagnostic('error', 'CommentOrphan', { file: comment.file },
        `This comment belongs to a post with the slug "${comment.postSlug}", but no post has that slug.`,
        'Move the file into the folder named after an existing post\'s slug, or delete it.'));
      continue;
    }
    const list = grouped.get(comment.postSlug);
    if (list) list.push(comment);
    else grouped.set(comment.postSlug, [comment]);
  }

  const byPost = new Map<string, PostComments>();
  const newest: SiteComments['newest'] = [];
  for (const post of site.posts) {
    const own = bySlug.get(post.slug) === post ? (grouped.get(post.slug) ?? []) : [];
    const thread = own.length === 0 ? [] : threadComments(own, site, diagnostics);
    const entry: Draft<PostComments> = { count: own.length, thread, open: true };
    const closed: ClosedReason | undefined = !settings.enabled
      ? 'disabled'
      : !post.commentsOpen
        ? 'post'
        : settings.closeAfterDays > 0 && options.now - post.time > settings.closeAfterDays * day
          ? 'age'
          : undefined;
    if (closed) {
      entry.open = false;
      entry.closedReason = closed;
    }
    byPost.set(post.source, entry);
    addNewest(thread, post, newest);
  }
  newest.sort((a, b) => b.comment.time - a.comment.time || compare(a.comment.postSlug, b.comment.postSlug) || compare(a.comment.id, b.comment.id));
  return { comments: { byPost, newest }, diagnostics };
}

/** Adds every comment of a thread, depth first, to `newest`. */
function addNewest(list: readonly ThreadedComment[], post: SitePost, newest: SiteComments['newest']): void {
  for (const comment of list) {
    newest.push({ comment, post });
    addNewest(comment.replies, post, newest);
  }
}

/** Builds one post's thread; reports unknown parents and loops (those comments are shown top-level). */
function threadComments(comments: readonly Comment[], site: Site, diagnostics: Diagnostic[]): ThreadedComment[] {
  type Node = Draft<ThreadedComment>;
  const nodes = new Map<string, Node>();
  for (const comment of comments) {
    const node = plainCopy(comment) as unknown as Node;
    node.dateText = site.dates.long(comment.date);
    node.depth = 0;
    node.replies = [];
    nodes.set(comment.id, node);
  }
  const roots: Node[] = [];
  const children = new Map<string, Node[]>();
  for (const node of nodes.values()) {
    const parent = node.replyTo;
    if (parent === undefined) roots.push(node);
    else if (parent === node.id || !nodes.has(parent)) {
      diagnostics.push(diagnostic('error', 'CommentInvalid', { file: node.file, line: node.replyToLine },
        parent === node.id
          ? 'This comment replies to itself.'
          : `This comment replies to "${parent}", but this post has no comment with that id.`,
        `Use the id (file name without .md) of another comment in the same folder, or remove reply_to.`));
      roots.push(node);
    } else {
      const list = children.get(parent);
      if (list) list.push(node);
      else children.set(parent, [node]);
    }
  }
  const byAge = (a: ThreadedComment, b: ThreadedComment) => a.time - b.time || compare(a.id, b.id);
  const placed = new Set<string>();
  const place = (list: Node[], depth: number): Node[] => {
    list.sort(byAge);
    for (const node of list) {
      placed.add(node.id);
      node.depth = depth;
      node.replies = place(children.get(node.id) ?? [], depth + 1);
    }
    return list;
  };
  place(roots, 0);
  // Whatever no top-level comment leads to replies in a circle: report it, and cut the circle at
  // its oldest comment, which is then shown at the top level.
  for (;;) {
    const node = [...nodes.values()].filter((n) => !placed.has(n.id)).sort(byAge)[0];
    if (!node) break;
    diagnostics.push(diagnostic('error', 'CommentInvalid', { file: node.file, line: node.replyToLine },
      `This comment's reply_to ("${node.replyTo ?? ''}") leads in a circle back to it.`,
      'Make the first comment of the conversation a top-level comment (remove its reply_to).'));
    const siblings = children.get(node.replyTo ?? '');
    if (siblings) siblings.splice(siblings.indexOf(node), 1);
    roots.push(node);
    place([node], 0);
  }
  roots.sort(byAge);
  return roots;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
