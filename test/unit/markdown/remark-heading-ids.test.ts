import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { templateIds } from '../../../src/markdown/remark-heading-ids.js';
import { anchorsAndIds, renderBody } from '../../support/markdown.js';

describe('remarkHeadingIds', () => {
  it('gives headings GitHub-style ids, numbering repeats', () => {
    const r = renderBody('## Line length\n\n## Line length\n\n### Café & Crème!\n\n## 日本語の見出し\n');
    expect(r.html).toContain('<h2 id="line-length">');
    expect(r.html).toContain('<h2 id="line-length-1">');
    expect(r.html).toContain('<h3 id="café--crème">');
    expect(r.html).toContain('<h2 id="日本語の見出し">');
  });

  it('uses an id written after the heading ({#id}), unless it is taken, and the slugger leaves it to that heading', () => {
    const r = renderBody('## Version 1.0 {#v1-0}\n\n## Intro {#intro}\n\n## Intro\n\n## Again {#v1-0}\n\n## Top {#top}\n\n## *Styled* {#styled}\n');
    expect(r.html).toContain('<h2 id="v1-0">Version 1.0</h2>');
    expect(r.html).toContain('<h2 id="intro">Intro</h2>');
    expect(r.html).toContain('<h2 id="intro-1">Intro</h2>');
    expect(r.html).toContain('<h2 id="again-v1-0">Again {#v1-0}</h2>');
    expect(r.html).toContain('<h2 id="top-top">Top {#top}</h2>');
    expect(r.html).toContain('<h2 id="styled"><em>Styled</em></h2>');
  });

  it('takes an own id in any letters or digits, with the case kept, but never one with spaces or braces', () => {
    const r = renderBody('## One {#1-Intro}\n\n## Two {#Site-Variables}\n\n## Three {#安装-步骤}\n\n## Four {#a b}\n\n## Five {#-x}\n');
    expect(r.html).toContain('<h2 id="1-Intro">One</h2>');
    expect(r.html).toContain('<h2 id="Site-Variables">Two</h2>');
    expect(r.html).toContain('<h2 id="安装-步骤">Three</h2>');
    expect(r.html).toContain('<h2 id="four-a-b">Four {#a b}</h2>');
    expect(r.html).toContain('<h2 id="five--x">Five {#-x}</h2>');
  });

  it('gives a heading of punctuation only an id that is not empty', () => {
    const r = renderBody('### ?\n\n## !!\n');
    expect(r.html).toContain('<h3 id="section">?</h3>');
    expect(r.html).toContain('<h2 id="section-1">!!</h2>');
  });

  it('never gives a heading an id the page templates use', () => {
    const body = templateIds.map((id) => `## ${id.replace(/-/g, ' ')}\n`).join('\n');
    const { ids } = anchorsAndIds(renderBody(body).html);
    for (const id of templateIds) expect(ids).not.toContain(id === 'footnote-label' ? '__none__' : id);
    expect(ids.filter((id) => id === 'footnote-label')).toEqual([]);
  });

  it('makes every in-page link of a body point at an id that exists (headings and footnotes)', () => {
    const body = [
      'See [the part](#the-part), [again](#the-part-1) and a note.[^note] Another.[^2]',
      '',
      '## The part',
      '',
      '## The part',
      '',
      'Text.[^note]',
      '',
      '## Footnotes',
      '',
      '[^note]: A note.',
      '[^2]: Second note.',
      '',
    ].join('\n');
    for (const rawHtml of [false, true]) {
      const { html } = renderBody(body, { rawHtml });
      const { anchors, ids } = anchorsAndIds(html);
      expect(anchors.length).toBeGreaterThanOrEqual(6);
      for (const anchor of anchors) expect(ids, `#${anchor} (rawHtml: ${rawHtml})`).toContain(anchor);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('replaces the obsolete align attribute of table cells with classes', () => {
    const r = renderBody('| a | b |\n|:--|--:|\n| 1 | 2 |\n');
    expect(r.html).not.toMatch(/\salign=/);
    expect(r.html).toContain('class="align-left"');
    expect(r.html).toContain('class="align-right"');
  });

  it('leaves every id the theme\'s templates write to them', () => {
    const dir = fileURLToPath(new URL('../../../templates/', import.meta.url));
    const ids = (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.liquid'))
      .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/\sid="([a-z][\w-]*)"/g)].map((m) => m[1] as string));
    expect(ids.length).toBeGreaterThan(10);
    expect([...new Set(ids)].filter((id) => !templateIds.includes(id))).toEqual([]);
  });
});
