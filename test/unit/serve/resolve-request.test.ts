import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRequest } from '../../../src/serve/resolve-request.js';

const site = path.resolve('/srv/site');

describe('resolveRequest', () => {
  it('maps paths inside the site, keeping the query for redirects', () => {
    expect(resolveRequest('/2024/03/post/?x=1', site, '/')).toEqual({
      kind: 'path', file: path.join(site, '2024', '03', 'post'), trailingSlash: true, canonical: '/2024/03/post', search: '?x=1',
    });
    expect(resolveRequest('/', site, '/')).toMatchObject({ kind: 'path', file: site, trailingSlash: true, canonical: '/' });
    expect(resolveRequest('/tags/caf%C3%A9/', site, '/')).toMatchObject({ file: path.join(site, 'tags', 'café') });
  });

  it('applies the base path: redirects / and /blog, and leaves other paths to the 404 page', () => {
    expect(resolveRequest('/', site, '/blog/')).toEqual({ kind: 'redirect', location: '/blog/' });
    expect(resolveRequest('/blog?q=1', site, '/blog/')).toEqual({ kind: 'redirect', location: '/blog/?q=1' });
    expect(resolveRequest('/blog/', site, '/blog/')).toMatchObject({ kind: 'path', file: site });
    expect(resolveRequest('/blog/rss.xml', site, '/blog/')).toMatchObject({ kind: 'path', file: path.join(site, 'rss.xml'), trailingSlash: false });
    expect(resolveRequest('/other/', site, '/blog/')).toEqual({ kind: 'missing' });
    expect(resolveRequest('/blogger/', site, '/blog/')).toEqual({ kind: 'missing' });
  });

  it.each([
    '/../etc/passwd',
    '/a/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/%2e%2e%2fetc%2fpasswd',
    '/%2E%2E%2F%2E%2E%2Fetc/passwd',
    '/./index.html',
    '/blog/../../x',
  ])('refuses the traversal %s with 403', (url) => {
    const target = resolveRequest(url, site, url.startsWith('/blog') ? '/blog/' : '/');
    expect(target).toMatchObject({ kind: 'refused', status: 403 });
  });

  it.each([
    '/..\\..\\etc\\passwd',
    '/%5c..%5cetc',
    '/a%00.html',
    '/a\0b',
    '/%zz',
    '/%C3',
    '/a%0d%0aSet-Cookie:%20x',
    'http://evil.example/',
    '*',
    '',
  ])('refuses the malformed %j with 400', (url) => {
    expect(resolveRequest(url, site, '/')).toMatchObject({ kind: 'refused', status: 400 });
  });

  it('decodes once: double-encoded dots and slashes stay a harmless file name inside the site', () => {
    const target = resolveRequest('/%252e%252e%252fetc%252fpasswd', site, '/');
    expect(target).toMatchObject({ kind: 'path', file: path.join(site, '%2e%2e%2fetc%2fpasswd') });
  });

  it('never makes a protocol-relative canonical path from leading slashes', () => {
    const target = resolveRequest('//evil.example/x', site, '/');
    expect(target).toMatchObject({ kind: 'path', canonical: '/evil.example/x' });
    const blog = resolveRequest('/blog//evil.example', site, '/blog/');
    expect(blog).toMatchObject({ kind: 'path', canonical: '/blog/evil.example' });
  });
});
