import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Runs a task module to its end in a child Node process and returns what it resolved to. The
 * module's default export is an async function of one JSON value, returning JSON. sharp and
 * Pagefind have only async APIs, while the output stage is synchronous (the in-thread build, and
 * the writer that swaps the output folder whole), so it waits here. Run from the TypeScript
 * sources (tests), the child reads them through jiti, as code configs are read.
 *
 * `task` names the compiled module (`new URL('./x-task.js', import.meta.url)`); a task that
 * fails throws an Error carrying the child's own message.
 */
export function runChildTask<Out>(task: URL, input: unknown): Out {
  const compiled = existsSync(fileURLToPath(runner));
  const taskFile = compiled ? task : new URL(task.href.replace(/\.js$/, '.ts'));
  const args = compiled ? [fileURLToPath(runner)] : ['--import', import.meta.resolve('jiti/register'), fileURLToPath(new URL('./child-runner.ts', import.meta.url))];
  const child = spawnSync(process.execPath, [...args, taskFile.href], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.error) throw child.error;
  if (child.status !== 0) {
    const said = child.stderr.trim().split('\n').find((line) => line.startsWith(failurePrefix));
    throw new Error(said ? said.slice(failurePrefix.length) : `${fileURLToPath(taskFile)} stopped (${child.signal ?? `exit ${child.status}`}): ${child.stderr.trim()}`);
  }
  return JSON.parse(child.stdout) as Out;
}

const runner = new URL('./child-runner.js', import.meta.url);

/** How the child marks the line of stderr that says why its task failed. */
export const failurePrefix = 'quire task failed: ';

/** For the runner: the file URL of a task module named on its command line. */
export function taskUrl(arg: string | undefined): string {
  if (!arg) throw new Error('child-runner: no task module given');
  return arg.startsWith('file:') ? arg : pathToFileURL(arg).href;
}
