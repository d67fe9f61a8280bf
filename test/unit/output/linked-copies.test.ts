/**
 * Copies marked `linked` (files of the cache that never change: a search index's) are hard
 * links into the output, and plain copies where a link cannot be made; other copies stay copies.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeSite } from '../../../src/output/write-site.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const links = vi.hoisted(() => ({ refused: false }));

// Links across file systems fail with EXDEV: `refused` makes every link fail so.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    linkSync: (from: string, to: string) => {
      if (links.refused) throw Object.assign(new Error(`EXDEV: cross-device link not permitted, link '${from}' -> '${to}'`), { code: 'EXDEV' });
      fs.linkSync(from, to);
    },
  };
});

const tempDir = useTempDirs('quire-linked-');

function site() {
  const parent = tempDir();
  writeFiles(parent, { 'cache/index/a.pf_fragment': 'fragment', 'static/photo.txt': 'photo' });
  const copies = [
    { from: path.join(parent, 'cache/index/a.pf_fragment'), to: 'pagefind/fragment/a.pf_fragment', key: 'pagefind:a', linked: true },
    { from: path.join(parent, 'static/photo.txt'), to: 'photo.txt' },
  ];
  return { parent, out: path.join(parent, 'dist'), copies };
}

const inode = (file: string) => statSync(file).ino;

describe('linked copies', () => {
  it.each([['a fresh output folder', false], ['a reused one', true]])('are hard links of their source in %s, and other copies are not', (_what, reusing) => {
    links.refused = false;
    const { parent, out, copies } = site();
    const reuse = reusing ? { stateDir: path.join(parent, 'state') } : undefined;
    // Twice: the second build of a reused output writes into the spare copy.
    for (let build = 0; build < 2; build++) writeSite(out, [{ outputPath: 'index.html', contents: 'home' }], copies, reuse);
    expect(inode(path.join(out, 'pagefind/fragment/a.pf_fragment'))).toBe(inode(path.join(parent, 'cache/index/a.pf_fragment')));
    expect(inode(path.join(out, 'photo.txt'))).not.toBe(inode(path.join(parent, 'static/photo.txt')));
    expect(readFileSync(path.join(out, 'pagefind/fragment/a.pf_fragment'), 'utf8')).toBe('fragment');
    // A source edited in place later (an author's static file) does not reach the output written before.
    writeFileSync(path.join(parent, 'static/photo.txt'), 'edited');
    expect(readFileSync(path.join(out, 'photo.txt'), 'utf8')).toBe('photo');
  });

  it('are copied where the output cannot link to the cache', () => {
    links.refused = true;
    const { parent, out, copies } = site();
    const result = writeSite(out, [{ outputPath: 'index.html', contents: 'home' }], copies);
    expect(result).toEqual({ pages: 1, files: 2, changed: 3 });
    const file = path.join(out, 'pagefind/fragment/a.pf_fragment');
    expect(readFileSync(file, 'utf8')).toBe('fragment');
    expect(inode(file)).not.toBe(inode(path.join(parent, 'cache/index/a.pf_fragment')));
  });
});
