import { describe, expect, it } from 'vitest';
import { renderBody } from '../../support/markdown.js';

describe('extractExcerpt (through renderPost)', () => {
  it('takes everything before <!-- more --> as the excerpt', () => {
    const r = renderBody('First paragraph.\n\nSecond paragraph.\n\n<!-- more -->\n\nHidden in listings.\n');
    expect(r.excerptHtml).toContain('First paragraph.');
    expect(r.excerptHtml).toContain('Second paragraph.');
    expect(r.excerptHtml).not.toContain('Hidden in listings');
    expect(r.hasMore).toBe(true);
    expect(r.html).toContain('Hidden in listings');
  });

  it.each([['<!--more-->'], ['<!--   MORE   -->'], ['<!-- more -->']])('recognises the marker written as %s', (marker) => {
    const r = renderBody(`Intro.\n\n${marker}\n\nRest.\n`);
    expect(r.excerptHtml).not.toContain('Rest.');
    expect(r.hasMore).toBe(true);
  });

  it('falls back to the first paragraph, skipping a leading heading', () => {
    const r = renderBody('## A heading\n\nThe first paragraph.\n\nThe second.\n');
    expect(r.excerptHtml.trim()).toBe('<p>The first paragraph.</p>');
    expect(r.hasMore).toBe(true);
  });

  it('says there is no more when the post is a single paragraph', () => {
    const r = renderBody('Only this.\n');
    expect(r.excerptHtml.trim()).toBe('<p>Only this.</p>');
    expect(r.hasMore).toBe(false);
  });

  it('says there is no more when the marker ends the post', () => {
    expect(renderBody('All of it.\n\n<!-- more -->\n').hasMore).toBe(false);
  });

  it('leaves heading ids and footnote references out of the excerpt', () => {
    const r = renderBody('## Intro\n\nA claim.[^1]\n\n<!-- more -->\n\nMore.\n\n[^1]: The source.\n');
    expect(r.html).toContain('id="intro"');
    expect(r.html).toContain('user-content-fn-1');
    expect(r.excerptHtml).not.toMatch(/\sid=/);
    expect(r.excerptHtml).not.toContain('fn-1');
    expect(r.excerptHtml).not.toContain('<sup>');
    expect(r.excerptHtml).not.toContain('data-footnote');
    expect(r.excerptHtml).not.toContain('The source.');
    expect(r.excerptHtml).toContain('A claim.');
  });

  it('points in-page anchors of the excerpt at the post page', () => {
    const r = renderBody('See [below](#details).\n\n## Details\n', { url: '/blog/2024/01/x/' });
    expect(r.excerptHtml).toContain('href="/blog/2024/01/x/#details"');
    expect(r.html).toContain('href="#details"');
  });

  it('makes a plain-text summary of the excerpt, cut near 200 characters', () => {
    const long = `${'word '.repeat(80)}end.`;
    const r = renderBody(`**Bold** and [a link](https://example.com) ![alt text](x.png).\n\n${long}\n`);
    expect(r.summary).toBe('Bold and a link .');
    const r2 = renderBody(`${long}\n`);
    expect(r2.summary.length).toBeLessThanOrEqual(201);
    expect(r2.summary.endsWith('…')).toBe(true);
  });
});
