import path from 'node:path';
import { isIgnoredName } from '../content/find-sources.js';

/** The folders and files a site's build reads, as absolute paths. */
export interface WatchTargets {
  root: string;
  dirs: string[];
  configFiles: string[];
  outDir: string;
}

/** Whether `child` is `parent` or inside it. */
export const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * Whether a path matters to the build: the config files, and anything in the source folders
 * except hidden files and editor leftovers (which the build skips too), never the output or
 * `.quire/`. Ancestors of a source folder are kept so chokidar walks down to it.
 */
export function isWatched(targets: WatchTargets, file: string): boolean {
  const full = path.resolve(file);
  if (targets.configFiles.includes(full)) return true;
  if (inside(full, targets.outDir) || inside(full, path.join(targets.root, '.quire'))) return false;
  for (const dir of targets.dirs) {
    if (inside(full, dir)) {
      const rest = path.relative(dir, full);
      return rest === '' || !rest.split(path.sep).some((part) => isIgnoredName(part) || part === 'node_modules');
    }
  }
  return [...targets.dirs, ...targets.configFiles].some((dir) => inside(dir, full));
}
