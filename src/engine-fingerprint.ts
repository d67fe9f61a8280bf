import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const srcRoot = path.dirname(fileURLToPath(import.meta.url));
const memo = new Map<string, string>();

/**
 * A hash of quire's own code in the given stage folders (compiled or TypeScript) and of its
 * package.json, so cached results made by other code (another version, a local change) are
 * never reused.
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
  hash.update(readFileSync(path.join(srcRoot, '..', 'package.json')));
  const digest = hash.digest('hex');
  memo.set(id, digest);
  return digest;
}
