import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '../render/page.js';
import { isAlive } from './lock.js';

/** A file copied as-is into the output (static files, bundle assets). */
export interface FileCopy {
  from: string;
  /** Path inside the output folder, `/`-separated. */
  to: string;
}

/** What was written. */
export interface WriteResult {
  pages: number;
  files: number;
}

/** The sibling paths the writer uses next to the output folder. */
export function stagingPaths(outDir: string): { staging: string; old: string; lock: string; prefix: string; parent: string } {
  const parent = path.dirname(path.resolve(outDir));
  const name = path.basename(path.resolve(outDir));
  const prefix = `.${name}.quire-`;
  return {
    parent,
    prefix,
    staging: path.join(parent, `${prefix}tmp-${process.pid}`),
    old: path.join(parent, `${prefix}old-${process.pid}`),
    lock: path.join(parent, `${prefix}lock`),
  };
}

/**
 * Puts the output folder back in order after a build that was killed: if the folder is missing
 * but a previous one was moved aside during the swap, it is restored; staging folders of dead
 * builds are removed. Runs under the lock, before a new build writes anything.
 */
export function recoverOutput(outDir: string): void {
  const { parent, prefix } = stagingPaths(outDir);
  if (!existsSync(parent)) return;
  const leftovers = readdirSync(parent).filter((n) => n.startsWith(prefix) && !n.endsWith('lock'));
  for (const name of leftovers) {
    const pid = Number.parseInt(name.slice(name.lastIndexOf('-') + 1), 10);
    if (pid !== process.pid && isAlive(pid)) continue;
    const full = path.join(parent, name);
    if (name.startsWith(`${prefix}old-`) && !existsSync(outDir)) renameSync(full, outDir);
    else rmSync(full, { recursive: true, force: true });
  }
}

/**
 * Writes the site into a fresh staging folder beside `outDir` and swaps it into place only when
 * every page and file was written, so a failed or interrupted build leaves the previous output
 * exactly as it was. The swap is two renames on one file system; `recoverOutput` repairs the
 * instant between them if the process dies there.
 */
export function writeSite(outDir: string, pages: Iterable<Page>, copies: readonly FileCopy[]): WriteResult {
  const { staging, old } = stagingPaths(outDir);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const made = new Set<string>();
  const written = new Set<string>();
  const target = (relative: string): string => {
    const full = path.resolve(staging, relative);
    // Defence in depth: every path was made safe upstream; never write outside staging anyway.
    if (!full.startsWith(staging + path.sep)) throw new Error(`Refusing to write outside the output folder: ${relative}`);
    const dir = path.dirname(full);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    return full;
  };
  try {
    let files = 0;
    for (const copy of copies) {
      copyFileSync(copy.from, target(copy.to));
      written.add(copy.to);
      files++;
    }
    let count = 0;
    for (const page of pages) {
      if (written.has(page.outputPath) && !copies.some((c) => c.to === page.outputPath)) {
        throw new Error(`Two pages were rendered to ${page.outputPath}.`);
      }
      writeFileSync(target(page.outputPath), page.contents);
      written.add(page.outputPath);
      count++;
    }
    if (existsSync(outDir)) {
      renameSync(outDir, old);
      renameSync(staging, outDir);
      rmSync(old, { recursive: true, force: true });
    } else {
      mkdirSync(path.dirname(path.resolve(outDir)), { recursive: true });
      renameSync(staging, outDir);
    }
    return { pages: count, files };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
