import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from '../../../src/render/page.js';
import { recoverOutput, stagingPaths, writeSite } from '../../../src/output/write-site.js';
import { readTree } from '../../support/tree.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-write-');

describe('writeSite', () => {
  it('writes pages and copies into a fresh folder that replaces the old output as a whole', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    writeFiles(out, { 'stale.html': 'old', 'index.html': 'old home' });
    writeFiles(parent, { 'src/a.txt': 'copied' });
    const result = writeSite(out, [{ outputPath: 'index.html', contents: 'home' }, { outputPath: 'a/b/index.html', contents: 'deep' }], [
      { from: path.join(parent, 'src/a.txt'), to: 'files/a.txt' },
    ]);
    expect(result).toEqual({ pages: 2, files: 1, changed: 3 });
    expect([...readTree(out).entries()].map(([k, v]) => [k, v.toString()])).toEqual([
      ['a/b/index.html', 'deep'],
      ['files/a.txt', 'copied'],
      ['index.html', 'home'],
    ]);
    expect(readdirSync(parent).sort()).toEqual(['dist', 'src']);
  });

  it('leaves the previous output exactly as it was when rendering fails half-way', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    writeFiles(out, { 'index.html': 'previous', 'x/y.html': 'kept' });
    const before = readTree(out);
    function* pages(): Generator<Page> {
      yield { outputPath: 'index.html', contents: 'new' };
      throw new Error('template exploded');
    }
    expect(() => writeSite(out, pages(), [])).toThrow('template exploded');
    expect(readTree(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('refuses two pages for the same path', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    const pages: Page[] = [{ outputPath: 'a.html', contents: '1' }, { outputPath: 'a.html', contents: '2' }];
    expect(() => writeSite(out, pages, [])).toThrow(/Two pages/);
    expect(existsSync(out)).toBe(false);
  });

  it('never writes outside the output folder', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    expect(() => writeSite(out, [{ outputPath: '../escaped.html', contents: 'x' }], [])).toThrow(/outside/);
    expect(existsSync(path.join(parent, 'escaped.html'))).toBe(false);
  });
});

describe('recoverOutput', () => {
  it('puts back an output folder that a killed build had moved aside', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    const { prefix } = stagingPaths(out);
    writeFiles(parent, { [`${prefix}old-999999999/index.html`]: 'previous', [`${prefix}tmp-999999999/index.html`]: 'half' });
    recoverOutput(out);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('previous');
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('does nothing when the parent folder does not exist', () => {
    expect(() => recoverOutput(path.join(tempDir(), 'a', 'b', 'dist'))).not.toThrow();
  });

  it('keeps another live build’s staging folder', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    mkdirSync(out);
    const mine = path.join(parent, `${stagingPaths(out).prefix}tmp-${process.ppid}`);
    mkdirSync(mine);
    recoverOutput(out);
    expect(existsSync(mine)).toBe(true);
  });
});
