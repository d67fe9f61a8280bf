import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** The generator tag quire's layout puts in every page's head. */
const generatorTag = /<meta name="generator" content="quire"/;

/**
 * Refuses to replace an existing, non-empty output folder that does not look like quire's
 * output: its `index.html` lacks quire's generator tag and it lacks the files every quire build
 * writes (`404.html`, `robots.txt`, `sitemap.xml`). `--out ~/Documents` must never be swapped away.
 */
export function checkOutputOwnership(outDir: string): Diagnostic | undefined {
  let entries: string[];
  try {
    entries = readdirSync(outDir);
  } catch {
    return undefined;
  }
  if (entries.length === 0) return undefined;
  let index = '';
  try {
    index = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  } catch {
    // No index page: judged by the other files alone.
  }
  const ours = generatorTag.test(index) || ['404.html', 'robots.txt', 'sitemap.xml'].every((name) => existsSync(path.join(outDir, name)));
  if (ours) return undefined;
  return diagnostic('error', 'OutputUnsafe', { file: displayPath(outDir) },
    `The output folder ${path.resolve(outDir)} already holds files that quire did not build; quire replaces its output folder on every build, so it refuses.`,
    'Choose an empty or new folder for --out, or delete this one if it really is an old build.');
}
