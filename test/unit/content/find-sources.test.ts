import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSources, isIgnoredName } from '../../../src/content/find-sources.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-sources-');

describe('findSources', () => {
  it('finds every .md file in sub-folders, and treats a folder with index.md as one bundle post', () => {
    const root = tempDir();
    writeFiles(root, {
      'b.md': 'x',
      'a.md': 'x',
      'notes.txt': 'not a post',
      'nested/deeper/c.md': 'x',
      '2024-01-01-bundle/index.md': 'x',
      '2024-01-01-bundle/photo.jpg': 'jpg',
      '2024-01-01-bundle/img/diagram.svg': 'svg',
      '2024-01-01-bundle/extra.md': 'a bundle file, not a post',
      '.hidden.md': 'x',
      'draft.md~': 'x',
      '.#lock.md': 'x',
    });
    const { sources, diagnostics } = findSources(root);
    expect(diagnostics).toEqual([]);
    expect(sources.map((s) => s.relativePath)).toEqual(['2024-01-01-bundle/index.md', 'a.md', 'b.md', 'nested/deeper/c.md']);
    expect(sources[0]?.assets).toEqual(['extra.md', 'img/diagram.svg', 'photo.jpg']);
    expect(sources[0]?.absolutePath).toBe(path.join(root, '2024-01-01-bundle', 'index.md'));
  });

  it('skips a symbolic link that leaves the source folder, with a warning', () => {
    const outside = tempDir();
    writeFiles(outside, { 'secret.md': 'x' });
    const root = tempDir();
    writeFiles(root, { 'a.md': 'x' });
    symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'linked.md'));
    const { sources, diagnostics } = findSources(root);
    expect(sources.map((s) => s.relativePath)).toEqual(['a.md']);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', code: 'SourceSymlink' });
  });

  it('does not loop forever on a symbolic link cycle', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'dir'));
    writeFiles(root, { 'dir/a.md': 'x' });
    symlinkSync(root, path.join(root, 'dir', 'loop'));
    const { sources } = findSources(root);
    expect(sources.map((s) => s.relativePath)).toEqual(['dir/a.md']);
  });

  it('returns nothing for a missing folder', () => {
    expect(findSources(path.join(tempDir(), 'nope'))).toEqual({ sources: [], diagnostics: [], links: false });
  });
});

describe('isIgnoredName', () => {
  it.each([['.DS_Store'], ['.#post.md'], ['post.md~'], ['#post.md#'], ['.post.md.swp']])('ignores %s', (name) => {
    expect(isIgnoredName(name)).toBe(true);
  });
  it.each([['post.md'], ['photo.jpg'], ['index.md']])('keeps %s', (name) => {
    expect(isIgnoredName(name)).toBe(false);
  });
});
