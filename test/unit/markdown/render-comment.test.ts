import { describe, expect, it } from 'vitest';
import { createCommentProcessor, renderComment } from '../../../src/markdown/render-comment.js';

const processor = createCommentProcessor();
const render = (body: string) => renderComment(body, processor, '/2024/03/post/');

const hostile = [
  'Nice post! <script>alert(document.cookie)</script>',
  '',
  '<img src="x" onerror="alert(1)"> and <a href="https://ok.example" onclick="steal()">a link</a>',
  '',
  '[click me](javascript:alert(1)) and [also](JAVASCRIPT:alert(2)) and <javascript:alert(3)>',
  '',
  '<iframe src="https://evil.example/"></iframe>',
  '',
  '<svg onload="alert(1)"><script>x()</script></svg> <div style="position:fixed">overlay</div>',
  '',
  '![pic](javascript:alert(4) "t")',
].join('\n');

describe('renderComment', () => {
  it('drops <script>, event handlers, javascript: URLs and <iframe> from a hostile body', () => {
    const { html, problem } = render(hostile);
    expect(problem).toBeUndefined();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\bon[a-z]+\s*=/i);
    expect(html).not.toMatch(/(href|src)\s*=\s*["']?\s*javascript:/i);
    expect(html).not.toMatch(/<a(?![^>]*href="https:\/\/ok\.example\/?")[^>]*>/);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/<svg|<div|style=/i);
    expect(html).toContain('Nice post!');
  });

  it('gives every link rel="nofollow ugc", autolinks included', () => {
    const { html } = render('See [my site](https://me.example/) or www.example.com or <https://x.example>.');
    const anchors = html.match(/<a [^>]*>/g) ?? [];
    expect(anchors).toHaveLength(3);
    for (const a of anchors) expect(a).toContain('rel="nofollow ugc"');
  });

  it('gives headings no ids and demotes them below the comment section headings', () => {
    const { html } = render('# Big\n\n### Small\n\n###### Tiny');
    expect(html).toContain('<h4>Big</h4>');
    expect(html).toContain('<h6>Small</h6>');
    expect(html).toContain('<h6>Tiny</h6>');
    expect(html).not.toMatch(/\sid=/);
  });

  it('keeps footnotes as typed, so their ids cannot clash with the post\'s footnotes', () => {
    const { html } = render('A claim.[^1]\n\n[^1]: The source.');
    expect(html).toContain('[^1]');
    expect(html).toContain('The source.');
    expect(html).not.toMatch(/\sid=|footnote|fn-/);
  });

  it('resolves relative links against the post page', () => {
    expect(render('[pic](marbled.svg)').html).toContain('href="/2024/03/post/marbled.svg"');
  });
});
