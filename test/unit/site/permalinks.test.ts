import { describe, expect, it } from 'vitest';
import { locate, postPath, safeSitePath } from '../../../src/site/permalinks.js';

describe('locate', () => {
  it.each([
    ['/', '', { url: '/', outputPath: 'index.html' }],
    ['/', '2008/11/slug/', { url: '/2008/11/slug/', outputPath: '2008/11/slug/index.html' }],
    ['/blog/', '2008/11/slug/', { url: '/blog/2008/11/slug/', outputPath: '2008/11/slug/index.html' }],
    ['/blog/', '/tags/x/', { url: '/blog/tags/x/', outputPath: 'tags/x/index.html' }],
    ['/blog/', 'old/page.html', { url: '/blog/old/page.html', outputPath: 'old/page.html' }],
  ])('places %s + %j', (base, sitePath, expected) => {
    expect(locate(base, sitePath)).toEqual(expected);
  });
});

describe('postPath', () => {
  const post = { date: '2008-11-06T00:00:00-05:00', slug: 'ask' };
  it.each([
    ['/:year/:month/:slug/', '/2008/11/ask/'],
    ['/:year/:month/:day/:slug/', '/2008/11/06/ask/'],
    ['/posts/:slug/', '/posts/ask/'],
    ['/:slug/', '/ask/'],
  ])('expands %s to %s', (pattern, expected) => {
    expect(postPath(pattern, post)).toBe(expected);
  });

  it('uses the local date of the post, not the UTC one', () => {
    // 23:00 on 31 March in New York is already 1 April in UTC.
    expect(postPath('/:year/:month/:day/:slug/', { date: '2024-03-31T23:00:00-04:00', slug: 'x' })).toBe('/2024/03/31/x/');
  });
});

describe('safeSitePath', () => {
  it.each([
    ['/2008/11/old-slug.html', '2008/11/old-slug.html'],
    ['/old/path/', 'old/path/'],
    ['old/path', 'old/path/'],
    ['/./a//b/', 'a/b/'],
    ['/caf%C3%A9/', 'café/'],
    ['  /trim/  ', 'trim/'],
  ])('accepts %j as %j', (input, expected) => {
    expect(safeSitePath(input)).toBe(expected);
  });

  it.each([
    ['../outside'],
    ['/a/../../etc/passwd'],
    ['/..'],
    ['%2e%2e/secret'],
    ['/%2E%2E/%2e%2e/x'],
    ['/a/%2e%2e%2f%2e%2e%2fx'],
    ['..\\windows'],
    ['/a\\b/'],
    ['/a%5cb/'],
    ['/...'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['//evil.example/x'],
    ['/a%00b/'],
    ['/a?x=1'],
    ['/a#frag'],
    ['/%E0%A4%A'],
    ['/'],
    [''],
  ])('rejects %j', (input) => {
    expect(safeSitePath(input)).toBeUndefined();
  });
});
