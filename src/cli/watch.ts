import path from 'node:path';
import type { BuildResult } from '../build.js';
import { displayPath } from '../diagnostics/display-path.js';
import { buildOptionsFrom } from './build-command.js';
import { formatReport } from '../diagnostics/format-report.js';
import { watchSite, type WatchBuild, type WatchOptions } from '../serve/watch-site.js';

/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM; the handlers are removed again. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Watch options from commander's parsed `build`/`serve` options. */
export function watchOptionsFrom(opts: Record<string, unknown>): WatchOptions {
  // The CLI never sets a clock; watching reads it afresh for each rebuild.
  const { now: _now, onProgress: _progress, caches: _caches, ...options } = buildOptionsFrom(opts);
  return options;
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** What changed, for the log line: `posts/a.md` or `3 files`. */
function changed(build: WatchBuild): string {
  const files = [...new Set(build.changes.map((c) => c.path))];
  if (files.length === 0) return '';
  return files.length === 1 ? ` after a change to ${displayPath(files[0] as string)}` : ` after changes to ${files.length} files`;
}

/** One line summing up a good build. */
export function summaryLine(result: BuildResult, target: string): string {
  const s = (n: number) => (n === 1 ? '' : 's');
  const fromCache = result.rendered < result.documents ? ` (${result.rendered} rendered, the rest from cache)` : '';
  return `Built ${result.posts} post${s(result.posts)}${fromCache} into ${target}: ${result.pages} pages, ${result.files} files copied in ${(result.ms / 1000).toFixed(2)} s`;
}

/**
 * Prints a watch build: problems (errors and warnings, each with file, line and frame), then
 * one line. Used by `build --watch` and `serve`.
 */
export function reportBuild(build: WatchBuild, target: string, write: { out: (s: string) => void; err: (s: string) => void }): void {
  const report = formatReport(build.result.diagnostics);
  if (report) write.err(`${report}\n`);
  if (build.result.ok) {
    write.out(`[${clock()}] ${summaryLine(build.result, target)}${changed(build)}.\n`);
    if (build.result.nextScheduled) {
      write.out(`Next scheduled post: "${build.result.nextScheduled.title}" at ${build.result.nextScheduled.date}.\n`);
    }
  } else {
    write.err(`[${clock()}] Build failed${changed(build)}; ${target} still holds the last good build. Waiting for changes…\n`);
  }
}

const stdio = { out: (s: string) => void process.stdout.write(s), err: (s: string) => void process.stderr.write(s) };

/** `quire build --watch`: builds into `--out`, then rebuilds on every change until Ctrl-C. */
export async function buildWatchCommand(opts: Record<string, unknown>, stop: Promise<unknown> = untilSignal()): Promise<number> {
  const options = watchOptionsFrom(opts);
  const out = `${displayPath(path.resolve(options.root ?? '.', options.out ?? 'dist'))}/`;
  const watcher = watchSite({ ...options, onBuild: (build) => reportBuild(build, out, stdio), onWatchError: (error) => stdio.err(`quire: watcher: ${error.message}\n`) });
  await watcher.ready;
  stdio.out(`Watching for changes (Ctrl-C to stop)…\n`);
  await stop;
  await watcher.close();
  return watcher.last?.result.ok === false ? 1 : 0;
}
