import { describe, expect, it } from 'vitest';
import { readImages } from '../../../src/config/images-config.js';

function read(raw: unknown) {
  const problems: Array<[string, string]> = [];
  const value = readImages(raw, (at, message) => problems.push([at, message]));
  return { value, problems };
}

describe('readImages', () => {
  it('fills what is left out from the defaults, and sorts widths', () => {
    expect(read({ widths: [1200, 400, 400] })).toEqual({
      value: { widths: [400, 1200], formats: ['webp'], quality: 80, sizes: '(min-width: 44rem) 40rem, 100vw' },
      problems: [],
    });
    expect(read(false).value).toBe(false);
    expect(read({ formats: [] }).value).toMatchObject({ formats: [] });
  });

  it('names each wrong value at its key', () => {
    const { problems } = read({ widths: [0, 'wide'], formats: ['jpeg'], quality: 101, sizes: '', crop: true });
    expect(problems.map(([at]) => at)).toEqual(['images.crop', 'images.widths', 'images.formats', 'images.quality', 'images.sizes']);
    expect(read('yes').problems[0]?.[1]).toBe('"images" must be false or a mapping, not the text "yes".');
  });
});
