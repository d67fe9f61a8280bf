import { describe, expect, it } from 'vitest';
import { coverUrl } from '../../../src/site/cover-image.js';

describe('coverUrl', () => {
  const origin = 'https://example.com';
  it('resolves a file beside the post, a site path under the base path, and an address', () => {
    expect(coverUrl('cover.jpg', '/blog/2024/05/trip/', origin, '/blog/')).toBe('https://example.com/blog/2024/05/trip/cover.jpg');
    expect(coverUrl('/images/map.png', '/blog/2024/05/trip/', origin, '/blog/')).toBe('https://example.com/blog/images/map.png');
    expect(coverUrl('/blog/images/map.png', '/blog/x/', origin, '/blog/')).toBe('https://example.com/blog/images/map.png');
    expect(coverUrl(' https://cdn.example.org/a b.jpg ', '/x/', origin, '/')).toBe('https://cdn.example.org/a%20b.jpg');
  });

  it('gives none for what is no image address', () => {
    for (const value of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '', '  ', 42, ['a.jpg'], undefined, 'http://[bad']) {
      expect(coverUrl(value, '/x/', origin, '/')).toBeUndefined();
    }
  });
});
