import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '../render/page.js';
import { cloneWithLinks, removeInBackground } from './clone-tree.js';
import { isAlive } from './lock.js';
import { loadManifest, saveManifest } from './output-manifest.js';

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

/** Where the previous build's manifest lives, enabling reuse of unchanged files. */
export interface ReuseOptions {
  manifestFile: string;
}

/**
 * Writes the site into a staging folder beside `outDir` and swaps it into place only when every
 * page and file was written, so a failed or interrupted build leaves the previous output
 * exactly as it was. The swap is two renames on one file system; `recoverOutput` repairs the
 * instant between them if the process dies there.
 *
 * With `reuse`, the staging folder starts as a hard-linked clone of the previous output, and a
 * page whose `key` matches the previous build's is kept without being rendered or written; any
 * other page replaces its file by rename, and files the new build does not produce are removed.
 * The result is byte-identical to writing everything.
 */
export function writeSite(outDir: string, pages: Iterable<Page>, copies: readonly FileCopy[], reuse?: ReuseOptions): WriteResult {
  const { staging, old } = stagingPaths(outDir);
  rmSync(staging, { recursive: true, force: true });
  const previous = reuse && existsSync(outDir) ? loadManifest(reuse.manifestFile, outDir) : undefined;
  if (previous) cloneWithLinks(outDir, staging);
  else mkdirSync(staging, { recursive: true });
  const made = new Set<string>();
  const written = new Set<string>();
  const keys: Record<string, string> = {};
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
  // A file in the clone is shared with the previous output: replace it, never write through it.
  const replace = (relative: string, write: (file: string) => void): void => {
    const full = target(relative);
    if (previous) {
      const temp = `${full}.quire-new`;
      write(temp);
      renameSync(temp, full);
    } else write(full);
  };
  try {
    let files = 0;
    const copied = new Set<string>();
    for (const copy of copies) {
      const stat = statSync(copy.from);
      const key = `copy:${copy.from}:${stat.size}:${stat.mtimeMs}`;
      if (previous?.files[copy.to] !== key || !existsSync(path.join(staging, copy.to))) {
        replace(copy.to, (file) => copyFileSync(copy.from, file));
      }
      keys[copy.to] = key;
      written.add(copy.to);
      copied.add(copy.to);
      files++;
    }
    let count = 0;
    for (const page of pages) {
      if (written.has(page.outputPath) && !copied.has(page.outputPath)) {
        throw new Error(`Two pages were rendered to ${page.outputPath}.`);
      }
      const unchanged = page.key !== undefined && previous?.files[page.outputPath] === page.key && !copied.has(page.outputPath);
      if (!unchanged || !existsSync(path.join(staging, page.outputPath))) {
        const contents = page.contents ?? page.render?.() ?? '';
        replace(page.outputPath, (file) => writeFileSync(file, contents));
      }
      if (page.key !== undefined) keys[page.outputPath] = page.key;
      else delete keys[page.outputPath];
      written.add(page.outputPath);
      count++;
    }
    if (previous) removeStale(staging, written);
    if (existsSync(outDir)) {
      renameSync(outDir, old);
      renameSync(staging, outDir);
      removeInBackground(old);
    } else {
      mkdirSync(path.dirname(path.resolve(outDir)), { recursive: true });
      renameSync(staging, outDir);
    }
    if (reuse) saveManifest(reuse.manifestFile, { outDir: path.resolve(outDir), ino: statSync(outDir).ino, files: keys });
    return { pages: count, files };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Removes files (and then empty folders) of the clone that this build did not produce. */
function removeStale(root: string, keep: ReadonlySet<string>): void {
  const walk = (dir: string, rel: string): boolean => {
    let empty = true;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (walk(full, childRel)) rmdirSync(full);
        else empty = false;
      } else if (keep.has(childRel)) empty = false;
      else unlinkSync(full);
    }
    return empty;
  };
  walk(root, '');
}
