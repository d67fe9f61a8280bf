/**
 * Page keys: the writer keeps a page whose key did not change, so a key must change whenever the
 * page's bytes would; and it should not change otherwise, or warm builds rewrite pages for nothing.
 */
import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderSite, summarise } from '../../../src/render/render-site.js';
import { createTemplateEngine } from '../../../src/render/template-engine.js';
import { loadStylesheet } from '../../../src/render/theme-assets.js';
import type { CommentsView } from '../../../src/render/comments-view.js';
import { buildSite } from '../../../src/site/build-site.js';
import { FIXED_NOW } from '../../support/clock.js';
import { makeConfig, makePost } from '../../support/factories.js';

interface PostSpec {
  title: string;
  date: string;
  tags: string[];
  excerpt: string;
  body: string;
  comment?: string;
}

interface World {
  siteTitle: string;
  templatesKey: string;
  posts: Record<string, PostSpec>;
}

const world: World = {
  siteTitle: 'Marginalia',
  templatesKey: 'templates-1',
  posts: {
    paper: { title: 'Paper', date: '2025-01-05', tags: ['craft'], excerpt: 'On paper.', body: '<p>Paper body.</p>', comment: 'Nice & <b>thin</b>.' },
    glue: { title: 'Glue', date: '2025-02-10', tags: ['craft', 'materials'], excerpt: 'On glue.', body: '<p>Glue body.</p>' },
    thread: { title: 'Thread', date: '2025-03-15', tags: ['materials'], excerpt: 'On thread.', body: '<p>Thread body.</p>' },
    press: { title: 'Press', date: '2025-03-20', tags: ['tools'], excerpt: 'On presses.', body: '<p>Press body.</p>' },
    knife: { title: 'Knife', date: '2025-04-02', tags: ['tools', 'craft'], excerpt: 'On knives.', body: '<p>Knife body.</p>' },
    awl: { title: 'Awl', date: '2025-04-20', tags: ['leather'], excerpt: 'On awls.', body: '<p>Awl body.</p>' },
    bone: { title: 'Bone folder', date: '2025-05-02', tags: ['leather'], excerpt: 'On folders.', body: '<p>Bone body.</p>' },
  },
};

/** Every page and file of the site: its key (or a hash of its given contents) and its bytes. */
function build(w: World, withoutSummary?: string): Map<string, { key: string; bytes: string }> {
  const config = makeConfig({ title: w.siteTitle, baseUrl: 'https://blog.example/', postsPerPage: 2, feedLimit: 2 });
  const posts = Object.entries(w.posts).map(([slug, p]) => makePost({ title: p.title, date: p.date, tags: p.tags, slug }));
  const { site } = buildSite(posts, config, { drafts: false, now: FIXED_NOW });
  const spec = (source: string) => w.posts[source.replace(/\.md$/, '')] as PostSpec;
  const summaries = new Map(
    site.posts.map((post) => {
      const { excerpt } = spec(post.source);
      return [post.source, summarise(post, { excerptHtml: `<p>${excerpt}</p>`, hasMore: true, summary: excerpt, words: 300, readingMinutes: 2, problems: [], deps: [] }, site.locale)];
    }),
  );
  if (withoutSummary) summaries.delete(withoutSummary);
  const commentsOf = (post: (typeof site.posts)[number]): CommentsView => {
    const text = spec(post.source).comment;
    const comments = text === undefined ? [] : [{ id: 'c1', anchor: 'comment-c1', author: 'Ada', date: '2025-05-01T10:00:00+00:00', time: 0, dateText: 'May 1, 2025', html: `<p>${text}</p>`, replies: [], replyLabel: 'Reply to Ada' }];
    return {
      heading: comments.length ? `One response to “${post.title}”` : 'No comments yet',
      open: true,
      count: comments.length,
      comments,
      embed: { provider: 'none', postId: post.slug, postUrl: post.absoluteUrl, postTitle: post.title },
      feedUrl: '/comments.xml',
    };
  };
  const pages = renderSite({
    site,
    engine: createTemplateEngine(undefined),
    stylesheet: loadStylesheet(undefined),
    // Every key is hashed here (no memo), so what stands for the model in keys is not used.
    siteKey: 'model',
    summaryOf: (post) => summaries.get(post.source),
    commentsKeyOf: (post) => JSON.stringify(commentsOf(post)),
    bodyOf: (source) => spec(source).body,
    bodyKeyOf: (source) => hash('sha256', spec(source).body),
    templatesKey: w.templatesKey,
    commentsOf,
  });
  const out = new Map<string, { key: string; bytes: string }>();
  for (const page of pages) {
    const bytes = String(page.contents ?? page.render?.());
    out.set(page.outputPath, { key: page.key ?? `contents:${hash('sha256', bytes)}`, bytes });
  }
  return out;
}

const before = build(world);

/** Builds `w`; checks that every page whose bytes changed has a new key; returns the paths whose key changed. */
function rekeyed(w: World): string[] {
  const after = build(w);
  const changed: string[] = [];
  for (const [path, page] of after) {
    const old = before.get(path);
    if (!old) continue;
    if (old.bytes !== page.bytes) expect(page.key, `${path} changed but kept its key`).not.toBe(old.key);
    if (old.key !== page.key) changed.push(path);
  }
  return changed.sort();
}

const edit = (slug: string, change: Partial<PostSpec>): World => ({
  ...world,
  posts: { ...world.posts, [slug]: { ...(world.posts[slug] as PostSpec), ...change } },
});

describe('page keys', () => {
  it('are stable: the same inputs give the same keys', () => {
    expect(rekeyed(world)).toEqual([]);
  });

  it('change for the post page and the feeds holding a post whose body changed, and nothing else', () => {
    expect(rekeyed(edit('knife', { body: '<p>A sharper knife.</p>' }))).toEqual([
      '2025/04/knife/index.html', 'tags/craft/atom.xml', 'tags/craft/rss.xml', 'tags/tools/atom.xml', 'tags/tools/rss.xml',
    ]);
    expect(rekeyed(edit('bone', { body: '<p>A new fold.</p>' }))).toEqual([
      '2025/05/bone/index.html', 'atom.xml', 'feed.json', 'rss.xml', 'tags/leather/atom.xml', 'tags/leather/rss.xml',
    ]);
  });

  it('change for the post page only when a comment changed (its feed is written from its contents)', () => {
    expect(rekeyed(edit('paper', { comment: 'Edited.' })).filter((p) => p !== 'comments.xml')).toEqual(['2025/01/paper/index.html']);
  });

  it('change wherever an excerpt, a title or tags show, and only there', () => {
    const excerpt = rekeyed(edit('glue', { excerpt: 'Glue, again.' }));
    expect(excerpt).toContain('2025/02/glue/index.html');
    expect(excerpt).toContain('archive/2025/02/index.html');
    expect(excerpt).not.toContain('2025/01/paper/index.html');
    expect(excerpt).not.toContain('tags/tools/index.html');

    // Not one of the five recent posts every sidebar lists.
    const title = rekeyed(edit('glue', { title: 'Wheat paste' }));
    // Its neighbours link to it by title.
    expect(title).toEqual(expect.arrayContaining(['2025/01/paper/index.html', '2025/02/glue/index.html', '2025/03/thread/index.html']));
    expect(title).not.toContain('2025/04/knife/index.html');
    expect(title).not.toContain('tags/leather/index.html');

    rekeyed(edit('press', { tags: ['tools', 'binding'] }));
  });

  it('change everywhere with the site settings or the templates and code', () => {
    const all = [...before.keys()].filter((path) => !/^(robots\.txt|sitemap\.xml|comments\.xml|assets\/)/.test(path)).sort();
    expect(rekeyed({ ...world, siteTitle: 'Marginalia II' })).toEqual(expect.arrayContaining(all));
    expect(rekeyed({ ...world, templatesKey: 'templates-2' })).toEqual(all);
  });

  it('are never made for a post without a summary: the build stops instead', () => {
    expect(() => build(world, 'glue.md')).toThrow('No summary for glue.md');
  });

  it('follow posts added and removed', () => {
    rekeyed({ ...world, posts: { ...world.posts, bodkin: { title: 'Bodkin', date: '2025-04-25', tags: ['tools'], excerpt: 'On bodkins.', body: '<p>Bodkin.</p>' } } });
    const { knife: _knife, ...rest } = world.posts;
    rekeyed({ ...world, posts: rest });
  });
});
