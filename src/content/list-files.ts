import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { isIgnoredName } from './find-sources.js';

/** Why `listFiles` left an entry out. */
export type SkippedLink = 'outside' | 'broken' | 'loop';

/**
 * Every file under `dir` (relative, `/`-separated, sorted), skipping hidden files and editor leftovers.
 * Symbolic links are followed only when they stay inside `dir`, and each real folder is listed once,
 * so a link cannot copy files from elsewhere on the machine into the site and a loop cannot hang
 * the walk; `onSkip` hears about each link left out.
 */
export function listFiles(dir: string, onSkip?: (relative: string, why: SkippedLink) => void): string[] {
  const out: string[] = [];
  let realRoot: string;
  try {
    realRoot = realpathSync(dir);
  } catch {
    return out;
  }
  const seen = new Set<string>();
  const walk = (current: string, rel: string): void => {
    let entries: Dirent[];
    try {
      const real = realpathSync(current);
      if (seen.has(real)) {
        onSkip?.(rel, 'loop');
        return;
      }
      seen.add(real);
      entries = readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (isIgnoredName(name)) continue;
      const full = path.join(current, name);
      const childRel = rel ? `${rel}/${name}` : name;
      // The listing says what most entries are: only links (and entries of unknown type) are looked at.
      if (entry.isFile()) {
        out.push(childRel);
        continue;
      }
      if (entry.isDirectory()) {
        walk(full, childRel);
        continue;
      }
      const link = lstatSync(full, { throwIfNoEntry: false });
      if (link?.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch {
          onSkip?.(childRel, 'broken');
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + path.sep)) {
          onSkip?.(childRel, 'outside');
          continue;
        }
      }
      let stat;
      try {
        stat = statSync(full, { throwIfNoEntry: false });
      } catch {
        continue;
      }
      if (stat?.isDirectory()) walk(full, childRel);
      else if (stat?.isFile()) out.push(childRel);
    }
  };
  walk(dir, '');
  return out;
}
