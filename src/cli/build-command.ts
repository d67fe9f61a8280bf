import { buildAsync } from '../build-async.js';
import type { BuildOptions } from '../build.js';
import { formatReport } from '../diagnostics/format-report.js';
import { displayPath } from '../diagnostics/display-path.js';

/** Build options from commander's parsed `build`/`serve` options. */
export function buildOptionsFrom(opts: Record<string, unknown>): BuildOptions {
  const options: BuildOptions = { drafts: opts.drafts === true, strict: opts.strict === true };
  if (typeof opts.root === 'string') options.root = opts.root;
  if (typeof opts.src === 'string') options.src = opts.src;
  if (typeof opts.out === 'string') options.out = opts.out;
  if (typeof opts.config === 'string') options.config = opts.config;
  if (typeof opts.baseUrl === 'string') options.baseUrl = opts.baseUrl;
  if (typeof opts.jobs === 'number') options.jobs = opts.jobs;
  if (opts.cache === false) options.cache = false;
  return options;
}

/** Runs `quire build` with commander's parsed options; prints the report and the summary line. */
export async function buildCommand(opts: Record<string, unknown>): Promise<number> {
  const options = buildOptionsFrom(opts);
  const progress = opts.quiet !== true && process.stderr.isTTY && !process.env.CI ? progressLine() : undefined;
  if (progress) options.onProgress = progress.update;
  const result = await buildAsync(options);
  progress?.clear();
  for (const notice of result.notices) process.stderr.write(`Note: ${notice}\n`);
  const report = formatReport(result.diagnostics);
  if (report) process.stderr.write(`${report}\n`);
  const out = displayPath(result.outDir);
  if (!result.ok) {
    process.stderr.write(`Build failed; ${out}/ was left unchanged.\n`);
    return 1;
  }
  const skipped = [
    result.skipped.drafts ? `${result.skipped.drafts} draft${result.skipped.drafts === 1 ? '' : 's'}` : '',
    result.skipped.future ? `${result.skipped.future} scheduled` : '',
  ].filter(Boolean);
  process.stdout.write(
    `Built ${result.posts} post${result.posts === 1 ? '' : 's'}${result.rendered < result.documents ? ` (${result.rendered} rendered, the rest from cache)` : ''} into ${out}/: ${result.pages} pages, ${result.files} files copied` +
      `${skipped.length ? ` (left out: ${skipped.join(', ')})` : ''} in ${(result.ms / 1000).toFixed(2)} s.\n`,
  );
  if (result.nextScheduled) {
    process.stdout.write(`Next scheduled post: "${result.nextScheduled.title}" at ${result.nextScheduled.date}; rebuild then to publish it.\n`);
  }
  return 0;
}

/** A single progress line on a terminal ("Rendering posts 420/10000"), redrawn at most every 100 ms. */
function progressLine(): { update: (stage: string, done: number, total: number) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update: (stage, done, total) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[2K${stage === 'render' ? 'Rendering posts' : stage} ${done}/${total}`);
    },
    clear: () => {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}
