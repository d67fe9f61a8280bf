import { describe, expect, it } from 'vitest';
import { maxSlugBytes, slugify } from '../../../src/content/slug.js';

describe('slugify', () => {
  it.each([
    ['Hello, World!', 'hello-world'],
    ['Café Über Niño', expect.stringMatching(/^cafe-ueb?er-nino$/)],
    ['Ask and Ye Shall Receive', 'ask-and-ye-shall-receive'],
    ['  spaces   everywhere  ', 'spaces-everywhere'],
    ['Node.js', 'node-js'],
    ['Ελληνικά', 'ellinika'],
    ['2024 in review', '2024-in-review'],
  ])('turns %j into a lowercase ASCII slug', (input, expected) => {
    expect(slugify(input)).toEqual(expected);
  });

  it('gives c++, c# and c three different slugs', () => {
    const slugs = ['c++', 'c#', 'c'].map(slugify);
    expect(new Set(slugs).size).toBe(3);
    expect(slugs[2]).toBe('c');
    expect(slugs[0]).toBe('c-plus-plus');
  });

  it.each([['日本語'], ['京都の古本屋'], ['中文博客']])('keeps CJK letters of %s instead of returning nothing', (input) => {
    const slug = slugify(input);
    expect(slug).not.toBe('');
    expect(slug).toBe(input);
  });

  it.each([['con'], ['CON'], ['prn'], ['aux'], ['nul'], ['com1'], ['lpt9']])(
    'never returns the Windows reserved name %s on its own',
    (input) => {
      const slug = slugify(input);
      expect(slug).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/);
      expect(slug.startsWith(input.toLowerCase())).toBe(true);
    },
  );

  it.each([
    ['../../etc/passwd'],
    ['a/b\\c'],
    ['..'],
    ['.hidden'],
    ['v1.2.3'],
    ['%2e%2e%2f'],
    ['C:\\Windows'],
    ['日本/語.md'],
    ['<script>alert(1)</script>'],
  ])('never puts /, \\, . or %% into the slug of %j', (input) => {
    expect(slugify(input)).not.toMatch(/[/\\.%]/);
  });

  it.each([['...'], ['🎉'], ['!!!'], ['']])('returns an empty slug for %j, which has no letters or digits', (input) => {
    expect(slugify(input)).toBe('');
  });

  it('is stable: slugifying a slug gives it back', () => {
    for (const input of ['Hello, World!', 'c++', '日本語', 'con']) {
      const once = slugify(input);
      expect(slugify(once)).toBe(once);
    }
  });

  describe('a slug too long for a file name', () => {
    const long = 'word '.repeat(60);
    it('is cut at a word to at most 200 bytes and ends in a hash of the whole, so it stays the same and unique', () => {
      const slug = slugify(long);
      expect(Buffer.byteLength(slug)).toBeLessThanOrEqual(maxSlugBytes);
      expect(slug).toMatch(/^(word-)+[0-9a-f]{8}$/);
      expect(slugify(long)).toBe(slug);
      expect(slugify(slug)).toBe(slug);
      expect(slugify(`${long} other`)).not.toBe(slug);
    });

    it('counts bytes, not characters, and never splits one', () => {
      const slug = slugify('日本語'.repeat(100));
      expect(Buffer.byteLength(slug)).toBeLessThanOrEqual(maxSlugBytes);
      expect(slug).toMatch(/^(日本語)+[日本語]{0,2}-[0-9a-f]{8}$/u);
    });

    it('leaves a slug of 200 bytes as it is', () => {
      expect(slugify('a'.repeat(200))).toBe('a'.repeat(200));
    });
  });
});
