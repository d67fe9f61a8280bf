/**
 * Failing builds: a content error is reported with its file and real line, and the previous
 * output folder is left byte for byte as it was. Then the same through the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { isCI } from '../helpers/tools.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';
import { readTree } from '../support/tree.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDirs('quire-errors-');

const goodSite = {
  'quire.config.yaml': 'title: Error Tests\nbaseUrl: https://example.com/\ntimeZone: Europe/Paris\n',
  'posts/2020-01-01-first.md': '---\ntitle: First\ntags: [a]\n---\n\nThe first post.\n',
  'posts/2020-02-01-second.md': '---\ntitle: Second\n---\n\nSee [the first](./2020-01-01-first.md).\n',
  'static/hello.txt': 'hello\n',
};

/** A post whose front matter breaks on line 4 of the file. */
const badYaml = ['---', 'title: Bad', 'date: 2020-03-01', 'description: "quoted" and then more', 'tags: [a]', '---', '', 'Body.', ''].join('\n');
const badLine = 4;

/** A site folder with the good posts, and an output folder built from it. */
function builtSite(): { site: string; out: string } {
  const site = tempDir();
  writeFiles(site, goodSite);
  const out = path.join(site, 'dist');
  const first = build({ root: site, out, now: FIXED_NOW });
  expect(first.diagnostics).toEqual([]);
  expect(first.ok).toBe(true);
  expect(existsSync(path.join(out, 'index.html'))).toBe(true);
  return { site, out };
}

describe('a build with a content error', () => {
  it('fails with the file and real line of a YAML error and leaves the previous output untouched', () => {
    const { site, out } = builtSite();
    const before = readTree(out);
    writeFiles(site, { 'posts/bad.md': badYaml });

    const result = build({ root: site, out, now: FIXED_NOW });
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FrontMatterYaml', line: badLine });
    expect(path.resolve(errors[0]?.file ?? '')).toBe(path.join(site, 'posts', 'bad.md'));
    expect(errors[0]?.frame).toContain(`> ${badLine} | description: "quoted" and then more`);

    expect(readTree(out)).toEqual(before);
    // No staging folder or lock is left beside it (`.quire/` is the render cache, kept on purpose).
    expect(readdirSync(site).filter((name) => name !== '.quire').sort()).toEqual(['dist', 'posts', 'quire.config.yaml', 'static']);
  });

  it('fails on a link to a missing post with its line, and leaves the previous output untouched', () => {
    const { site, out } = builtSite();
    const before = readTree(out);
    writeFiles(site, { 'posts/2020-04-01-linker.md': '---\ntitle: Linker\n---\n\nFine.\n\nBroken [link](./no-such-post.md).\n' });
    const result = build({ root: site, out, now: FIXED_NOW });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'BrokenPostLink', line: 7, column: 8 }),
    ]);
    expect(readTree(out)).toEqual(before);
  });

  it('fails on a warning with strict, and leaves the output untouched', () => {
    const { site, out } = builtSite();
    const before = readTree(out);
    writeFiles(site, { 'posts/2020-05-01-commas.md': '---\ntitle: Commas\ntags: a, b\n---\n\nText.\n' });
    expect(build({ root: site, out, now: FIXED_NOW }).ok).toBe(true);
    const again = readTree(out);
    expect(again).not.toEqual(before);
    const strict = build({ root: site, out, now: FIXED_NOW, strict: true });
    expect(strict.ok).toBe(false);
    expect(readTree(out)).toEqual(again);
  });

  it('refuses an output folder that is the site itself or its posts', () => {
    const { site } = builtSite();
    for (const out of ['.', 'posts', 'static']) {
      const before = readTree(site);
      const result = build({ root: site, out, now: FIXED_NOW });
      expect(result.ok, out).toBe(false);
      expect(result.diagnostics.map((d) => d.code)).toEqual(['OutputUnsafe']);
      expect(readTree(site)).toEqual(before);
    }
  });

  it('reports a bad config value at its line and writes nothing', () => {
    const site = tempDir();
    writeFiles(site, { ...goodSite, 'quire.config.yaml': 'title: x\n\ntimeZone: Mars/Olympus_Mons\n' });
    const result = build({ root: site, out: 'dist', now: FIXED_NOW });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'ConfigInvalid', line: 3 });
    expect(existsSync(path.join(site, 'dist'))).toBe(false);
  });
});

const cli = path.join(repo, 'bin', 'quire.js');
const compiled = existsSync(path.join(repo, 'lib', 'cli', 'main.js'));
const cliSkip = !compiled && !isCI();
const { version } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };

/** Runs the real CLI in `cwd`. */
function quire(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(cliSkip)(`the quire CLI${cliSkip ? ' (skipped: lib/cli/main.js is missing; run `npm run compile`)' : ''}`, () => {
  let site: string;
  beforeAll(() => {
    site = tempDir();
    writeFiles(site, goodSite);
  });

  it('builds a good site with exit 0 and a one-line summary', () => {
    rmSync(path.join(site, 'public'), { recursive: true, force: true });
    const r = quire(site, 'build', '--root', site, '--out', 'public');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Built 2 posts into public\/: \d+ pages, 1 files? copied in \d+\.\d\d s\.$/);
    expect(existsSync(path.join(site, 'public', 'index.html'))).toBe(true);
  });

  it('exits 1 on a YAML error, naming posts/bad.md and the line, and keeps the previous output', () => {
    const dir = tempDir();
    writeFiles(dir, goodSite);
    expect(quire(dir, 'build', '--root', dir, '--out', 'dist').status).toBe(0);
    const before = readTree(path.join(dir, 'dist'));
    writeFiles(dir, { 'posts/bad.md': badYaml });
    const r = quire(dir, 'build', '--root', dir, '--out', 'dist');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`posts/bad.md:${badLine}:`);
    expect(r.stderr).toContain('[FrontMatterYaml]');
    expect(r.stdout).toBe('');
    expect(readTree(path.join(dir, 'dist'))).toEqual(before);
  });

  it('exits 2 for an unknown option', () => {
    const r = quire(site, 'build', '--no-such-option');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--no-such-option');
  });

  it('prints the package version for --version', () => {
    const r = quire(site, '--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });
});
