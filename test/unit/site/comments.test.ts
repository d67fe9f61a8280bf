import { describe, expect, it } from 'vitest';
import type { Comment } from '../../../src/content/comment.js';
import { buildSite } from '../../../src/site/build-site.js';
import { attachComments, type ThreadedComment } from '../../../src/site/comments.js';
import { FIXED_NOW } from '../../support/clock.js';
import { makeConfig, makePost } from '../../support/factories.js';

const day = 86_400_000;

function comment(postSlug: string, id: string, date: string, extra: Partial<Comment> = {}): Comment {
  return { id, postSlug, file: `comments/${postSlug}/${id}.md`, author: `Author ${id}`, date, time: Date.parse(date), body: `Body ${id}`, bodyLine: 5, ...extra };
}

/** `id(child,child)` shape of a thread, for readable assertions. */
function shape(list: readonly ThreadedComment[]): string {
  return list.map((c) => (c.replies.length > 0 ? `${c.id}(${shape(c.replies)})` : c.id)).join(',');
}

function setup(closeAfterDays = 0, enabled = true) {
  const config = makeConfig();
  config.comments = { ...config.comments, closeAfterDays, enabled };
  const posts = [
    makePost({ title: 'Open', date: '2025-05-20' }),
    makePost({ title: 'Old', date: '2024-01-01' }),
    makePost({ title: 'Shut', date: '2025-05-25', commentsOpen: false }),
    makePost({ title: 'Draft', date: '2025-05-01', draft: true }),
  ];
  const { site } = buildSite(posts, config, { drafts: false, now: FIXED_NOW });
  return { site, knownSlugs: new Set(posts.map((p) => p.slug)) };
}

describe('attachComments', () => {
  it('threads replies under their parents, oldest first at every level, and counts them all', () => {
    const { site, knownSlugs } = setup();
    const list = [
      comment('open', 'late', '2025-05-24T10:00:00Z'),
      comment('open', 'first', '2025-05-21T10:00:00Z'),
      comment('open', 'r2', '2025-05-23T10:00:00Z', { replyTo: 'first' }),
      comment('open', 'r1', '2025-05-22T10:00:00Z', { replyTo: 'first' }),
      comment('open', 'rr', '2025-05-22T12:00:00Z', { replyTo: 'r1' }),
    ];
    const { comments, diagnostics } = attachComments(site, list, { now: FIXED_NOW, knownSlugs });
    expect(diagnostics).toEqual([]);
    const open = comments.byPost.get('open.md');
    expect(open?.count).toBe(5);
    expect(shape(open?.thread ?? [])).toBe('first(r1(rr),r2),late');
    expect(open?.thread[0]?.replies[0]?.replies[0]?.depth).toBe(2);
    expect(open?.thread[0]?.dateText).toBe('May 21, 2025');
    expect(comments.newest.map((n) => n.comment.id)).toEqual(['late', 'r2', 'rr', 'r1', 'first']);
    expect(comments.byPost.get('old.md')).toMatchObject({ count: 0, thread: [], open: true });
  });

  it('closes comments by front matter (comments: false) but still shows stored ones', () => {
    const { site, knownSlugs } = setup();
    const { comments } = attachComments(site, [comment('shut', 'a', '2025-05-26T00:00:00Z')], { now: FIXED_NOW, knownSlugs });
    expect(comments.byPost.get('shut.md')).toMatchObject({ open: false, closedReason: 'post', count: 1 });
    expect(comments.byPost.get('open.md')?.open).toBe(true);
  });

  it('closes comments on posts older than closeAfterDays, relative to the build clock', () => {
    const { site, knownSlugs } = setup(30);
    const { comments } = attachComments(site, [], { now: FIXED_NOW, knownSlugs });
    expect(comments.byPost.get('old.md')).toMatchObject({ open: false, closedReason: 'age' });
    expect(comments.byPost.get('open.md')?.open).toBe(true);
    // The same site, built 40 days later: the newer post has closed too.
    const later = attachComments(site, [], { now: FIXED_NOW + 40 * day, knownSlugs });
    expect(later.comments.byPost.get('open.md')).toMatchObject({ open: false, closedReason: 'age' });
  });

  it('reports a comment whose folder names no post as CommentOrphan, naming the file; drafts are not orphans', () => {
    const { site, knownSlugs } = setup();
    const { comments, diagnostics } = attachComments(site, [
      comment('no-such-post', 'x1', '2025-05-01T00:00:00Z'),
      comment('draft', 'd1', '2025-05-02T00:00:00Z'),
    ], { now: FIXED_NOW, knownSlugs });
    expect(diagnostics).toMatchObject([{ severity: 'error', code: 'CommentOrphan', file: 'comments/no-such-post/x1.md' }]);
    expect(diagnostics[0]?.message).toContain('no-such-post');
    expect(comments.newest).toEqual([]);
  });

  it('reports unknown parents and reply loops, and still shows those comments', () => {
    const { site, knownSlugs } = setup();
    const { comments, diagnostics } = attachComments(site, [
      comment('open', 'a', '2025-05-21T00:00:00Z', { replyTo: 'ghost', replyToLine: 4 }),
      comment('open', 'b', '2025-05-22T00:00:00Z', { replyTo: 'c' }),
      comment('open', 'c', '2025-05-23T00:00:00Z', { replyTo: 'b' }),
    ], { now: FIXED_NOW, knownSlugs });
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['CommentInvalid', 'comments/open/a.md', 4],
      ['CommentInvalid', 'comments/open/b.md', undefined],
    ]);
    expect(diagnostics[0]?.message).toContain('"ghost"');
    expect(shape(comments.byPost.get('open.md')?.thread ?? [])).toBe('a,b(c)');
  });
});
