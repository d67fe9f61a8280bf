import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedVersions } from './package-version.js';

const srcRoot = path.dirname(fileURLToPath(import.meta.url));
/** Key: the stage folders asked for. Invalid: never within a process (its code and installed packages stay as loaded). */
const memo = new Map<string, string>();

/**
 * A hash of quire's own code in the given stage folders (compiled or TypeScript), of its
 * package.json and of the versions of its dependencies as installed, so cached results made by
 * other code (another version, a local change, a dependency updated within its range) are never
 * reused.
 */
export function engineFingerprint(stages: readonly string[]): string {
  const id = stages.join(',');
  const known = memo.get(id);
  if (known) return known;
  const hash = createHash('sha256');
  for (const stage of stages) {
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) hash.update(entry.name).update(readFileSync(full));
      }
    };
    walk(path.join(srcRoot, stage));
  }
  const packageDir = path.join(srcRoot, '..');
  hash.update(readFileSync(path.join(packageDir, 'package.json')));
  hash.update(installedVersions(packageDir).join('\0'));
  const digest = hash.digest('hex');
  memo.set(id, digest);
  return digest;
}

/** `name@version` of one of quire's dependencies as installed: for caches of what only that package makes. */
export function installedVersion(name: string): string {
  return installedVersions(path.join(srcRoot, '..')).find((id) => id.startsWith(`${name}@`)) ?? `${name}@missing`;
}
