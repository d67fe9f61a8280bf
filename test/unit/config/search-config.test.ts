import { describe, expect, it } from 'vitest';
import { readSearch } from '../../../src/config/search-config.js';

function read(raw: unknown) {
  const problems: Array<[string, string]> = [];
  const value = readSearch(raw, (at, message) => problems.push([at, message]));
  return { value, problems };
}

describe('readSearch', () => {
  it('takes true, false and an external search engine', () => {
    expect(read(true)).toEqual({ value: {}, problems: [] });
    expect(read(false)).toEqual({ value: false, problems: [] });
    expect(read({ external: 'https://duckduckgo.com/?sites=example.com' })).toEqual({ value: { external: 'https://duckduckgo.com/?sites=example.com' }, problems: [] });
  });

  it('names each wrong value at its key', () => {
    expect(read({ external: 'javascript:alert(1)', box: 'left' }).problems).toEqual([
      ['search.box', 'Unknown key "search.box".'],
      ['search.external', '"search.external" must be an http(s) address, not the text "javascript:alert(1)".'],
    ]);
    expect(read({ external: 'not a url' }).problems.map(([at]) => at)).toEqual(['search.external']);
    expect(read('on').problems).toEqual([['search', '"search" must be true, false or a mapping, not the text "on".']]);
  });
});
