/**
 * chokidar, on a thread of its own. chokidar lists a folder again, and looks at every entry,
 * on each event in it: at 10,000 posts in one folder that is about 100 ms of work per save,
 * which on the build's thread held back the reloaded page. Run from the TypeScript sources
 * (tests), where the thread's compiled script is missing, it runs on the caller's thread.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type MessagePort } from 'node:worker_threads';
import { watch } from 'chokidar';
import { isWatched, type WatchTargets } from './watch-targets.js';

/** What to watch. */
export interface FileWatchOptions {
  /** The folders chokidar is given (filtered to `targets`). */
  roots: string[];
  targets: WatchTargets;
  /** chokidar's `awaitWriteFinish.stabilityThreshold`; 0: off. */
  writeFinishMs: number;
  usePolling: boolean;
}

/** What the watcher reports, on the caller's thread. */
export interface FileWatchSink {
  /** chokidar has scanned the folders. */
  ready(): void;
  /** chokidar's report of a path (`add`, `change`, `unlink`, …). */
  event(event: string, file: string): void;
  /**
   * The file system's own report that a watched path changed, before chokidar's (only with
   * native events and no `writeFinishMs`). It may name a folder, or a path that is gone.
   */
  changed(file: string): void;
  error(error: Error): void;
}

/** A running watcher. */
export interface FileWatch {
  /** Watches more folders, with the targets they belong to. */
  add(roots: readonly string[], targets: WatchTargets): void;
  /** Stops watching and releases every handle. */
  close(): Promise<void>;
}

/** From the thread to the caller. */
type ThreadReport = { ready: true } | { event: string; file: string } | { changed: string } | { error: string } | { closed: true };

/** From the caller to the thread. */
type ThreadRequest = { add: readonly string[]; targets: WatchTargets } | { close: true };

const threadFile = new URL('./file-watcher-thread.js', import.meta.url);

/** Watches on a thread of its own when compiled, on this thread otherwise. */
export function startFileWatch(options: FileWatchOptions, sink: FileWatchSink): FileWatch {
  if (!existsSync(fileURLToPath(threadFile))) return watchFiles(options, sink);
  const worker = new Worker(threadFile, { workerData: options });
  let closing: Promise<void> | undefined;
  let closed = () => {};
  worker.on('message', (report: ThreadReport) => {
    if ('ready' in report) sink.ready();
    else if ('event' in report) sink.event(report.event, report.file);
    else if ('changed' in report) sink.changed(report.changed);
    else if ('error' in report) sink.error(new Error(report.error));
    else closed();
  });
  worker.on('error', (error) => sink.error(error));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    add(roots, targets) {
      worker.postMessage({ add: roots, targets } satisfies ThreadRequest);
    },
    close() {
      closing ??= (async () => {
        const done = new Promise<void>((resolve) => (closed = resolve));
        worker.postMessage({ close: true } satisfies ThreadRequest);
        // A thread that failed has exited already; one that never answers is ended anyway.
        await Promise.race([done, exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
        await worker.terminate();
      })();
      return closing;
    },
  };
}

/** chokidar on this thread (the watcher thread's own work, or the fallback). */
function watchFiles({ roots, targets: first, writeFinishMs, usePolling }: FileWatchOptions, sink: FileWatchSink): FileWatch {
  let targets = first;
  // chokidar asks again for every file in a folder each time anything in it changes: answer
  // from memory (10,000 posts cost 8 ms a save otherwise). Forgotten when the targets move.
  let answers = new Map<string, boolean>();
  const ignored = (file: string): boolean => {
    if (answers.size > 200_000) answers = new Map();
    let answer = answers.get(file);
    if (answer === undefined) answers.set(file, (answer = !isWatched(targets, file)));
    return answer;
  };
  const watcher = watch(roots, {
    ignoreInitial: true,
    ignored,
    ...(writeFinishMs > 0 ? { awaitWriteFinish: { stabilityThreshold: writeFinishMs, pollInterval: Math.max(5, Math.round(writeFinishMs / 3)) } } : {}),
    ...(usePolling ? { usePolling: true, interval: 100 } : {}),
  });
  watcher.once('ready', () => sink.ready());
  watcher.on('all', (event, file) => sink.event(event, file));
  // A file written in place is built on the file system's own event. chokidar reports it only
  // after listing its folder again on every event in it (each entry looked at: 10,000 posts
  // held a save back by 25 to 140 ms); its report then finds the change already noted.
  if (!usePolling && writeFinishMs === 0) {
    watcher.on('raw', (event: string, name: unknown, details: unknown) => {
      const folder = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (event !== 'change' || typeof name !== 'string' || name === '' || typeof folder !== 'string') return;
      const file = path.resolve(folder, name);
      if (!ignored(file)) sink.changed(file);
    });
  }
  watcher.on('error', (error) => sink.error(error instanceof Error ? error : new Error(String(error))));
  return {
    add(added, next) {
      targets = next;
      answers = new Map();
      watcher.add([...added]);
    },
    close: () => watcher.close(),
  };
}

/** The thread's side: `watchFiles` with its reports posted to `port`. */
export function serveWatchThread(port: MessagePort, options: FileWatchOptions): void {
  const post = (report: ThreadReport) => port.postMessage(report);
  const files = watchFiles(options, {
    ready: () => post({ ready: true }),
    event: (event, file) => post({ event, file }),
    changed: (file) => post({ changed: file }),
    error: (error) => post({ error: error.message }),
  });
  port.on('message', (request: ThreadRequest) => {
    if ('add' in request) files.add(request.add, request.targets);
    else void files.close().then(() => post({ closed: true }));
  });
}
