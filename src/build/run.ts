import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuildCaches } from '../incremental/build-caches.js';
import { fileStamps, type FileStamp } from '../incremental/file-stamps.js';
import type { Site } from '../site/build-site.js';

/** How to build. Paths are relative to `root`. */
export interface BuildOptions {
  /** The site's folder (config, posts, templates, static); default: the working folder. */
  root?: string;
  /** Posts folder; default: the config's `dirs.posts` (`posts`). */
  src?: string;
  /** Output folder; default `dist`. */
  out?: string;
  /** Config file; default: `quire.config.yaml|yml|json` in `root`, if any. */
  config?: string;
  /** Include drafts and future-dated posts. */
  drafts?: boolean;
  /** Overrides the config's `baseUrl`. */
  baseUrl?: string;
  /** Treat warnings as errors. */
  strict?: boolean;
  /** The build's clock (epoch ms); default: now. */
  now?: number;
  /** Use the persistent caches in `<root>/.quire/cache` (default true). */
  cache?: boolean;
  /** Worker threads for rendering post bodies (`buildAsync` only; default: one per core). */
  jobs?: number;
  /**
   * Caches kept in memory between builds by a watching process; otherwise each build loads
   * them from the cache folder.
   */
  caches?: BuildCaches;
  /**
   * Takes bookkeeping that the output does not wait for (saving cache indexes and the writer's
   * state, then releasing the output's lock), for the caller to run once it has reported the
   * build, and always before the next one. By default it runs before the build returns.
   */
  defer?: (task: () => void) => void;
  /**
   * Takes bookkeeping that may wait until the process is idle, be superseded by the next
   * build's, or be lost if the process exits first (saving page keys for the next process: an
   * older set only means fewer keys reused). By default it goes where `defer` does.
   */
  idle?: (task: () => void) => void;
  /**
   * Given, the search indexes a build must make again are not waited for (a watching process:
   * Pagefind takes seconds for a shard of thousands of posts): the output keeps the indexes the
   * last finished build wrote, and `searchLater` gets a test of whether the new ones are made,
   * to build again then. Without it, or before any build of this process finished its indexes,
   * the build waits for them.
   */
  searchLater?: {
    /** Whether an earlier build's indexes are still being made: this one then starts none. */
    busy: () => boolean;
    wait: (ready: () => boolean) => void;
  };
  /** Called as the build advances, for progress displays. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** What a build did. */
export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  posts: number;
  /** Posts and standalone pages: every body the build renders or takes from the cache. */
  documents: number;
  pages: number;
  files: number;
  /** Pages and files written in this build; the rest of the output was reused unchanged. */
  changed: number;
  ms: number;
  outDir: string;
  skipped: { drafts: number; future: number };
  nextScheduled?: Site['nextScheduled'];
  /** Post bodies rendered in this build (the rest came from the cache). */
  rendered: number;
  /** Resized image copies made in this build, and those taken from the image cache. */
  images?: { processed: number; reused: number };
  /** Documents indexed for search in this build, and those whose index was unchanged and kept. */
  search?: { indexed: number; reused: number };
  /** Milliseconds spent in each stage. */
  timings: Record<string, number>;
  /** Things to tell the author once that are not problems in the content (which parser ran). */
  notices: string[];
}

/** A stage that ended the build: its result says why. */
export interface Failed {
  failed: BuildResult;
}

export function isFailed<T extends object>(value: T | Failed): value is Failed {
  return 'failed' in value;
}

/**
 * One build as it goes: where it reads and writes, its clock, and what every stage adds to its
 * report (diagnostics, notices, timings, counts).
 */
export interface Run {
  readonly options: BuildOptions;
  readonly started: number;
  readonly root: string;
  readonly outDir: string;
  readonly now: number;
  /** Where persistent caches live; undefined with `cache: false`. */
  readonly cacheDir: string | undefined;
  readonly diagnostics: Diagnostic[];
  readonly notices: string[];
  readonly timings: Record<string, number>;
  /** What the result says besides the diagnostics, as stages learn it. */
  readonly report: Partial<BuildResult>;
  /** A source file's size and time, looked at once per build (see `fileStamps`). */
  readonly stampOf: (file: string) => FileStamp | undefined;
  /** Adds the time since the last lap to `stage`. */
  lap(stage: string): void;
}

/** Where bookkeeping goes when the caller does not take it (`defer`, `idle`): done at once. */
export const runNow = (task: () => void): void => task();

/** The cache folder of a site. */
export function cacheDir(root: string): string {
  return path.join(path.resolve(root), '.quire', 'cache');
}

export function startRun(options: BuildOptions): Run {
  const started = performance.now();
  const root = path.resolve(options.root ?? '.');
  let mark = started;
  const timings: Record<string, number> = {};
  return {
    options, started, root, outDir: path.resolve(root, options.out ?? 'dist'), now: options.now ?? Date.now(),
    cacheDir: options.cache === false ? undefined : cacheDir(root),
    diagnostics: [], notices: [], timings, report: {}, stampOf: fileStamps(),
    lap(stage) {
      const t = performance.now();
      timings[stage] = (timings[stage] ?? 0) + t - mark;
      mark = t;
    },
  };
}

/** The build's result: what the run learned, with `extra` on top. */
export function resultOf(run: Run, ok: boolean, extra: Partial<BuildResult> = {}): BuildResult {
  return {
    ok, diagnostics: run.diagnostics, posts: 0, documents: 0, pages: 0, files: 0, changed: 0, ms: performance.now() - run.started, outDir: run.outDir,
    skipped: { drafts: 0, future: 0 }, rendered: 0, timings: run.timings, notices: run.notices, ...run.report, ...extra,
  };
}

/** A failed build, with `problems` added to the run's diagnostics. */
export function fail(run: Run, problems: readonly Diagnostic[] = []): Failed {
  run.diagnostics.push(...problems);
  return { failed: resultOf(run, false) };
}
