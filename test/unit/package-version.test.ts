/**
 * The versions of quire's dependencies as installed are part of every cache's key (through
 * `engineFingerprint`): a dependency updated within its declared range must change them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { engineFingerprint } from '../../src/engine-fingerprint.js';
import { installedVersions, packageOf } from '../../src/package-version.js';
import { useTempDirs, writeFiles } from '../support/temp-dir.js';

const tempDir = useTempDirs('quire-versions-');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('installedVersions', () => {
  it('names each declared dependency with the version installed, which differs when one is upgraded in its range', () => {
    // Two installs of the same manifest, as before and after `npm update` (each process reads its own once).
    const install = (version: string) => {
      const root = tempDir();
      writeFiles(root, {
        'package.json': JSON.stringify({ name: 'site', dependencies: { dep: '^1.0.0', missing: '^2.0.0' } }),
        'node_modules/dep/package.json': JSON.stringify({ name: 'dep', version }),
      });
      return installedVersions(root);
    };
    expect(install('1.0.0')).toEqual(['dep@1.0.0', 'missing@missing']);
    expect(install('1.0.1')).toEqual(['dep@1.0.1', 'missing@missing']);
  });

  it('covers every dependency of quire itself', () => {
    const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const versions = installedVersions(repo);
    expect(versions.map((v) => v.slice(0, v.lastIndexOf('@')))).toEqual(Object.keys(manifest.dependencies).sort());
    expect(versions.filter((v) => v.endsWith('@missing'))).toEqual([]);
    expect(engineFingerprint(['markdown'])).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('packageOf', () => {
  it('finds the nearest package.json with a name above a file', () => {
    const root = tempDir();
    writeFiles(root, {
      'node_modules/p/package.json': JSON.stringify({ name: 'p', version: '3.1.4' }),
      'node_modules/p/lib/package.json': JSON.stringify({ type: 'module' }),
      'node_modules/p/lib/index.js': '',
    });
    expect(packageOf(path.join(root, 'node_modules/p/lib/index.js'))).toEqual({ name: 'p', version: '3.1.4', dir: path.join(root, 'node_modules/p') });
  });
});
