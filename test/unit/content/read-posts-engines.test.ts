import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPosts } from '../../../src/content/read-posts.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-read-engines-');

describe('a posts folder as other engines leave it', () => {
  it('reads .markdown, TOML, JSON and opener-less posts, and names each file it skips once', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '2008-11-06-jekyll.markdown': '---\ntitle: Jekyll\ntags: ruby static\n---\nBody\n',
      'hugo.md': '+++\ntitle = "Hugo"\ndate = 2019-03-11\n+++\nBody\n',
      'hugo-json.md': '{\n  "title": "Hugo JSON",\n  "date": "2019-03-12"\n}\nBody\n',
      '2015-03-06-hexo.md': 'title: Hexo\ntags: [a]\n---\nBody\n',
      'README.md': '# What this folder is\n',
      'empty.md': '',
      '2009-01-01-old.html': '---\ntitle: HTML post\n---\n<p>x</p>\n',
    });
    const read = readPosts(dir, { timeZone: 'UTC' });
    const byTitle = read.posts.map((p) => [p.title, p.date.slice(0, 10), p.tags]).sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1));
    expect(byTitle).toEqual([
      ['Hexo', '2015-03-06', ['a']],
      ['Hugo', '2019-03-11', []],
      ['Hugo JSON', '2019-03-12', []],
      ['Jekyll', '2008-11-06', ['ruby', 'static']],
    ]);
    expect(read.diagnostics.map((d) => [d.severity, d.code, path.basename(d.file ?? '')]).sort()).toEqual([
      ['warning', 'NotAPost', 'README.md'],
      ['warning', 'NotAPost', 'empty.md'],
      ['warning', 'SourceSkipped', '2009-01-01-old.html'],
    ]);
  });
});
