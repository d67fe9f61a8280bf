/**
 * YAML tags outside the core schema (`!!js/function`, `!!python/object/apply:…`, local `!tags`)
 * are refused, in front matter and in the config, at their line in the file; nothing is built.
 * An over-indented line is reported where it is, not at the value above it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { FIXED_NOW } from '../support/clock.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const tempDir = useTempDirs('quire-yaml-errors-');
const config = 'title: Tags\nbaseUrl: https://example.com/\n';
const post = '---\ntitle: Fine\ndate: 2024-01-01\n---\nBody.\n';

describe('language-specific YAML tags', () => {
  it('are refused in front matter, each post at its own line', () => {
    const site = tempDir();
    writeFiles(site, {
      'quire.config.yaml': config,
      'posts/a.md': '---\ntitle: A\ndate: 2024-01-01\nrun: !!js/function "function () { return 1 }"\n---\nBody.\n',
      'posts/b.md': '---\ntitle: B\ndate: 2024-01-01\ntags:\n  - !!python/object/apply:os.system ["ls"]\n---\nBody.\n',
    });
    const result = build({ root: site, out: 'dist', now: FIXED_NOW });
    expect(result.ok).toBe(false);
    const found = result.diagnostics.map((d) => [path.basename(d.file ?? ''), d.code, d.line, d.column]).sort();
    expect(found).toEqual([['a.md', 'FrontMatterYaml', 4, 6], ['b.md', 'FrontMatterYaml', 5, 5]]);
    expect(result.diagnostics[0]?.message).toMatch(/The tag !!(js\/function|python\/object\/apply:os\.system) is not plain YAML data/);
    expect(existsSync(path.join(site, 'dist'))).toBe(false);
  });

  it('are refused in the config, at their line', () => {
    const site = tempDir();
    writeFiles(site, { 'quire.config.yaml': `${config}description: !!js/function "x"\n`, 'posts/a.md': post });
    const result = build({ root: site, out: 'dist', now: FIXED_NOW });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatchObject([{ code: 'ConfigYaml', line: 3, column: 14 }]);
    expect(existsSync(path.join(site, 'dist'))).toBe(false);
  });
});

describe('an over-indented line under a scalar', () => {
  it('is reported at its own line in the post, with the frame on it', () => {
    const site = tempDir();
    writeFiles(site, { 'quire.config.yaml': config, 'posts/a.md': '---\ntitle: A\ndate: 2024-01-01\n  author: x\n---\nBody.\n' });
    const result = build({ root: site, out: 'dist', now: FIXED_NOW });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatchObject([{ code: 'FrontMatterYaml', line: 4, column: 3 }]);
    expect(result.diagnostics[0]?.frame).toContain('> 4 |   author: x');
  });
});
