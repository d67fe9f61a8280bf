/**
 * `quire init`: a new blog folder that builds, with `new` working inside it; a non-empty
 * folder is refused unless `--force`, which keeps existing files.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/build.js';
import { initSite } from '../../src/cli/init-command.js';
import { UsageError } from '../../src/diagnostics/diagnostic.js';
import { builtinTemplatesDir } from '../../src/render/template-engine.js';
import { listTree } from '../support/tree.js';
import { useTempDirs } from '../support/temp-dir.js';
import { runCli } from '../support/run-cli.js';

const tempDir = useTempDirs('quire-init-');

const quire = runCli;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('quire init', () => {
  it('makes a folder where new and build work', async () => {
    const dir = path.join(tempDir(), 'blog');
    const init = await quire('init', dir);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('quire.config.yaml');
    expect(listTree(dir)).toEqual(expect.arrayContaining(['.gitignore', 'quire.config.yaml', 'static/.gitkeep', 'templates/README.md']));
    expect(readdirSync(path.join(dir, 'posts'))).toHaveLength(2);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^dist\/$/m);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^\.quire\/$/m);
    expect(readFileSync(path.join(dir, 'quire.config.yaml'), 'utf8')).toMatch(/^# postsPerPage: 10/m);
    // Templates are available for overriding, not copied.
    expect(readdirSync(path.join(dir, 'templates'))).toEqual(['README.md']);

    const made = await quire('new', 'Hello', '--root', dir);
    expect(made.code).toBe(0);
    expect(made.stdout.trim()).toMatch(/posts[/\\]\d{4}-\d{2}-\d{2}-hello\.md$/);

    const built = await quire('build', '--root', dir, '--out', path.join(dir, 'dist'));
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/^Built 3 posts/);
    expect(existsSync(path.join(dir, 'dist', 'index.html'))).toBe(true);
    // The example posts build without a warning.
    const again = build({ root: dir, out: 'dist' });
    expect(again.diagnostics).toEqual([]);
    // Nothing from templates/README.md or static/.gitkeep lands in the site.
    expect(listTree(path.join(dir, 'dist')).filter((f) => /README|gitkeep/.test(f))).toEqual([]);
  });

  it('refuses a non-empty folder without --force', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    expect(() => initSite(dir)).toThrow(UsageError);
    const refused = await quire('init', dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not empty');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('with --force adds what is missing and keeps existing files', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    writeFileSync(path.join(dir, 'quire.config.yaml'), 'title: Mine\n');
    const forced = await quire('init', dir, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Kept as they were:');
    expect(readFileSync(path.join(dir, 'quire.config.yaml'), 'utf8')).toBe('title: Mine\n');
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(readdirSync(path.join(dir, 'posts'))).toHaveLength(2);
    expect(build({ root: dir, out: 'dist' }).ok).toBe(true);
  });

  it('accepts a folder holding only .git, and a file path is an error', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.git'), 'gitdir: elsewhere\n');
    expect(initSite(dir).created).toContain('quire.config.yaml');
    expect(() => initSite(path.join(dir, 'quire.config.yaml'), { force: true })).toThrow(/is a file/);
  });

  it('--eject-templates copies the whole default theme, and the site still builds', async () => {
    const dir = tempDir();
    const init = await quire('init', dir, '--eject-templates');
    expect(init.code).toBe(0);
    const theme = listTree(builtinTemplatesDir);
    expect(listTree(path.join(dir, 'templates'))).toEqual([...theme, 'README.md'].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const file of theme) {
      expect(readFileSync(path.join(dir, 'templates', file)).equals(readFileSync(path.join(builtinTemplatesDir, file))), file).toBe(true);
    }
    const result = build({ root: dir, out: 'dist' });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
