/**
 * Watches a site's sources and rebuilds on change: chokidar → debounce → single-flight queue →
 * `buildAsync`. Shared by `quire serve` (building into a private folder) and `quire build
 * --watch` (building into `--out`).
 *
 * @module
 */
import { hash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildAsync } from '../build-async.js';
import type { BuildCaches, BuildOptions, BuildResult } from '../build.js';
import { catchUpOutput } from '../build/output-stage.js';
import { ReadCache } from '../incremental/read-cache.js';
import { configFileNames, loadConfig } from '../config/load-config.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { startFileWatch } from './file-watcher.js';
import { createDebouncer, createSingleFlight } from './rebuild-queue.js';
import { inside, type WatchTargets } from './watch-targets.js';

/** Quiet time after a build before the writer's spare copy catches up (see `catchUpOutput`). */
const catchUpDelayMs = 300;

/** When a reported file is looked at again: after chokidar's 50 ms window of dropped reports. */
const recheckMs = 60;

/** How often a rebuild waiting for the search indexes looks whether they are made. */
const searchPollMs = 50;

/**
 * What a file is now, to tell whether it changed: its identity, size and times, and for a file
 * of up to 1 MiB a hash of its bytes (a rewrite can keep size and times: whole-second clocks on
 * some file systems, tools that copy times); undefined if it is gone (or, with `onlyFile`, not a file).
 */
function fileState(file: string, onlyFile = false): string | undefined {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat || (onlyFile && !stat.isFile())) return undefined;
    const times = `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
    return stat.isFile() && stat.size <= 1 << 20 ? `${times}:${hash('sha256', readFileSync(file))}` : times;
  } catch {
    return undefined;
  }
}

/** One file event seen by the watcher. */
export interface SourceChange {
  event: 'add' | 'addDir' | 'change' | 'unlink' | 'unlinkDir';
  /** Absolute path. */
  path: string;
}

/** What started a build. */
export type BuildTrigger = 'initial' | 'change' | 'manual';

/** One finished build of the loop. */
export interface WatchBuild {
  /** 1 for the first build, then counting up. */
  number: number;
  trigger: BuildTrigger;
  /** The file events this build covers (empty for the first and for manual builds). */
  changes: SourceChange[];
  /** `performance.now()` of the first event this build covers (or of the request, without events). */
  firstChangeAt: number;
  /** `performance.now()` when the build started and ended. */
  startedAt: number;
  finishedAt: number;
  result: BuildResult;
}

/** How to watch. Paths are relative to `root`. */
export interface WatchOptions {
  root?: string;
  src?: string;
  out?: string;
  config?: string;
  drafts?: boolean;
  strict?: boolean;
  cache?: boolean;
  /** Worker threads; default: one per core for large rebuilds, this thread for a few changed posts. */
  jobs?: number;
  /** The base URL each build uses, asked before every build (the dev server's changes with the config). */
  baseUrl?: string | (() => string | undefined);
  /** The clock each build uses (epoch ms); default: the real time. */
  now?: () => number;
  /**
   * Quiet time after the last event before rebuilding (default 10 ms). Short: events arriving
   * during a build are gathered into one follow-up build anyway, and a file still being
   * written when its build reads it sends another event (or is caught by the look again
   * after chokidar's window of dropped reports).
   */
  debounceMs?: number;
  /** Longest delay after the first event of a burst that never stops (default 1000 ms). */
  maxWaitMs?: number;
  /**
   * chokidar's `awaitWriteFinish.stabilityThreshold` (default 0: off). Polling a file until its
   * size holds still costs every save at least this long; the debounce and the look again after
   * chokidar's window of dropped reports (see `recheckMs`) cover the same case.
   */
  writeFinishMs?: number;
  /** Poll instead of native events (network drives, some containers). */
  usePolling?: boolean;
  /** Called after every build, good or failed. */
  onBuild?: (build: WatchBuild) => void;
  /** Called for each file event (before the debounce). */
  onChange?: (change: SourceChange) => void;
  /** Called when the watcher itself reports an error (not a content problem). */
  onWatchError?: (error: Error) => void;
}

/** A running watch loop. */
export interface SiteWatcher {
  /** The first build, once it is done (the watcher is ready by then too). */
  readonly ready: Promise<WatchBuild>;
  /** The last finished build. */
  readonly last: WatchBuild | undefined;
  /** Builds finished so far. */
  readonly builds: number;
  /** Rebuilds now (through the queue), as if a file had changed. */
  rebuild(): Promise<WatchBuild>;
  /**
   * Resolves once no event has arrived for `quietMs`, counted from the call at the earliest, no
   * rebuild is waiting and none runs: every change made before the call is then in the output.
   * (Writes made just before the call are reported by the file system a little later.)
   */
  settled(quietMs?: number): Promise<WatchBuild | undefined>;
  /** Stops watching, waits for a running build to end, and releases every timer and handle. */
  close(): Promise<void>;
}

/** Works out what to watch from the config (the defaults when the config cannot be read). */
function watchTargets(options: Pick<WatchOptions, 'root' | 'src' | 'out' | 'config'>): WatchTargets {
  const root = path.resolve(options.root ?? '.');
  let dirs = { posts: 'posts', pages: 'pages', comments: 'comments', static: 'static', templates: 'templates' };
  try {
    dirs = loadConfig(root, options.config).config.dirs;
  } catch {
    // A broken config is reported by the build; watch the usual folders meanwhile.
  }
  const configFiles = options.config ? [path.resolve(root, options.config)] : configFileNames.map((name) => path.join(root, name));
  return {
    root,
    dirs: [options.src ?? dirs.posts, dirs.pages, dirs.comments, dirs.static, dirs.templates].map((dir) => path.resolve(root, dir)),
    configFiles,
    outDir: path.resolve(root, options.out ?? 'dist'),
  };
}

/** A diagnostic for a build that threw instead of reporting (a template error, a bug). */
export function thrownDiagnostic(error: unknown): Diagnostic {
  const err = error instanceof Error ? error : new Error(String(error));
  const token = (err as { token?: { file?: unknown; getPosition?: () => [number, number] } }).token;
  if (token && typeof token.file === 'string') {
    let position: [number, number] | undefined;
    try {
      position = token.getPosition?.();
    } catch {
      position = undefined;
    }
    return diagnostic('error', 'TemplateError', { file: displayPath(token.file), line: position?.[0], column: position?.[1] },
      err.message.split('\n')[0] ?? err.message, 'Fix the template at the marked place; quire keeps serving the last good build meanwhile.');
  }
  return diagnostic('error', 'TemplateError', undefined, `The build stopped: ${err.message}`,
    'If this is not a template problem, it is a bug in quire; please report it with the message above.');
}

/**
 * Starts watching and runs the first build. The watcher watches the site folder (filtered to
 * the source folders and config files, so a folder created later, such as `templates/`, is
 * picked up) and any source folder outside it.
 */
export function watchSite(options: WatchOptions = {}): SiteWatcher {
  let targets = watchTargets(options);
  const debounceMs = options.debounceMs ?? 10;
  const writeFinishMs = options.writeFinishMs ?? 0;
  let closed = false;
  let changes: SourceChange[] = [];
  let firstChangeAt: number | undefined;
  let lastEventAt = performance.now();
  let count = 0;
  let last: WatchBuild | undefined;
  let nextTrigger: BuildTrigger = 'initial';

  const roots = (t: WatchTargets) => [t.root, ...[...t.dirs, ...t.configFiles].filter((p) => !inside(p, t.root))];
  // A failing callback or bookkeeping task is the watcher's own error, not a reason to stop watching.
  const reportError = (error: unknown) => options.onWatchError?.(error instanceof Error ? error : new Error(String(error)));
  const reportingErrors = (task: () => unknown) => {
    try {
      task();
    } catch (error) {
      reportError(error);
    }
  };

  const caches: BuildCaches = { read: new ReadCache(undefined, '') };
  caches.read.watch();
  // Saving caches and the writer's state waits for the pause after a build, when the browser
  // has loaded the reloaded page (at 10,000 posts it held that page back by some 90 ms), or
  // for the start of the next build, which needs them saved.
  let deferred: Array<() => void> = [];
  const runDeferred = () => {
    const tasks = deferred;
    deferred = [];
    for (const task of tasks) reportingErrors(task);
  };
  const runBuild = async (): Promise<WatchBuild> => {
    runDeferred();
    const covered = changes;
    changes = [];
    const trigger = nextTrigger;
    nextTrigger = 'manual';
    const startedAt = performance.now();
    const first = firstChangeAt ?? startedAt;
    firstChangeAt = undefined;
    // Parsed posts and the render cache stay in memory between rebuilds: only the files that changed are read again.
    const buildOptions: BuildOptions = {
      root: targets.root, out: targets.outDir, caches, defer: (task) => deferred.push(task), idle: (task) => (idleTask = task),
      searchLater: { busy: () => searchReady !== undefined, wait: (ready) => awaitSearch(ready) },
    };
    if (options.src !== undefined) buildOptions.src = options.src;
    if (options.config !== undefined) buildOptions.config = options.config;
    if (options.drafts) buildOptions.drafts = true;
    if (options.strict) buildOptions.strict = true;
    if (options.cache === false) buildOptions.cache = false;
    const baseUrl = typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl;
    if (baseUrl !== undefined) buildOptions.baseUrl = baseUrl;
    if (options.now) buildOptions.now = options.now();
    // A few edited posts, pages or comments render faster in this thread than worker start-up takes.
    const small = covered.length > 0 && covered.length <= 16 && covered.every((c) => targets.dirs.slice(0, 3).some((dir) => inside(c.path, dir)));
    if (options.jobs !== undefined) buildOptions.jobs = options.jobs;
    else if (small) buildOptions.jobs = 1;
    let result: BuildResult;
    try {
      result = await buildAsync(buildOptions);
    } catch (error) {
      result = {
        ok: false, diagnostics: [thrownDiagnostic(error)], posts: 0, documents: 0, pages: 0, files: 0, changed: 0, ms: performance.now() - startedAt,
        outDir: targets.outDir, skipped: { drafts: 0, future: 0 }, rendered: 0, timings: {}, notices: [],
      };
    }
    // The config may have moved the source folders: watch the new ones.
    if (covered.some((c) => targets.configFiles.includes(c.path))) {
      const before = roots(targets);
      targets = watchTargets(options);
      const added = [...targets.dirs, ...roots(targets)].filter((p) => !before.includes(p));
      if (added.length > 0 && !closed) files.add(added, targets);
    }
    const done: WatchBuild = {
      number: ++count, trigger: covered.length > 0 ? 'change' : trigger, changes: covered, firstChangeAt: first,
      startedAt, finishedAt: performance.now(), result,
    };
    last = done;
    reportingErrors(() => options.onBuild?.(done));
    scheduleCatchUp(result.ok);
    return done;
  };
  // Once the browser has had time to load the new pages, the writer's spare copy catches up
  // with the output while nothing else happens, so the next edit writes only its own pages.
  // Bookkeeping that waits for such a pause too: the last build's (it supersedes earlier ones).
  let idleTask: (() => void) | undefined;
  const runIdleTask = () => {
    const task = idleTask;
    idleTask = undefined;
    if (task) reportingErrors(task);
  };
  let catchUpTimer: NodeJS.Timeout | undefined;
  // Whether a good build's output is newer than the spare: a failed build after it changes neither.
  let behind = false;
  const scheduleCatchUp = (ok: boolean) => {
    behind ||= ok;
    clearTimeout(catchUpTimer);
    catchUpTimer = setTimeout(() => {
      if (closed || queue.busy || debouncer.pending) return;
      runDeferred();
      if (!behind) return;
      behind = false;
      reportingErrors(() => catchUpOutput({ root: targets.root, out: targets.outDir }));
      runIdleTask();
    }, catchUpDelayMs);
    catchUpTimer.unref();
  };
  // The reload does not wait for Pagefind: the build serves the last indexes, and once the new
  // ones are made, the site is built again with them (a rebuild that changes nothing else).
  let searchReady: (() => boolean) | undefined;
  let searchTimer: NodeJS.Timeout | undefined;
  const awaitSearch = (ready: () => boolean) => {
    searchReady = ready;
    clearInterval(searchTimer);
    searchTimer = setInterval(() => {
      if (closed || !searchReady?.()) return;
      clearInterval(searchTimer);
      searchReady = undefined;
      queue.request().catch(() => undefined);
    }, searchPollMs);
    searchTimer.unref();
  };
  const queue = createSingleFlight(runBuild);
  const debouncer = createDebouncer(() => {
    if (!closed) queue.request().catch(() => undefined);
  }, debounceMs, options.maxWaitMs ?? 1000);

  // What each file was when its last change was noted: the same change reported twice (the
  // file system's event, then chokidar's) is noted once.
  const noted = new Map<string, string>();
  const noteEvent = (event: SourceChange['event'], file: string, state = event === 'change' || event === 'add' ? fileState(path.resolve(file)) : undefined) => {
    const change: SourceChange = { event, path: path.resolve(file) };
    if (event === 'change' && state !== undefined && noted.get(change.path) === state) return;
    if (state === undefined) noted.delete(change.path);
    else noted.set(change.path, state);
    // The read cache then looks only at the posts edited in place, not at every file.
    if (inside(change.path, targets.dirs[0] ?? '')) {
      if (event === 'change') caches.read.noteChange(change.path);
      else caches.read.noteUnknown();
    }
    if (event === 'change' || event === 'add') recheckLater(change.path, state);
    lastEventAt = performance.now();
    firstChangeAt ??= lastEventAt;
    changes.push(change);
    options.onChange?.(change);
    debouncer.trigger();
  };
  // chokidar reports a file's changes at most once per 50 ms and drops the others, with no
  // report when the window ends: a second save soon after the first would never be built. So
  // each file reported is looked at again once the window has passed, and counts as changed
  // again if it moved on since the report.
  const rechecks = new Map<string, NodeJS.Timeout>();
  const recheckLater = (file: string, seen: string | undefined) => {
    clearTimeout(rechecks.get(file));
    const timer = setTimeout(() => {
      rechecks.delete(file);
      const now = fileState(file);
      if (!closed && now !== undefined && now !== seen) noteEvent('change', file, now);
    }, recheckMs);
    timer.unref();
    rechecks.set(file, timer);
  };
  let markReady = () => {};
  const watcherReady = new Promise<void>((resolve) => (markReady = resolve));
  const files = startFileWatch({ roots: roots(targets), targets, writeFinishMs, usePolling: options.usePolling ?? false }, {
    ready: () => markReady(),
    event: (event, file) => {
      if (closed || (event !== 'add' && event !== 'addDir' && event !== 'change' && event !== 'unlink' && event !== 'unlinkDir')) return;
      noteEvent(event, file);
    },
    changed: (file) => {
      if (closed) return;
      // Only a regular file's own change: folders and the rest come as chokidar reports them.
      const state = fileState(file, true);
      if (state !== undefined) noteEvent('change', file, state);
    },
    error: (error) => reportError(error),
  });
  // The first build runs while chokidar scans the folders; both must be done to be ready.
  const firstBuild = queue.request();
  const ready = Promise.all([firstBuild, watcherReady]).then(([build]) => build);
  ready.catch(() => undefined);

  return {
    ready,
    get last() {
      return last;
    },
    get builds() {
      return count;
    },
    rebuild() {
      firstChangeAt ??= performance.now();
      return queue.request();
    },
    async settled(quietMs = 300) {
      const calledAt = performance.now();
      await ready;
      for (;;) {
        const quietFor = performance.now() - Math.max(lastEventAt, calledAt);
        if (closed) return last;
        if (quietFor >= quietMs && !debouncer.pending && !queue.busy && !searchReady) return last;
        if (queue.busy) await queue.idle();
        else await new Promise((resolve) => setTimeout(resolve, Math.max(10, Math.min(quietMs - quietFor, debounceMs))));
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      debouncer.cancel();
      clearTimeout(catchUpTimer);
      clearInterval(searchTimer);
      for (const timer of rechecks.values()) clearTimeout(timer);
      markReady();
      await files.close();
      await queue.idle();
      runDeferred();
      runIdleTask();
    },
  };
}
