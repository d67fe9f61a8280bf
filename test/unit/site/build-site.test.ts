import { describe, expect, it } from 'vitest';
import type { Post } from '../../../src/content/post.js';
import { buildSite } from '../../../src/site/build-site.js';
import { FIXED_NOW } from '../../support/clock.js';
import { makeConfig, makePost } from '../../support/factories.js';

const zone = 'America/New_York';
const config = makeConfig({ baseUrl: 'https://example.com/blog/', timeZone: zone });
const p = (title: string, date: string, extra: Partial<Post> = {}) =>
  makePost({ title, date, ...extra }, zone);

describe('buildSite', () => {
  const posts = [
    p('Oldest', '2008-11-06', { tags: ['Misc'] }),
    p('Newest', '2025-05-30T10:00:00Z', { tags: ['misc', 'new'] }),
    p('Middle', '2024-03-31T23:00:00-04:00'),
    p('Draft', '2024-01-01', { draft: true, tags: ['secret'] }),
    p('Future', '2030-01-01', { tags: ['later'] }),
    p('Soon', '2025-07-01'),
  ];
  const { site, diagnostics } = buildSite(posts, config, { drafts: false, now: FIXED_NOW });

  it('leaves out drafts and future posts, and counts them', () => {
    expect(site.posts.map((x) => x.title)).toEqual(['Newest', 'Middle', 'Oldest']);
    expect(site.skipped).toEqual({ drafts: 1, future: 2 });
    expect(site.tags.map((t) => t.name)).not.toContain('secret');
    expect(site.tags.map((t) => t.name)).not.toContain('later');
  });

  it('names the earliest scheduled post, so a host can rebuild then', () => {
    expect(site.nextScheduled).toMatchObject({ title: 'Soon', date: '2025-07-01T00:00:00-04:00' });
  });

  it('orders posts newest first and links each to its neighbours', () => {
    const [newest, middle, oldest] = site.posts;
    expect(newest?.previous?.title).toBe('Middle');
    expect(newest?.next).toBeUndefined();
    expect(middle?.previous?.url).toBe('/blog/2008/11/oldest/');
    expect(middle?.next?.url).toBe('/blog/2025/05/newest/');
    expect(oldest?.previous).toBeUndefined();
  });

  it('places posts at permalinks from their local date, under the base path', () => {
    const middle = site.posts[1];
    expect(middle).toMatchObject({
      url: '/blog/2024/03/middle/',
      outputPath: '2024/03/middle/index.html',
      absoluteUrl: 'https://example.com/blog/2024/03/middle/',
      year: '2024',
      month: '03',
      day: '31',
      dateText: 'March 31, 2024',
      monthUrl: '/blog/archive/2024/03/',
    });
    expect(site.posts[2]?.dateText).toBe('November 6, 2008');
  });

  it('merges tags across posts and gives each post its tag links', () => {
    expect(site.posts[0]?.tagRefs.map((t) => t.url)).toEqual(['/blog/tags/misc/', '/blog/tags/new/']);
    expect(site.tagByName('MISC')?.posts.map((x) => x.title)).toEqual(['Newest', 'Oldest']);
    expect(diagnostics.map((d) => d.code)).toEqual(['TagCase']);
  });

  it('includes drafts and future posts with drafts: true', () => {
    const all = buildSite(posts, config, { drafts: true, now: FIXED_NOW }).site;
    expect(all.posts).toHaveLength(6);
    expect(all.skipped).toEqual({ drafts: 0, future: 0 });
  });

  it('orders posts with the same date by source path, so the order never depends on the disk', () => {
    const a = p('Same A', '2024-01-01', { source: 'b.md', slug: 'a' });
    const b = p('Same B', '2024-01-01', { source: 'a.md', slug: 'b' });
    const one = buildSite([a, b], config, { drafts: false, now: FIXED_NOW }).site.posts.map((x) => x.source);
    const two = buildSite([b, a], config, { drafts: false, now: FIXED_NOW }).site.posts.map((x) => x.source);
    expect(one).toEqual(['a.md', 'b.md']);
    expect(two).toEqual(one);
  });

  it('reports two posts that would share a page', () => {
    const a = p('Twin', '2024-01-01', { source: 'a.md', file: 'posts/a.md' });
    const b = p('Twin', '2024-01-02', { source: 'b.md', file: 'posts/b.md' });
    const { site: s, diagnostics: d } = buildSite([a, b], config, { drafts: false, now: FIXED_NOW });
    expect(s.posts).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', code: 'PermalinkCollision' });
  });

  it('refuses a permalink or alias that would replace a page quire writes itself', () => {
    const c = makeConfig({ permalink: '/:slug/', baseUrl: 'https://example.com/' });
    const post = makePost({ title: 'x', date: '2024-01-01', slug: 'tags', aliases: ['/index.html', '/../escape/', '/old/'] });
    const { site: s, diagnostics: d } = buildSite([post], c, { drafts: false, now: FIXED_NOW });
    expect(d.map((x) => x.code)).toEqual(expect.arrayContaining(['PermalinkCollision', 'InvalidField']));
    expect(s.aliases.map((a) => a.outputPath)).toEqual(['old/index.html']);
  });
});

describe('buildSite, built again', () => {
  const first = p('Kept', '2024-01-01', { updated: '2024-02-01T00:00:00Z' });

  it('places a post afresh when its date, slug or update, or the site settings changed', () => {
    const place = (post: Post, c = config) => {
      const [sitePost] = buildSite([post], c, { drafts: false, now: FIXED_NOW }).site.posts;
      return sitePost && { url: sitePost.url, absoluteUrl: sitePost.absoluteUrl, dateText: sitePost.dateText, updatedText: sitePost.updatedText, monthUrl: sitePost.monthUrl };
    };
    expect(place(first)).toEqual({
      url: '/blog/2024/01/kept/', absoluteUrl: 'https://example.com/blog/2024/01/kept/', dateText: 'January 1, 2024',
      updatedText: 'January 31, 2024', monthUrl: '/blog/archive/2024/01/',
    });
    expect(place({ ...first, slug: 'moved' })?.url).toBe('/blog/2024/01/moved/');
    expect(place(p('Kept', '2023-12-05'))).toMatchObject({ url: '/blog/2023/12/kept/', dateText: 'December 5, 2023', updatedText: undefined });
    expect(place({ ...first, updated: '2024-03-01T12:00:00Z' })?.updatedText).toBe('March 1, 2024');
    expect(place(first, makeConfig({ ...config, baseUrl: 'https://example.org/', permalink: '/:slug/' }))).toMatchObject({ url: '/kept/', absoluteUrl: 'https://example.org/kept/' });
    expect(place(first, makeConfig({ ...config, language: 'fr' }))?.dateText).toBe('1 janvier 2024');
    expect(place(first, makeConfig({ ...config, timeZone: 'Asia/Tokyo' }))?.updatedText).toBe('February 1, 2024');
  });

  it('gives the same site from a second build as from the first', () => {
    const posts = [first, p('Other', '2024-01-02', { tags: ['A', 'a', 'b'] })];
    const one = buildSite(posts, config, { drafts: false, now: FIXED_NOW });
    const two = buildSite(posts, config, { drafts: false, now: FIXED_NOW });
    expect(JSON.stringify(two.site.posts)).toBe(JSON.stringify(one.site.posts));
    // `A` and `a` are one tag, linked once.
    expect(two.site.posts[0]?.tagRefs).toEqual([{ name: 'A', slug: 'a', url: '/blog/tags/a/' }, { name: 'b', slug: 'b', url: '/blog/tags/b/' }]);
  });
});

describe('buildSite with names too long for a file system', () => {
  it('refuses an alias with a part over 255 bytes, or over 1024 bytes in all, naming its line', () => {
    const positions = { aliases: { line: 5, column: 1 } };
    const post = makePost({ title: 'x', date: '2024-01-01', aliases: [`/${'a'.repeat(256)}/`, `/${'b/'.repeat(600)}`, `/${'c'.repeat(255)}/`], positions });
    const { site, diagnostics } = buildSite([post], makeConfig(), { drafts: false, now: FIXED_NOW });
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['InvalidField', 5], ['InvalidField', 5]]);
    expect(diagnostics[0]?.message).toContain('256 bytes');
    expect(site.aliases.map((a) => a.outputPath)).toEqual([`${'c'.repeat(255)}/index.html`]);
  });

  it('refuses a post whose permalink pattern makes a name over 255 bytes, naming its slug line', () => {
    const post = makePost({ title: 'x', date: '2024-01-01', slug: 's'.repeat(200), positions: { slug: { line: 3, column: 7 } } });
    const { site, diagnostics } = buildSite([post], makeConfig({ permalink: `/:slug-${'x'.repeat(60)}/` }), { drafts: false, now: FIXED_NOW });
    expect(diagnostics).toMatchObject([{ code: 'InvalidSlug', line: 3, column: 7, severity: 'error' }]);
    expect(site.posts).toEqual([]);
  });
});
