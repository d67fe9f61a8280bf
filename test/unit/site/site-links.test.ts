import { describe, expect, it } from 'vitest';
import type { Post } from '../../../src/content/post.js';
import { buildSite } from '../../../src/site/build-site.js';
import { siteLinkChecker, siteLinkProblems, unpublishedUrls, type SiteLink } from '../../../src/site/site-links.js';
import { FIXED_NOW } from '../../support/clock.js';
import { makeConfig, makePost } from '../../support/factories.js';

const posts: Post[] = [
  makePost({ title: 'Some post', date: '2014-07-03', tags: ['Paper'], aliases: ['/2008/11/old.html'] }),
  makePost({ title: 'Bundle', date: '2024-03-02', source: 'bundle/index.md', assets: ['square.svg', 'notes/plan.pdf'] }),
  makePost({ title: 'Secret', date: '2024-02-01', draft: true, aliases: ['/old-secret/'] }),
  makePost({ title: 'Later', date: '2030-01-01' }),
  makePost({ title: 'About', date: '2024-01-01', kind: 'page', source: '../pages/about.md', file: 'pages/about.md' }),
  makePost({ title: 'Hidden page', slug: 'hidden', date: '2024-01-01', kind: 'page', source: '../pages/hidden.md', file: 'pages/hidden.md', draft: true }),
];
const staticFiles = ['files/reading-list.txt', 'favicon.svg', 'legacy/index.html', 'legacy.html'];

function checkerFor(baseUrl: string, options: Parameters<typeof makeConfig>[0] = {}) {
  const config = makeConfig({ baseUrl, ...options });
  const { site, diagnostics } = buildSite(posts, config, { drafts: false, now: FIXED_NOW });
  expect(diagnostics).toEqual([]);
  return siteLinkChecker(site, staticFiles, unpublishedUrls(posts, site, '../pages/'));
}

describe('siteLinkChecker on a site at the root', () => {
  const check = checkerFor('https://example.com/');

  it.each([
    '/', '/2014/07/some-post/', '/2014/07/some-post', '/2014/07/some-post/index.html',
    '/about/', '/2008/11/old.html', '/2024/03/bundle/square.svg', '/2024/03/bundle/notes/plan.pdf',
    '/files/reading-list.txt', '/favicon.svg', '/legacy/', '/legacy', '/rss.xml', '/atom.xml', '/feed.json',
    '/sitemap.xml', '/robots.txt', '/404.html', '/comments.xml', '/search/', '/pagefind/0/pagefind.js',
    '/archive/', '/archive/2014/', '/archive/2014/07/', '/tags/', '/tags/paper/', '/tags/paper/rss.xml', '/tags/paper/atom.xml',
  ])('finds %s', (url) => {
    expect(check(url)).toBe('ok');
  });

  it.each([
    '/2014/07/no-such-post/', '/2014/07/some-post.html', '/2014/07/some-post/extra/', '/files/missing.txt',
    '/tags/glue/', '/tags/paper/feed.json', '/2008/11/old/', '/about.html', '/2014/07/Some-Post/',
  ])('misses %s', (url) => {
    expect(check(url)).toBe('missing');
  });

  it('tells a draft’s or scheduled post’s page, and their aliases, from a missing one', () => {
    expect(check('/2024/02/secret/')).toBe('unpublished');
    expect(check('/2024/02/secret')).toBe('unpublished');
    expect(check('/old-secret/')).toBe('unpublished');
    expect(check('/2030/01/later/')).toBe('unpublished');
    expect(check('/hidden/')).toBe('unpublished');
  });

  it('leaves out the comments feed and the search page when the site has none', () => {
    const bare = checkerFor('https://example.com/', { search: false, comments: { ...makeConfig().comments, enabled: false } });
    expect(bare('/comments.xml')).toBe('missing');
    expect(bare('/search/')).toBe('missing');
    expect(bare('/pagefind/0/pagefind.js')).toBe('missing');
  });

  it('suggests the one written page or file of the same name', () => {
    expect(check.suggest('/2015/01/some-post/')).toBe('/2014/07/some-post/');
    expect(check.suggest('/2014/07/some-post.html')).toBe('/2014/07/some-post/');
    expect(check.suggest('/reading-list.txt')).toBe('/files/reading-list.txt');
    expect(check.suggest('/2014/07/nothing-like-it/')).toBeUndefined();
    // Many feeds share the name: none stands out.
    expect(check.suggest('/paper/rss.xml')).toBeUndefined();
  });
});

describe('siteLinkChecker on a site under a base path', () => {
  const check = checkerFor('https://example.com/blog/');

  it('finds URLs with the base path, and the base path itself', () => {
    for (const url of ['/blog/', '/blog', '/blog/2014/07/some-post/', '/blog/files/reading-list.txt', '/blog/rss.xml', '/blog/2008/11/old.html']) {
      expect(check(url), url).toBe('ok');
    }
    expect(check('/blog/2014/07/no-such-post/')).toBe('missing');
    expect(check('/blog/2024/02/secret/')).toBe('unpublished');
  });

  it('leaves the rest of the host alone, unless the URL is one of the site’s own without the base path', () => {
    expect(check('/')).toBe('ok');
    expect(check('/shop/cart/')).toBe('ok');
    expect(check('/2014/07/some-post/')).toBe('missing');
    expect(check.suggest('/2014/07/some-post/')).toBe('/blog/2014/07/some-post/');
    expect(check('/files/reading-list.txt')).toBe('missing');
    expect(check.suggest('/files/reading-list.txt')).toBe('/blog/files/reading-list.txt');
  });
});

describe('siteLinkProblems', () => {
  const check = checkerFor('https://example.com/');

  it('warns at the place of each link that leads nowhere or to a draft, and says nothing of the others', () => {
    const links: SiteLink[] = [['/2014/07/some-post/', 3, 5], ['/2014/07/typo/', 7, 1], ['/2024/02/secret/', 9, 12], ['/about/', 10, 2]];
    expect(siteLinkProblems(links, check)).toEqual([
      {
        severity: 'warning', code: 'BrokenSiteLink', line: 7, column: 1,
        message: 'The link to "/2014/07/typo/" points at no page or file of this site.',
        hint: 'Check the URL; the build writes no page or file there.',
      },
      {
        severity: 'warning', code: 'SiteLinkToUnpublished', line: 9, column: 12,
        message: 'The link to "/2024/02/secret/" points at the page of a draft or scheduled post, which this build does not write.',
        hint: expect.stringContaining('[text](./post.md)'),
      },
    ]);
  });

  it('hints at the page that was probably meant', () => {
    expect(siteLinkProblems([['/2013/01/some-post/', 1, 1]], check)[0]?.hint).toBe('Did you mean /2014/07/some-post/?');
  });

  it('has nothing to say of no links', () => {
    expect(siteLinkProblems([], check)).toEqual([]);
  });
});
