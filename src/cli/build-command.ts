import path from 'node:path';
import { build, type BuildOptions } from '../build.js';
import { formatReport } from '../diagnostics/format-report.js';
import { displayPath } from '../diagnostics/display-path.js';

/** Runs `quire build` with commander's parsed options; prints the report and the summary line. */
export function buildCommand(opts: Record<string, unknown>): number {
  const options: BuildOptions = { drafts: opts.drafts === true, strict: opts.strict === true };
  if (typeof opts.root === 'string') options.root = opts.root;
  if (typeof opts.src === 'string') options.src = opts.src;
  if (typeof opts.out === 'string') options.out = opts.out;
  if (typeof opts.config === 'string') options.config = opts.config;
  if (typeof opts.baseUrl === 'string') options.baseUrl = opts.baseUrl;
  const result = build(options);
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
    `Built ${result.posts} post${result.posts === 1 ? '' : 's'} into ${out}/: ${result.pages} pages, ${result.files} files copied` +
      `${skipped.length ? ` (left out: ${skipped.join(', ')})` : ''} in ${(result.ms / 1000).toFixed(2)} s.\n`,
  );
  if (result.nextScheduled) {
    process.stdout.write(`Next scheduled post: "${result.nextScheduled.title}" at ${result.nextScheduled.date}; rebuild then to publish it.\n`);
  }
  return 0;
}
