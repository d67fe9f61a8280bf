import { describe, expect, it } from 'vitest';
import { commentsSectionOf } from '../../../src/incremental/comment-sections.js';
import { buildSite } from '../../../src/site/build-site.js';
import type { PostComments, ThreadedComment } from '../../../src/site/comments.js';
import { FIXED_NOW } from '../../support/clock.js';
import { makeConfig, makePost } from '../../support/factories.js';

const modelOf = () => buildSite([makePost({ title: 'Tea', date: '2025-05-01', slug: 'tea' })], makeConfig(), { drafts: false, now: FIXED_NOW }).site;
const none = (open: boolean): PostComments => ({ count: 0, thread: [], open });
const noHtml = new Map<ThreadedComment, string>();

describe('commentsSectionOf', () => {
  it('builds the empty section of a post once per model', () => {
    const site = modelOf();
    const post = site.posts[0]!;
    const first = commentsSectionOf(site, post, none(true), noHtml);
    expect(first).toMatchObject({ count: 0, open: true, heading: 'No comments yet' });
    expect(commentsSectionOf(site, post, none(true), noHtml)).toBe(first);
  });

  it('builds it again when comments close, or for another model', () => {
    const site = modelOf();
    const post = site.posts[0]!;
    const open = commentsSectionOf(site, post, none(true), noHtml);
    const closed = commentsSectionOf(site, post, none(false), noHtml);
    expect(closed).not.toBe(open);
    expect(closed.open).toBe(false);
    expect(closed.embed).toBeUndefined();
    const other = { ...site };
    expect(commentsSectionOf(other, post, none(false), noHtml)).not.toBe(closed);
  });

  it('never keeps a section that has comments: their bodies are given each build', () => {
    const site = modelOf();
    const post = site.posts[0]!;
    const comment: ThreadedComment = {
      id: 'c1', postSlug: 'tea', file: 'comments/tea/c1.md', author: 'Reader', date: '2025-05-02T10:00:00Z', time: Date.parse('2025-05-02T10:00:00Z'),
      body: 'Nice.', bodyLine: 5, dateText: 'May 2, 2025', depth: 0, replies: [],
    };
    const thread: PostComments = { count: 1, thread: [comment], open: true };
    const first = commentsSectionOf(site, post, thread, new Map([[comment, '<p>Nice.</p>']]));
    const second = commentsSectionOf(site, post, thread, new Map([[comment, '<p>Nicer.</p>']]));
    expect(second).not.toBe(first);
    expect(JSON.stringify(first.comments)).toContain('<p>Nice.</p>');
    expect(JSON.stringify(second.comments)).toContain('<p>Nicer.</p>');
  });
});
