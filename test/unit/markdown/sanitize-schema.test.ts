import { describe, expect, it } from 'vitest';
import { renderBody } from '../../support/markdown.js';

const dangerous = [
  '<script>alert("s")</script>',
  '<img src="x.png" onerror="alert(1)" alt="i">',
  '<a href="javascript:alert(2)">j</a>',
  '<a href="JaVaScRiPt:alert(3)">k</a>',
  '<a href="&#106;avascript:alert(4)">l</a>',
  '<div onclick="alert(5)" onmouseover="alert(6)">d</div>',
  '<iframe src="javascript:alert(7)"></iframe>',
  '<svg onload="alert(8)"><circle r="1"/></svg>',
  '<style>body{display:none}</style>',
  '<form action="https://evil.example/"><input name="q"></form>',
  '<object data="evil.swf"></object>',
  '<video src="javascript:alert(9)" poster="javascript:alert(10)"></video>',
  '<img src="data:image/svg+xml,&lt;svg onload=alert(11)&gt;" alt="d">',
  '',
  '[md link](javascript:alert(12)) and ![md image](javascript:alert(13))',
  '',
  '<javascript:alert(14)>',
  '',
].join('\n');

function expectNoScript(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  // As a URL; the text "javascript:alert(14)" of a neutralised autolink is harmless.
  expect(html).not.toMatch(/(href|src|poster|action|formaction|data|srcset)\s*=\s*["']?\s*javascript:/i);
  expect(html).not.toMatch(/<style/i);
  expect(html).not.toMatch(/<form|<object|<embed/i);
  // The GitHub schema turns any <input> into a disabled checkbox (task lists).
  for (const input of html.match(/<input[^>]*>/g) ?? []) expect(input).toMatch(/^(?=.*\sdisabled)(?=.*type="checkbox")/);
  expect(html).not.toMatch(/src="data:/i);
}

describe('sanitize schemas', () => {
  it('drops raw HTML, scripts, event handlers and javascript: URLs by default', () => {
    const { html } = renderBody(`Text before.\n\n${dangerous}\nText after.\n`);
    expectNoScript(html);
    expect(html).toContain('Text before.');
    expect(html).toContain('Text after.');
    expect(html).not.toContain('<div');
    expect(html).not.toContain('<iframe');
  });

  it('keeps reviewed raw HTML but still drops scripts, handlers and javascript: URLs with rawHtml', () => {
    const kept = '<figure><img src="a.png" alt="A" loading="lazy"><figcaption>Caption <mark>here</mark></figcaption></figure>\n\n' +
      '<iframe src="https://www.example.com/embed/1" title="Embed" width="560" height="315"></iframe>\n';
    const { html } = renderBody(`${kept}\n${dangerous}`, { rawHtml: true });
    expectNoScript(html);
    expect(html).toContain('<figure><img src="a.png" alt="A" loading="lazy"><figcaption>Caption <mark>here</mark></figcaption></figure>');
    expect(html).toContain('<iframe src="https://www.example.com/embed/1"');
  });

  it('keeps ordinary markdown: code, tables, task lists, strikethrough, autolinks', () => {
    const md = '`a < b`\n\n```js\nif (a < b) {}\n```\n\n| x |\n|---|\n| 1 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ https://example.com\n';
    for (const rawHtml of [false, true]) {
      const { html } = renderBody(md, { rawHtml });
      expect(html).toContain('<code>a &#x3C; b</code>');
      expect(html).toContain('<table>');
      expect(html).toMatch(/<input type="checkbox" (checked )?disabled/);
      expect(html).toContain('<del>old</del>');
      expect(html).toContain('<a href="https://example.com">https://example.com</a>');
      expect(html).toMatch(/<pre tabindex="0"><code class="language-js">/);
    }
  });

  it('does not let an author’s raw HTML reuse an id the page layout needs (rawHtml)', () => {
    // The layout has <main id="main">, #comments, #sidebar…; a second element with the same id
    // is invalid HTML and hijacks the skip link and the comment anchors.
    const { html } = renderBody('<div id="main">x</div>\n\n<p id="comments">y</p>\n', { rawHtml: true });
    expect(html).not.toMatch(/\sid="(main|comments)"/);
  });

  it('points links to an author\'s own anchor at its prefixed id, and leaves links to quire\'s ids as they are (rawHtml)', () => {
    const { html } = renderBody('See [the note](#note), [the part](#the-part) and [nothing](#none).\n\n## The part\n\n<a id="note"></a>A note.\n', { rawHtml: true });
    expect(html).toContain('<a href="#user-content-note">the note</a>');
    expect(html).toContain('<a id="user-content-note"></a>');
    expect(html).toContain('<a href="#the-part">the part</a>');
    expect(html).toContain('<h2 id="the-part">');
    expect(html).toContain('<a href="#none">nothing</a>');
  });

  it('points the excerpt\'s links to an anchor later in the post at the same prefixed id (rawHtml)', () => {
    const { excerptHtml } = renderBody('See [the note](#note).\n\n<!-- more -->\n\n<a id="note"></a>A note.\n', { rawHtml: true });
    expect(excerptHtml).toMatch(/<a href="[^"]*#user-content-note">the note<\/a>/);
  });

  it('keeps an image\'s width and height only in pixels, and gives one without alt text alt="" (rawHtml)', () => {
    const { html } = renderBody('<img src="a.png" width="30%" height="120">\n\n<img src="b.png" alt="B" width="640">\n', { rawHtml: true });
    expect(html).toMatch(/<img src="a.png" height="120" alt="">/);
    expect(html).toContain('<img src="b.png" alt="B" width="640">');
  });

  it('keeps quire\'s own image sizes (numbers), without raw HTML too', () => {
    const { html } = renderBody('![dot](https://example.com/dot.png)\n');
    expect(html).toContain('alt="dot"');
  });
});
