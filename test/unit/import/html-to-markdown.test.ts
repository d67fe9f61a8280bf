import { describe, expect, it } from 'vitest';
import { htmlToMarkdown, htmlToText, safeUrl, shortcodeAttributes, wpautop } from '../../../src/import/html-to-markdown.js';
import { parseHtml, text } from '../../support/html.js';
import { renderBody } from '../../support/markdown.js';

const md = (html: string, options: Parameters<typeof htmlToMarkdown>[1] = {}) => htmlToMarkdown(html, options).markdown;
/** The visible text of an HTML fragment, without the whitespace between blocks. */
const visible = (html: string) => text(parseHtml(html)).replace(/\s+/g, '');

describe('wpautop', () => {
  it('turns blank lines into paragraphs and single newlines into breaks', () => {
    expect(wpautop('One\ntwo\n\nThree')).toBe('<p>One<br>\ntwo</p>\n\n<p>Three</p>');
  });

  it('leaves blocks that start with a block tag, and everything in <pre>, alone', () => {
    expect(wpautop('<ul>\n<li>a</li>\n</ul>\n\n<pre>x\n\ny</pre>\n\ntext')).toBe('<ul>\n<li>a</li>\n</ul>\n\n<pre>x\n\ny</pre>\n\n<p>text</p>');
  });
});

describe('htmlToMarkdown: content', () => {
  it('keeps a heading\'s own id, or its anchor\'s, where quire would give another', () => {
    const { markdown } = htmlToMarkdown('<h2><a id="percent-pageloads" href="#percent-pageloads">Pages</a></h2><h2 id="usage">Usage</h2><h3 id="Tie_Up">Tie <em>up</em></h3><h3 id="a b">Spaced</h3>');
    expect(markdown).toBe('## [Pages](#percent-pageloads) {#percent-pageloads}\n\n## Usage\n\n### Tie _up_ {#Tie_Up}\n\n### Spaced');
  });

  it('gives a heading quire\'s id instead when the document links to that one and not to its own', () => {
    const { markdown } = htmlToMarkdown('<p>See <a href="#87-self-audits">8.7</a>.</p><h2 id="8.7-self-audits">8.7 Self-Audits</h2><h2 id="8.8-x">8.8 X</h2>');
    expect(markdown).toBe('See [8.7](#87-self-audits).\n\n## 8.7 Self-Audits\n\n## 8.8 X {#8.8-x}');
  });

  it('converts the common elements to GFM', () => {
    const out = md('<h2>Head</h2><p>A <strong>b</strong> <em>c</em> <a href="https://x.example/">d</a> <code>e</code> <del>f</del></p>'
      + '<ul><li>one</li><li>two</li></ul><blockquote><p>q</p></blockquote><pre><code class="language-js">a &lt; b</code></pre>'
      + '<table><tr><th>h</th></tr><tr><td>c</td></tr></table>');
    expect(out).toContain('## Head');
    expect(out).toContain('A **b** _c_ [d](https://x.example/) `e` ~~f~~');
    expect(out).toContain('- one\n- two');
    expect(out).toContain('> q');
    expect(out).toContain('```js\na < b\n```');
    expect(out).toContain('| h |');
  });

  it('applies wpautop only when asked, and never to block-editor content', () => {
    expect(md('a\n\nb', { autop: true })).toBe('a\n\nb');
    expect(md('a\nb', { autop: true })).toBe('a\\\nb');
    expect(md('a\nb', { autop: false })).toBe('a b');
    expect(md('<!-- wp:paragraph -->\n<p>a\nb</p>\n<!-- /wp:paragraph -->', { autop: true })).toBe('a b');
  });

  it('drops HTML comments (block-editor markers) but turns <!--more--> into quire\'s excerpt marker', () => {
    expect(md('Intro\n\n<!--more Read on-->\n\nRest', { autop: true })).toBe('Intro\n\n<!-- more -->\n\nRest');
    expect(md('<p>Intro<!--more--></p><p>Rest</p>')).toBe('Intro\n\n<!-- more -->\n\nRest');
  });

  it('turns Blogger\'s jump break inside its wrapping <div> into the marker, between the right blocks', () => {
    expect(md('<div dir="ltr">Intro.<br />Line two.<a name="more"></a><br /><br />Rest.</div>')).toBe('Intro.\\\nLine two.\n\n<!-- more -->\n\nRest.');
  });

  it('escapes text that would read as markdown or HTML', () => {
    const out = md('<p>1. not a list &lt;b&gt; *x* [y](z)</p>');
    expect(renderBody(out).html.trim()).toBe('<p>1. not a list &#x3C;b> *x* [y](z)</p>');
  });

  it('renders through quire\'s own pipeline with the same text and links', () => {
    const html = '<h2>Sizing</h2><p>Sizing with <code>dosa</code> keeps <a href="https://ink.example/">ink</a> from <em>feathering</em>.</p>'
      + '<ol><li>Kozo</li><li>Gampi</li></ol><blockquote><p>Slow is smooth.</p></blockquote>';
    const rendered = renderBody(md(html)).html;
    expect(visible(rendered)).toBe(visible(html));
    expect(rendered).toContain('<a href="https://ink.example/">ink</a>');
    expect(rendered).toContain('<em>feathering</em>');
  });
});

describe('htmlToMarkdown: shortcodes and media', () => {
  const caption = '[caption id="attachment_5" width="300"]<a href="https://o.example/big.jpg"><img src="https://o.example/small.jpg" alt="A press" /></a> The <em>old</em> press[/caption]';

  it('turns [caption] into image + italic caption, or a sanitised <figure> with keepHtml', () => {
    const plain = htmlToMarkdown(caption);
    expect(plain.markdown).toBe('[![A press](https://o.example/small.jpg)](https://o.example/big.jpg)\n\n_The old press_');
    expect(plain.notes.captions).toBe(1);
    const kept = htmlToMarkdown(caption, { keepHtml: true }).markdown;
    expect(kept).toBe('<figure class="wp-caption"><a href="https://o.example/big.jpg"><img src="https://o.example/small.jpg" alt="A press"></a><figcaption>The <em>old</em> press</figcaption></figure>');
    expect(renderBody(kept, { rawHtml: true }).html).toContain('<figcaption>The <em>old</em> press</figcaption>');
  });

  it('reads the old caption="…" attribute form', () => {
    expect(md('[caption caption="Under &amp; over"]<img src="https://o.example/a.jpg" alt="" />[/caption]')).toContain('_Under & over_');
  });

  it('lists a [gallery]\'s images by id, or the post\'s own attachments, or leaves a clear note', () => {
    const byId = htmlToMarkdown('[gallery ids="1,2,9"]', { attachment: (id) => (id === '9' ? undefined : `https://o.example/${id}.jpg`) });
    expect(byId.markdown).toBe('![](https://o.example/1.jpg) ![](https://o.example/2.jpg)');
    expect(byId.notes.galleries).toBe(1);
    expect(md('[gallery]', { ownAttachments: () => ['https://o.example/own.png'] })).toBe('![](https://o.example/own.png)');
    const empty = htmlToMarkdown('[gallery columns="3"]');
    expect(empty.markdown).toBe('\\[A gallery was here; the export does not list its images.]');
    expect(empty.notes.emptyGalleries).toBe(1);
    expect(md('[gallery ids="1"]', { keepHtml: true, attachment: () => 'https://o.example/1.jpg' })).toBe('<figure class="gallery"><img src="https://o.example/1.jpg" alt=""></figure>');
  });

  it('turns [embed], [video], [audio] and iframes into links (or players/https iframes with keepHtml), counted', () => {
    const result = htmlToMarkdown('[embed]https://www.youtube.com/watch?v=x[/embed]\n\n[video mp4="https://o.example/v.mp4"][/video]\n\n<iframe src="https://player.example/1"></iframe>');
    expect(result.markdown).toBe('Embedded content: <https://www.youtube.com/watch?v=x>\n\nVideo: <https://o.example/v.mp4>\n\nEmbedded content: <https://player.example/1>');
    expect(result.notes.embeds).toBe(3);
    expect(md('[audio src="https://o.example/a.mp3"]', { keepHtml: true })).toBe('<audio src="https://o.example/a.mp3" controls></audio>');
    expect(md('<iframe src="https://player.example/1" onload="x()"></iframe>', { keepHtml: true })).toBe('<iframe src="https://player.example/1"></iframe>');
  });

  it('leaves other shortcodes as text, counted by name; [[x]] is a literal [x]', () => {
    const result = htmlToMarkdown('[contact-form-7 id="1"] and [footnote]note[/footnote] and [[caption]]');
    expect(result.notes.unknownShortcodes).toEqual({ 'contact-form-7': 1, footnote: 1 });
    expect(result.notes.captions).toBe(0);
    expect(renderBody(result.markdown).html).toContain('[contact-form-7 id="1"] and [footnote]note[/footnote] and [caption]');
  });

  it('parses shortcode attributes in all three quotings', () => {
    expect({ ...shortcodeAttributes(' a="1" b=\'2\' c=3 D="x y"') }).toEqual({ a: '1', b: '2', c: '3', d: 'x y' });
  });

  it('rewrites URLs through the callback (for copied media and moved posts)', () => {
    const out = md('<a href="https://o.example/post/">p</a> <img src="https://o.example/u/a.jpg" alt="a">', {
      rewriteUrl: (url, kind) => (kind === 'image' ? 'a.jpg' : url === 'https://o.example/post/' ? '/2024/01/post/' : undefined),
    });
    expect(out).toBe('[p](/2024/01/post/) ![a](a.jpg)');
  });
});

describe('htmlToMarkdown: hostile input', () => {
  const hostile = '<p onclick="alert(1)">Hi <a href="javascript:alert(2)">a</a> <a href=" java&#x09;script:alert(3)">b</a> <a href="data:text/html,x">c</a></p>'
    + '<script>alert(4)</script><style>p{}</style><img src=x onerror="alert(5)"><svg onload="alert(6)"></svg>'
    + '<object data="x.swf"></object><form action="https://evil.example/"><input name="pw"></form>'
    + '<iframe src="javascript:alert(7)"></iframe>';

  it('removes scripts, styles, handlers and unsafe URLs in both modes, and counts what it removed', () => {
    for (const keepHtml of [false, true]) {
      const result = htmlToMarkdown(hostile, { keepHtml });
      expect(result.markdown).not.toMatch(/alert|javascript|onerror|onclick|onload|<script|data:/i);
      expect(result.notes.removed).toEqual({ script: 1, style: 1, svg: 1, object: 1, form: 1 });
      expect(result.markdown).toContain('Hi a b c');
    }
  });

  it('drops relative URLs when asked (comments have no page to resolve them against)', () => {
    expect(md('<img src="x" onerror="alert(1)"> <a href="/y">link</a> <a href="https://ok.example/">ok</a>', { dropRelative: true })).toBe('link [ok](https://ok.example/)');
  });
});

describe('htmlToText and safeUrl', () => {
  it('gives the text of a title: entities decoded, tags and scripts gone, controls and runs of space removed', () => {
    expect(htmlToText('<script>alert(1)</script>Caf&eacute; &#8220;Q&#8221;\u0007  <em>x</em>\n')).toBe('Café “Q” x');
    expect(htmlToText('&lt;/script&gt;')).toBe('</script>');
  });

  it('keeps http, https, mailto and relative URLs only', () => {
    expect(safeUrl('https://a.example/')).toBe('https://a.example/');
    expect(safeUrl('//a.example/x')).toBe('https://a.example/x');
    expect(safeUrl('/rel')).toBe('/rel');
    expect(safeUrl('mailto:a@b.example')).toBe('mailto:a@b.example');
    for (const bad of ['javascript:alert(1)', ' JaVa\tScRiPt:x', 'data:text/html,x', 'vbscript:x', '']) expect(safeUrl(bad)).toBeUndefined();
  });
});
