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

  it('keeps to WordPress\'s allow-list: headings become paragraphs, images their description, tables rows of text', () => {
    const { html } = render('# Big\n\n### Small\n\n![a cat](https://x.example/cat.png) and ![](https://x.example/y.png)\n\n| a | b |\n| - | - |\n| 1 | *2* |\n\n---\n\n- [x] done\n\n> quoted `code`');
    expect(html).toBe('<p>Big</p>\n<p>Small</p>\n<p>a cat and </p>\n<p>a | b</p>\n<p>1 | <em>2</em></p>\n<ul class="contains-task-list">\n<li class="task-list-item"> done</li>\n</ul>\n<blockquote>\n<p>quoted <code>code</code></p>\n</blockquote>\n');
    expect(html).not.toMatch(/<(h\d|img|table|hr|input)\b|\sid=/);
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
