/**
 * The package as a user imports it: `import { build, defineConfig } from 'quire'` in a site with
 * quire in its node_modules, and package.json pointing at files that exist after `npm ci`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDir = useTempDirs('quire-api-');

describe('the public API', () => {
  it('package.json names entry points that exist', () => {
    const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { main: string; types: string; exports: Record<string, { types: string; default: string }> };
    for (const file of [manifest.main, manifest.types, manifest.exports['.']?.types, manifest.exports['.']?.default]) {
      expect(existsSync(path.join(repo, file as string)), file).toBe(true);
    }
  });

  it('builds a site through import("quire"), with a config typed by defineConfig', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'node_modules'));
    symlinkSync(repo, path.join(root, 'node_modules', 'quire'));
    writeFiles(root, {
      'package.json': JSON.stringify({ name: 'blog', type: 'module', private: true }),
      'quire.config.mjs': "import { defineConfig } from 'quire';\nexport default defineConfig({ title: 'Through the API' });\n",
      'posts/2024-01-01-hello.md': '---\ntitle: Hello\ndate: 2024-01-01\n---\nHi.\n',
      'build.mjs': [
        "import { build, defineConfig, watch } from 'quire';",
        "const result = await build({ root: process.cwd() });",
        "console.log(JSON.stringify({ build: typeof build, defineConfig: typeof defineConfig, watch: typeof watch, ok: result.ok, posts: result.posts, diagnostics: result.diagnostics.length }));",
      ].join('\n'),
    });
    const out = JSON.parse(execFileSync(process.execPath, ['build.mjs'], { cwd: root, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out).toEqual({ build: 'function', defineConfig: 'function', watch: 'function', ok: true, posts: 1, diagnostics: 0 });
    expect(readFileSync(path.join(root, 'dist', 'index.html'), 'utf8')).toContain('Through the API');
  });
});
