import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isIgnoredName } from './find-sources.js';

/** Every file under `dir` (relative, `/`-separated, sorted), skipping hidden files and editor leftovers. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string, rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(current).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (isIgnoredName(name)) continue;
      const full = path.join(current, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(full, childRel);
      else if (stat?.isFile()) out.push(childRel);
    }
  };
  walk(dir, '');
  return out;
}
