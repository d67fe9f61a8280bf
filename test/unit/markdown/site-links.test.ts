import { describe, expect, it } from 'vitest';
import { sitePathOf } from '../../../src/markdown/site-path.js';
import { renderBody } from '../../support/markdown.js';

describe('links written as site URLs', () => {
  it.each(['native', 'remark'] as const)('are recorded with their line and column in the file (%s parser)', (parser) => {
    const body = [
      'Intro with [a post](/2014/07/some-post/#part).',
      '',
      '- a list item: **[strong](/tags/paper/?page=2)**',
      '',
      '| a | b |',
      '| - | - |',
      '| x | [cell](/archive/) |',
      '',
      'A footnote.[^1]',
      '',
      '[^1]: With [a link](/files/notes.pdf).',
      '',
    ].join('\n');
    const r = renderBody(body, { parser, bodyLine: 6 });
    expect(r.problems).toEqual([]);
    expect(r.siteLinks).toEqual([
      ['/2014/07/some-post/', 6, 12],
      ['/tags/paper/', 8, 18],
      ['/archive/', 12, 7],
      ['/files/notes.pdf', 16, 12],
    ]);
  });

  it('records a definition once, at the definition, not each reference to it', () => {
    const r = renderBody('See [one][r] and [two][r].\n\n[r]: /a/b/?q=1\n');
    expect(r.siteLinks).toEqual([['/a/b/', 3, 1]]);
  });

  it('records the path percent-decoded, as the written files are named', () => {
    expect(renderBody('[c](/caf%C3%A9/) [d](/caf%C3%A9/%2F/)\n').siteLinks).toEqual([['/café/', 1, 1], ['/café/%2F/', 1, 18]]);
  });

  it.each([
    ['an external link', '[x](https://example.com/a/)'],
    ['a protocol-relative link', '[x](//cdn.example/a.js)'],
    ['a backslash after the slash, another host to a browser', '[x](</\\evil.example/>)'],
    ['a relative link', '[x](other/page/)'],
    ['a link to a post’s source file', '[x](./other.md)'],
    ['an in-page link', '[x](#part)'],
    ['a mail link', '[x](mailto:a@example.com)'],
    ['an unsafe link', '[x](javascript:alert(1))'],
    ['an autolink', '<https://example.com/a/>'],
    ['an image (MissingImage checks those)', '![x](/images/a.png)'],
  ])('leaves out %s: the rendering has no siteLinks', (_what, markdown) => {
    const r = renderBody(`${markdown}\n`, { posts: { 'other.md': '/blog/2024/02/other/' } });
    expect(r.siteLinks).toBeUndefined();
  });

  it('records the link around an image, not the image', () => {
    expect(renderBody('[![x](/images/small.png)](/images/big.png)\n').siteLinks).toEqual([['/images/big.png', 1, 1]]);
  });

  it('leaves out links in raw HTML', () => {
    expect(renderBody('<p><a href="/raw/">raw</a></p>\n\nText.\n', { rawHtml: true }).siteLinks).toBeUndefined();
  });

  it('records a site URL that names a source file, which is no page', () => {
    expect(renderBody('[x](/docs/guide.md)\n').siteLinks).toEqual([['/docs/guide.md', 1, 1]]);
  });

  it('survive the copy to and from a worker (structured clone)', () => {
    const r = renderBody('[x](/a/) and [y](/b/)\n');
    expect(structuredClone(r).siteLinks).toEqual([['/a/', 1, 1], ['/b/', 1, 14]]);
  });
});

describe('sitePathOf', () => {
  it.each([
    ['/2014/07/some-post/', '/2014/07/some-post/'],
    ['/2014/07/some-post/#part', '/2014/07/some-post/'],
    ['/search/?q=paper#top', '/search/'],
    ['/?q=x', '/'],
    ['/caf%C3%A9/', '/café/'],
    ['/a%2Fb/', '/a%2Fb/'],
    ['/bad%E0%A4%A/', '/bad%E0%A4%A/'],
  ])('reads %s as the site path %s', (url, path) => {
    expect(sitePathOf(url)).toBe(path);
  });

  it.each(['https://example.com/x/', '//cdn.example/x.js', '/\\evil.example/', 'relative/path/', '#part', 'mailto:a@example.com', ''])(
    'leaves %s alone: it is no site URL', (url) => {
      expect(sitePathOf(url)).toBeUndefined();
    });
});
