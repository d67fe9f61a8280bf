import path from 'node:path';
import type { SiteConfig } from '../config/site-config.js';
import { readPosts } from '../content/read-posts.js';
import { buildSite } from '../site/build-site.js';
import { attachComments } from '../site/comments.js';

/** What the service knows of a post: enough to accept a comment on it and send the reader back. */
export interface PostEntry {
  slug: string;
  title: string;
  /** The post's absolute URL on the site. */
  url: string;
  /** Whether it takes new comments (the same decision the build makes). */
  open: boolean;
}

/**
 * The site's published posts, read from its sources (the service runs in the site folder, where
 * approved comments are written). The sources, not a built site, are the truth: the build output
 * may be stale or live on another machine, and only the sources say whether comments are closed.
 * An unknown slug re-reads them (at most every `refreshMs`), so a post published after the
 * service started takes comments without a restart.
 */
export class SitePosts {
  private bySlug = new Map<string, PostEntry>();
  private readAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly root: string,
    private readonly config: SiteConfig,
    private readonly clock: () => number = Date.now,
    private readonly refreshMs = 10_000,
  ) {
    this.read();
  }

  /** The comments folder, where approved comments are written. */
  get commentsDir(): string {
    return path.resolve(this.root, this.config.dirs.comments);
  }

  private read(): void {
    const now = this.clock();
    const { posts } = readPosts(path.resolve(this.root, this.config.dirs.posts), this.config);
    const { site } = buildSite(posts, this.config, { drafts: false, now });
    // The build's own decision of which posts take comments (closed by the post, or by age).
    const { comments } = attachComments(site, [], { now, knownSlugs: new Set() });
    const bySlug = new Map<string, PostEntry>();
    // Posts come newest first; with two posts of one slug the newest takes the comments, as in the build.
    for (const post of site.posts) {
      if (bySlug.has(post.slug)) continue;
      bySlug.set(post.slug, { slug: post.slug, title: post.title, url: post.absoluteUrl, open: comments.byPost.get(post.source)?.open ?? false });
    }
    this.bySlug = bySlug;
    this.readAt = now;
  }

  find(slug: string): PostEntry | undefined {
    const found = this.bySlug.get(slug);
    if (found) return found;
    if (this.clock() - this.readAt >= this.refreshMs) this.read();
    return this.bySlug.get(slug);
  }
}
