import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from '../../../src/render/page.js';
import { catchUpSpare, recoverOutput, stagingPaths, writeSite } from '../../../src/output/write-site.js';
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

  it('reusing the previous output, removes every file no longer produced, also beside a page that replaces a copied file', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    const reuse = { stateDir: path.join(parent, 'state') };
    writeFiles(parent, { 'src/a.txt': 'copied', 'src/b.txt': 'copied too' });
    const copies = [
      { from: path.join(parent, 'src/a.txt'), to: 'a.txt' },
      { from: path.join(parent, 'src/b.txt'), to: 'b.txt' },
    ];
    const page = (outputPath: string, text: string): Page => ({ outputPath, key: text, render: () => text });
    const builds = [
      [page('a.txt', 'page over a copy'), page('index.html', 'home'), page('gone.html', 'soon gone')],
      [page('a.txt', 'page over a copy'), page('index.html', 'home')],
      [page('a.txt', 'page over a copy')],
      [page('a.txt', 'page over a copy')],
    ];
    const expected = [
      ['a.txt', 'b.txt', 'gone.html', 'index.html'],
      ['a.txt', 'b.txt', 'index.html'],
      ['a.txt', 'b.txt'],
      ['a.txt', 'b.txt'],
    ];
    builds.forEach((pages, i) => {
      writeSite(out, pages, copies, reuse);
      expect([...readTree(out).keys()]).toEqual(expected[i]);
      expect(readFileSync(path.join(out, 'a.txt'), 'utf8')).toBe('page over a copy');
    });
  });

  it('catches the spare copy up with the output between builds, so the next build writes only its own changes', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    const reuse = { stateDir: path.join(parent, 'state') };
    const spare = path.join(reuse.stateDir, 'spare');
    const site = (texts: Record<string, string>): Page[] => Object.entries(texts).map(([outputPath, text]) => ({ outputPath, key: text, render: () => text }));
    const text = (tree: Map<string, Buffer>) => Object.fromEntries([...tree].map(([k, v]) => [k, v.toString()]));
    writeSite(out, site({ 'a.html': 'a1', 'b.html': 'b1', 'c/index.html': 'c1' }), [], reuse);
    // Nothing to catch up with before there is a spare of known contents: it is cloned.
    writeSite(out, site({ 'a.html': 'a2', 'b.html': 'b1', 'd.html': 'd1' }), [], reuse);
    expect(text(readTree(spare))).toEqual({ 'a.html': 'a1', 'b.html': 'b1', 'c/index.html': 'c1' });
    expect(catchUpSpare(out, reuse)).toBe(3);
    expect(text(readTree(spare))).toEqual(text(readTree(out)));
    expect(catchUpSpare(out, reuse)).toBe(0);
    // One page changes: one is written, where the spare two builds old would have needed three.
    expect(writeSite(out, site({ 'a.html': 'a2', 'b.html': 'b2', 'd.html': 'd1' }), [], reuse).changed).toBe(1);
    expect(text(readTree(out))).toEqual({ 'a.html': 'a2', 'b.html': 'b2', 'd.html': 'd1' });
    // A spare whose state is unknown is replaced by a linked clone of the output.
    rmSync(path.join(reuse.stateDir, 'state.json'));
    writeSite(out, site({ 'a.html': 'a3', 'b.html': 'b2', 'd.html': 'd1' }), [], reuse);
    expect(catchUpSpare(out, reuse)).toBe(3);
    expect(text(readTree(spare))).toEqual(text(readTree(out)));
  });

  it('reads back the state it saved: a later process knows what the spare two builds old holds', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    const reuse = { stateDir: path.join(parent, 'state') };
    const site = (texts: Record<string, string>): Page[] => Object.entries(texts).map(([outputPath, text]) => ({ outputPath, key: text, render: () => text }));
    const text = (tree: Map<string, Buffer>) => Object.fromEntries([...tree].map(([k, v]) => [k, v.toString()]));
    writeSite(out, site({ 'a.html': 'a1', 'b.html': 'b1', 'c.html': 'c1' }), [], reuse);
    writeSite(out, site({ 'a.html': 'a2', 'b.html': 'b1', 'd.html': 'd1' }), [], reuse);
    // Another time on the file: it is read as a process that did not write it reads it.
    utimesSync(path.join(reuse.stateDir, 'state.json'), new Date(2001, 0, 1), new Date(2001, 0, 1));
    // The spare holds the first build: a changed, d is new, c is gone, b stays.
    expect(writeSite(out, site({ 'a.html': 'a2', 'b.html': 'b1', 'd.html': 'd1' }), [], reuse).changed).toBe(2);
    expect(text(readTree(out))).toEqual({ 'a.html': 'a2', 'b.html': 'b1', 'd.html': 'd1' });
    utimesSync(path.join(reuse.stateDir, 'state.json'), new Date(2002, 0, 1), new Date(2002, 0, 1));
    expect(catchUpSpare(out, reuse)).toBe(0);
    expect(text(readTree(path.join(reuse.stateDir, 'spare')))).toEqual({ 'a.html': 'a2', 'b.html': 'b1', 'd.html': 'd1' });
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
