import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSources } from '../../../src/content/find-sources.js';
import { parseFileName } from '../../../src/content/file-name.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-sources-ext-');

describe('post files as other engines name them', () => {
  it('reads .markdown, .mdown and .mkd posts and bundles, and names each skipped file that starts like a post', () => {
    const root = tempDir();
    writeFiles(root, {
      '2008-11-06-a.markdown': '---\ntitle: a\n---\nx',
      '2008-11-07-b.mdown': '---\ntitle: b\n---\nx',
      '2008-11-08-c.mkd': '---\ntitle: c\n---\nx',
      '2019-03-11-bundle/index.markdown': '+++\ntitle = "d"\n+++\nx',
      '2019-03-11-bundle/photo.jpg': 'jpg',
      '2009-01-01-old.textile': '---\ntitle: textile\n---\nh1. x',
      '2009-01-02-page.html': '+++\ntitle = "html"\n+++\n<p>x</p>',
      'notes.txt': 'not front matter',
    });
    const { sources, diagnostics } = findSources(root, 'posts');
    expect(sources.map((s) => s.relativePath)).toEqual(['2008-11-06-a.markdown', '2008-11-07-b.mdown', '2008-11-08-c.mkd', '2019-03-11-bundle/index.markdown']);
    expect(sources[3]?.assets).toEqual(['photo.jpg']);
    expect(diagnostics.map((d) => [d.severity, d.code, d.file])).toEqual([
      ['warning', 'SourceSkipped', path.join('posts', '2009-01-01-old.textile')],
      ['warning', 'SourceSkipped', path.join('posts', '2009-01-02-page.html')],
    ]);
  });

  it('takes the date and slug from such names', () => {
    expect(parseFileName('2008-11-06-ask.markdown')).toEqual({ date: '2008-11-06', slug: 'ask' });
    expect(parseFileName('2019-03-11-bundle/index.mkd')).toEqual({ date: '2019-03-11', slug: 'bundle' });
  });
});
