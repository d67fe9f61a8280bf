import { describe, expect, it } from 'vitest';
import type { CommentsView } from '../../../src/render/comments-view.js';
import { keyed, specSlot, type PageSpec, type SpecBuild } from '../../../src/render/page-spec.js';
import type { PostSummary, SiteView } from '../../../src/render/views.js';
import type { SitePost } from '../../../src/site/site-post.js';

const doc = (source: string, kind: 'post' | 'page' = 'post') => ({ source, kind, title: source }) as unknown as SitePost;
const a = doc('a.md');
const b = doc('b.md');
const about = doc('../pages/about.md', 'page');
const docs = [a, b, about];

/** A build whose keys and renderings are visible: each template call is returned as JSON. */
function fakeBuild(summaryKeys: Map<SitePost, string>): SpecBuild {
  return {
    siteKey: 'site',
    view: { title: 'T' } as unknown as SiteView,
    prefix: 'p',
    renderFile: (template, data) => JSON.stringify({ template, data }),
    summaryKey: (post) => summaryKeys.get(post as SitePost),
    keyOf: (post) => {
      const key = summaryKeys.get(post);
      if (key === undefined) throw new Error(`no key for ${post.source}`);
      return key;
    },
    summaryOf: (post) => ({ title: post.title }) as unknown as PostSummary,
    withSummaryHtml: (post) => ({ title: post.title, summaryHtml: `<p>${post.title}</p>` }) as unknown as PostSummary & { summaryHtml: string },
    bodyOf: (source) => `<p>body of ${source}</p>`,
    bodyKeyOf: (source) => `body:${source}`,
    commentsOf: (post) => ({ count: post.source.length }) as unknown as CommentsView,
    commentsKeyOf: (post) => `comments:${post.source}`,
  };
}
const keys = new Map(docs.map((d) => [d, `summary:${d.source}`]));
const placeOf = (post: SitePost) => docs.indexOf(post);

describe('specSlot', () => {
  it('derives a listing\'s place in the plan and its deps from the documents it lists', () => {
    const spec: PageSpec = { outputPath: 'index.html', template: 'home', lists: [b, a], model: () => ({ heading: 'Home' }) };
    const slot = specSlot(spec, placeOf);
    expect(slot.posts).toEqual([1, 0]);
    const made = slot.make(fakeBuild(keys));
    expect(made.deps).toEqual(['site', 'summary:b.md', 'summary:a.md']);
    expect(made.keyData()).toEqual({ template: 'home', model: { heading: 'Home' }, lists: ['summary:b.md', 'summary:a.md'] });
    const rendered = JSON.parse(made.render()) as { data: Record<string, unknown> };
    expect(rendered.data).toEqual({ site: { title: 'T' }, heading: 'Home', posts: [{ title: 'b.md', summaryHtml: '<p>b.md</p>' }, { title: 'a.md', summaryHtml: '<p>a.md</p>' }] });
  });

  it('keys a post\'s own page by its summary, body and comments, and a page\'s without comments', () => {
    const post = specSlot({ outputPath: 'a/index.html', template: 'post', of: a, model: () => ({}), head: (s) => ({ title: s.title }) }, placeOf).make(fakeBuild(keys));
    expect(post.deps).toEqual(['site', 'summary:a.md', 'body:a.md', 'comments:a.md']);
    expect(JSON.parse(post.render())).toEqual({
      template: 'post', data: { site: { title: 'T' }, page: { title: 'a.md' }, post: { title: 'a.md', html: '<p>body of a.md</p>' }, comments: { count: 4 } },
    });
    const page = specSlot({ outputPath: 'about/index.html', template: 'page', of: about, model: () => ({}) }, placeOf).make(fakeBuild(keys));
    expect(page.deps).toEqual(['site', 'summary:../pages/about.md', 'body:../pages/about.md']);
    expect(JSON.parse(page.render()).data).not.toHaveProperty('comments');
  });

  it('gives a page made from the model alone no summaries, bodies or comments, and keys the documents in its model by their summaries', () => {
    const made = specSlot({ outputPath: 'archive/index.html', template: 'archive', model: () => ({ years: [{ year: 2024, posts: [a, b] }] }) }, placeOf).make(fakeBuild(keys));
    expect(made.deps).toEqual(['site']);
    expect(made.keyData()).toEqual({ template: 'archive', model: { years: [{ year: 2024, posts: ['summary:a.md', 'summary:b.md'] }] } });
    // A changed summary changes the key data of a page that shows the post in its model.
    const changed = new Map(keys).set(a, 'summary:a.md (edited)');
    const again = specSlot({ outputPath: 'archive/index.html', template: 'archive', model: () => ({ years: [{ year: 2024, posts: [a, b] }] }) }, placeOf).make(fakeBuild(changed));
    expect(again.keyData()).not.toEqual(made.keyData());
    expect(Object.keys(JSON.parse(made.render()).data)).toEqual(['site', 'years']);
  });

  it('refuses a listed document that is not one of the site\'s: its page would never change key with it', () => {
    const stray = doc('stray.md');
    expect(() => specSlot({ outputPath: 'x.html', template: 'listing', lists: [stray], model: () => ({}) }, () => 0).make(fakeBuild(keys))).toThrow('no key for stray.md');
  });
});

describe('keyed', () => {
  it('replaces documents anywhere in plain data, and leaves everything else as it is', () => {
    expect(keyed({ a: [1, 'x', null, { post: a, n: { deep: [b] } }], u: undefined }, (o) => keys.get(o as SitePost))).toEqual({
      a: [1, 'x', null, { post: 'summary:a.md', n: { deep: ['summary:b.md'] } }], u: undefined,
    });
  });
});
