/**
 * Reading whole folders, to compare built sites file by file.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every file under `root` (hidden ones too), relative, `/`-separated, sorted by code unit. */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${rel}/`);
      else out.push(rel);
    }
  };
  walk(root, '');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every file under `root` with its bytes. */
export function readTree(root: string): Map<string, Buffer> {
  return new Map(listTree(root).map((rel) => [rel, readFileSync(path.join(root, rel))]));
}

/** Relative paths whose contents differ between two trees, or that only one of them has. */
export function diffTrees(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => {
    const x = a.get(name);
    const y = b.get(name);
    return x === undefined || y === undefined || !x.equals(y);
  }).sort();
}
