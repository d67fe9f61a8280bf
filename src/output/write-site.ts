import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contentsKey, type Page } from '../render/page.js';
import { writeFileAtomic } from '../atomic-file.js';
import { cloneWithLinks, removeInBackground } from './clone-tree.js';
import { workerSink, type FileSink } from './file-sink.js';
import { isAlive } from './lock.js';

/** A file copied as-is into the output (static files, bundle assets). */
export interface FileCopy {
  from: string;
  /** Path inside the output folder, `/`-separated. */
  to: string;
  /** Stands for the contents when known (a file named by a hash of them); default: the source's path, size and time. */
  key?: string;
  /**
   * The source is a file quire made in its cache and never changes once made (it is replaced
   * by rename, never written through): it is hard-linked rather than copied where the output's
   * file system allows, as the writer never writes through a file of the output either.
   */
  linked?: boolean;
}

/** Files made while the pages rendered, asked for after the last page. */
export interface LateFiles {
  /** Resized images: counted with the site's files. */
  files: readonly FileCopy[];
  /** The search index. */
  index: readonly FileCopy[];
}

/** What was written. */
export interface WriteResult {
  pages: number;
  files: number;
  /** Pages and files that had to be written (or linked) because the output did not hold them yet. */
  changed: number;
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
export function recoverOutput(outDir: string, reuse?: ReuseOptions): void {
  if (reuse && existsSync(reuse.stateDir)) {
    for (const name of readdirSync(reuse.stateDir).filter((n) => /^(swap-\d+|discard-\d+(-\d+)?)$/.test(n))) {
      const pid = Number.parseInt(name.slice(name.indexOf('-') + 1), 10);
      if (pid !== process.pid && isAlive(pid)) continue;
      const full = path.join(reuse.stateDir, name);
      if (name.startsWith('swap-') && !existsSync(outDir)) renameSync(full, outDir);
      else removeInBackground(full);
    }
  }
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
 * Lets a build reuse the previous output. `stateDir` (on the output folder's file system) keeps
 * a spare copy of the output from the build before last, and what both copies hold.
 */
export interface ReuseOptions {
  stateDir: string;
  /**
   * Runs the saving of the writer's state later, once the caller has reported the build (a
   * watching process tells the browser to reload first). The caller runs it before the next
   * write and before letting go of the output's lock.
   */
  defer?: (task: () => void) => void;
}

/**
 * Writes the site and swaps it into place only when every page and file was written, so a
 * failed or interrupted build leaves the previous output exactly as it was.
 *
 * Without `reuse`, everything is written into a fresh staging folder beside `outDir`. With
 * `reuse`, the output is double-buffered: the spare copy (the build before last) is brought up
 * to date by writing only the pages whose `key` differs from what it holds and removing the
 * files no longer produced, then the two copies trade places. An unknown or damaged spare is
 * replaced by a hard-linked clone of the current output. Either way the result is
 * byte-identical to writing everything.
 *
 * The swap is renames on one file system; `recoverOutput` repairs the instant between them if
 * the process dies there.
 *
 * `late` gives files made while the pages rendered (resized images, the search index): asked for after the last page.
 */
export function writeSite(outDir: string, pages: Iterable<Page>, copies: readonly FileCopy[], reuse?: ReuseOptions, late?: () => LateFiles): WriteResult {
  return reuse ? writeReusing(outDir, pages, copies, reuse, late) : writeFresh(outDir, pages, copies, late);
}

function writeFresh(outDir: string, pages: Iterable<Page>, copies: readonly FileCopy[], late?: () => LateFiles): WriteResult {
  const { staging, old } = stagingPaths(outDir);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const { pages: count, files } = fill(staging, undefined, pages, copies, undefined, workerSink(), late);
    const result = { pages: count, files, changed: count + files };
    if (existsSync(outDir)) {
      renameSync(outDir, old);
      renameSync(staging, outDir);
      rmSync(old, { recursive: true, force: true });
    } else {
      mkdirSync(path.dirname(path.resolve(outDir)), { recursive: true });
      renameSync(staging, outDir);
    }
    return result;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Where the writer keeps its spare copy, its state, and the marker saying the spare is being changed. */
function spareLayout(stateDir: string): { spare: string; stateFile: string; changing: string } {
  return { spare: path.join(stateDir, 'spare'), stateFile: path.join(stateDir, 'state.json'), changing: path.join(stateDir, 'spare-changing') };
}

function writeReusing(outDir: string, pages: Iterable<Page>, copies: readonly FileCopy[], { stateDir, defer = (task) => task() }: ReuseOptions, late?: () => LateFiles): WriteResult {
  const out = path.resolve(outDir);
  const { spare, stateFile, changing } = spareLayout(stateDir);
  mkdirSync(stateDir, { recursive: true });
  const state = loadState(stateFile, out);
  const current = state.current && inoOf(out) === state.current.ino ? state.current.files : undefined;
  let base = state.spare && inoOf(spare) === state.spare.ino && !existsSync(changing) ? state.spare.files : undefined;
  // From here until the new state is saved the spare is being changed: mark it unknown first.
  writeFileSync(changing, '');
  if (!base) {
    if (existsSync(spare)) discardSpare(stateDir);
    if (current) {
      cloneWithLinks(out, spare);
      base = current;
    } else mkdirSync(spare, { recursive: true });
  }
  const result = fill(spare, base, pages, copies, current ? { dir: out, files: current } : undefined, base ? undefined : workerSink(), late);
  // Swap: the output moves aside, the spare takes its place, the old output becomes the spare.
  const aside = path.join(stateDir, `swap-${process.pid}`);
  const hadOutput = existsSync(out);
  if (hadOutput) renameSync(out, aside);
  else mkdirSync(path.dirname(out), { recursive: true });
  renameSync(spare, out);
  if (hadOutput) renameSync(aside, spare);
  const next: WriteState = {
    outDir: out,
    current: { ino: inoOf(out) ?? 0, files: result.keys },
    spare: hadOutput && current ? { ino: inoOf(spare) ?? 0, files: current } : undefined,
  };
  // Until the state is saved the marker stays, so the spare counts as unknown meanwhile.
  defer(() => {
    saveState(stateFile, next);
    rmSync(changing, { force: true });
  });
  return { pages: result.pages, files: result.files, changed: result.changed };
}

/**
 * Brings the spare copy of the output up to date with the output, between builds: every file
 * that differs is hard-linked from the output (files are only ever replaced, never written
 * through, so sharing them is safe) and files no longer there are removed. The next build then
 * writes only its own changes instead of those of the last two builds, and a spare left from
 * another session (or another base URL) is no longer rewritten whole on the first edit.
 * Returns the number of files linked or removed; 0 when there was nothing to do or the state is
 * unknown. The caller holds the output's lock.
 */
export function catchUpSpare(outDir: string, { stateDir }: ReuseOptions): number {
  const out = path.resolve(outDir);
  const { spare, stateFile, changing } = spareLayout(stateDir);
  const state = loadState(stateFile, out);
  if (!state.current || inoOf(out) !== state.current.ino || existsSync(changing)) return 0;
  const current = state.current.files;
  const known = state.spare && inoOf(spare) === state.spare.ino ? state.spare.files : undefined;
  writeFileSync(changing, '');
  let done: number;
  let files = current;
  if (known) {
    // The output's files as pages of the spare: each is linked from the output (the donor), or,
    // when its key is a placeholder that says nothing of the contents, copied from it.
    const pages: Page[] = Object.entries(current).map(([outputPath, key]) => ({
      outputPath,
      ...(key.startsWith('unkeyed:') || key === 'overridden' ? {} : { key }),
      render: () => readFileSync(path.join(out, outputPath)),
    }));
    const result = fill(spare, known, pages, [], { dir: out, files: current });
    done = result.changed + result.removed;
    files = result.keys;
  } else {
    if (existsSync(spare)) discardSpare(stateDir);
    cloneWithLinks(out, spare);
    done = sizeOf(current);
  }
  saveState(stateFile, { ...state, spare: { ino: inoOf(spare) ?? 0, files } });
  rmSync(changing, { force: true });
  return done;
}

/**
 * Writes pages and copies into `dir`. With `base` (what `dir` holds now, by key), files whose
 * key is unchanged are kept, changed ones are replaced by rename (never written through, since
 * they may be hard links shared with the live output), and files no longer produced are removed.
 * A page that `donor` (the live output) already holds with the same key is linked from there
 * instead of being rendered again.
 */
function fill(
  dir: string,
  base: Record<string, string> | undefined,
  pages: Iterable<Page>,
  copies: readonly FileCopy[],
  donor?: { dir: string; files: Record<string, string> },
  /** Where new pages of a fresh folder go (with no `base`, nothing in `dir` is replaced). */
  sink?: FileSink,
  late?: () => LateFiles,
): WriteResult & { keys: Record<string, string>; removed: number } {
  const made = new Set<string>();
  const written = new Set<string>();
  const keys: Record<string, string> = {};
  const inside = (relative: string): string => {
    const full = path.resolve(dir, relative);
    // Defence in depth: every path was made safe upstream; never write outside the folder anyway.
    if (!full.startsWith(dir + path.sep)) throw new Error(`Refusing to write outside the output folder: ${relative}`);
    return full;
  };
  const target = (relative: string): string => {
    const full = inside(relative);
    const parent = path.dirname(full);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    return full;
  };
  const replace = (relative: string, write: (file: string) => void): void => {
    const full = target(relative);
    if (base) {
      const temp = `${full}.quire-new`;
      write(temp);
      renameSync(temp, full);
    } else write(full);
  };
  let files = 0;
  let changed = 0;
  const copied = new Set<string>();
  // Files of `base` produced again (each path is produced once, or the build fails).
  let kept = 0;
  // The search index is not counted: the counts are of the site's pages and files.
  const copyFiles = (list: readonly FileCopy[], counted = true) => {
    for (const copy of list) {
      const key = copy.key ?? copyKey(copy.from);
      if (base?.[copy.to] !== key) {
        replace(copy.to, (file) => (copy.linked ? linkOrCopy : copyFileSync)(copy.from, file));
        if (counted) changed++;
      }
      keys[copy.to] = key;
      if (base?.[copy.to] !== undefined) kept++;
      written.add(copy.to);
      copied.add(copy.to);
      if (counted) files++;
    }
  };
  copyFiles(copies);
  let count = 0;
  try {
    count = writePages();
    if (late) {
      const { files, index } = late();
      // Resized images are the site's files, as if they were copied first; the search index is not counted.
      copyFiles(files);
      const taken = index.find((copy) => written.has(copy.to));
      if (taken) throw new Error(`Two files were written to ${taken.to}.`);
      copyFiles(index, false);
    }
  } catch (error) {
    // Nothing may still be writing into the folder when the caller removes it.
    try {
      sink?.drain();
    } catch {
      // The first error is the one to report.
    }
    throw error;
  }
  sink?.drain();
  function writePages(): number {
    let count = 0;
    for (const page of pages) {
      if (written.has(page.outputPath) && !copied.has(page.outputPath)) {
        throw new Error(`Two pages were rendered to ${page.outputPath}.`);
      }
      // A page given as finished contents is keyed by them.
      const key = page.key ?? (page.contents === undefined ? undefined : contentsKey(page.contents));
      const unchanged = key !== undefined && base?.[page.outputPath] === key && !copied.has(page.outputPath);
      if (!unchanged) {
        changed++;
        const shared = key !== undefined && donor?.files[page.outputPath] === key ? path.join(donor.dir, page.outputPath) : undefined;
        if (sink && !base && !shared) sink.write(inside(page.outputPath), page.contents ?? page.render?.() ?? '');
        else replace(page.outputPath, (file) => {
          if (shared) {
            try {
              linkSync(shared, file);
              return;
            } catch {
              // The live file is gone or cannot be linked: render it instead.
            }
          }
          writeFileSync(file, page.contents ?? page.render?.() ?? '');
        });
      }
      // A page without a key is always rewritten; a copy overridden by a page is rewritten next time.
      keys[page.outputPath] = key ?? `unkeyed:${count}`;
      if (copied.has(page.outputPath)) keys[page.outputPath] = 'overridden';
      // (A page over a copied file was counted with the copy.)
      if (base?.[page.outputPath] !== undefined && !copied.has(page.outputPath)) kept++;
      written.add(page.outputPath);
      count++;
    }
    return count;
  }
  // When every file the folder held was written again, none is left over: no need to look.
  let removed = 0;
  if (base && kept < sizeOf(base)) {
    for (const relative of Object.keys(base)) {
      if (!written.has(relative)) {
        removeWithEmptyParents(dir, relative);
        removed++;
      }
    }
  }
  // The next build's `base` may be these keys: it need not count them again.
  sizes.set(keys, written.size);
  return { pages: count, files, changed, keys, removed };
}

function copyKey(from: string): string {
  return stampKey(from, statSync(from));
}

/** The key of a copy whose contents are known by no name: its source's path, size and time. */
export function stampKey(from: string, stamp: { size: number; mtimeMs: number }): string {
  return `copy:${from}:${stamp.size}:${stamp.mtimeMs}`;
}

let discarded = 0;
/** Moves the spare aside (under a name of its own: an earlier one may still be being removed) and removes it. */
function discardSpare(stateDir: string): void {
  const away = path.join(stateDir, `discard-${process.pid}-${++discarded}`);
  renameSync(path.join(stateDir, 'spare'), away);
  removeInBackground(away);
}

/** How many files a state lists. Key: the state's file list (by identity; a watching process reuses it). Invalid: never (a list is replaced, not changed). */
const sizes = new WeakMap<Record<string, string>, number>();
function sizeOf(files: Record<string, string>): number {
  let size = sizes.get(files);
  if (size === undefined) sizes.set(files, (size = Object.keys(files).length));
  return size;
}

/**
 * Links `from` at `to`, or copies it where a link cannot be made (another file system, one
 * without hard links). A search index's 10,000 files at 10,000 posts took 0.84–5.0 s to copy
 * and 0.19–0.20 s to link, at the end of the build.
 */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function removeWithEmptyParents(root: string, relative: string): void {
  rmSync(path.join(root, relative), { force: true });
  let parent = path.dirname(path.join(root, relative));
  while (parent.startsWith(root + path.sep)) {
    try {
      rmdirSync(parent);
    } catch {
      return;
    }
    parent = path.dirname(parent);
  }
}

interface WriteState {
  outDir: string;
  current: { ino: number; files: Record<string, string> } | undefined;
  spare: { ino: number; files: Record<string, string> } | undefined;
}

/**
 * The state as its file holds it: the spare's files as changes to the current copy's (after a
 * catch-up there are none), so that tens of thousands of keys are written once, not twice.
 */
interface SavedState {
  format: typeof stateFormat;
  outDir: string;
  current: { ino: number; files: Record<string, string> } | undefined;
  spare: { ino: number; changed: Record<string, string>; removed: string[] } | undefined;
}

/** A state file of another format is not read: nothing is reused, once. */
const stateFormat = 2;

/**
 * The state this process saved last, with the file's size and time then: a watching process
 * builds again and again, and need not parse what it wrote itself (thousands of keys) each time.
 * Key: the state file's path, size and modification time, and the output folder. Invalid: when any of them differs.
 */
let lastSaved: { file: string; size: number; mtimeMs: number; state: WriteState } | undefined;

function loadState(file: string, outDir: string): WriteState {
  try {
    const stat = statSync(file);
    if (lastSaved?.file === file && lastSaved.size === stat.size && lastSaved.mtimeMs === stat.mtimeMs && lastSaved.state.outDir === outDir) {
      return lastSaved.state;
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedState;
    if (saved.format === stateFormat && saved.outDir === outDir) {
      let spare: WriteState['spare'];
      if (saved.spare && saved.current) {
        const files = { ...saved.current.files, ...saved.spare.changed };
        for (const relative of saved.spare.removed) delete files[relative];
        spare = { ino: saved.spare.ino, files };
      }
      return { outDir, current: saved.current, spare };
    }
  } catch {
    // No state, or a damaged one: nothing is reused.
  }
  return { outDir, current: undefined, spare: undefined };
}

/**
 * The JSON of a list of files' keys. The current copy's list is saved after its build and again
 * after the catch-up that follows. Key: the list, by identity. Invalid: never (a list is replaced, not changed).
 */
const listJson = new WeakMap<Record<string, string>, string>();

function saveState(file: string, state: WriteState): void {
  let spare = 'null';
  if (state.spare && state.current) {
    const current = state.current.files;
    const changed: Record<string, string> = {};
    const removed: string[] = [];
    for (const [relative, key] of Object.entries(state.spare.files)) if (current[relative] !== key) changed[relative] = key;
    for (const relative of Object.keys(current)) if (!(relative in state.spare.files)) removed.push(relative);
    spare = JSON.stringify({ ino: state.spare.ino, changed, removed });
  }
  let current = 'null';
  if (state.current) {
    let files = listJson.get(state.current.files);
    if (files === undefined) listJson.set(state.current.files, (files = JSON.stringify(state.current.files)));
    current = `{"ino":${state.current.ino},"files":${files}}`;
  }
  writeFileAtomic(file, `{"format":${stateFormat},"outDir":${JSON.stringify(state.outDir)},"current":${current},"spare":${spare}}`);
  const stat = statSync(file);
  lastSaved = { file, size: stat.size, mtimeMs: stat.mtimeMs, state };
}

function inoOf(dir: string): number | undefined {
  return statSync(dir, { throwIfNoEntry: false })?.ino;
}
