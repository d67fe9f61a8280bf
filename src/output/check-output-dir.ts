import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';

/**
 * Refuses an output folder that is, contains, or sits inside one of the site's own folders
 * (`--out .`, `--out posts`, `--out ..`): replacing it would delete the author's files.
 */
export function checkOutputDir(outDir: string, protectedDirs: readonly string[]): Diagnostic | undefined {
  const out = path.resolve(outDir);
  const root = path.parse(out).root;
  for (const dir of protectedDirs.map((d) => path.resolve(d))) {
    const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);
    // The output may live inside the site root (dist/), but must not be it or hold it.
    const isRoot = dir === protectedDirs.map((d) => path.resolve(d))[0];
    if (out === root || inside(dir, out) || (!isRoot && inside(out, dir))) {
      return diagnostic('error', 'OutputUnsafe', { file: displayPath(out) },
        `The output folder ${out} overlaps the site's own files (${dir}); quire replaces its output folder on every build, so it refuses.`,
        'Choose a separate folder for the built site, such as --out dist.');
    }
  }
  return undefined;
}
