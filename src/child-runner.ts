/**
 * The child side of `runChildTask`: reads the task's input as JSON on stdin, awaits the task
 * module named on the command line, and writes its result as JSON on stdout.
 */
import { failurePrefix, taskUrl } from './child-task.js';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
try {
  const { default: run } = (await import(taskUrl(process.argv[2]))) as { default: (input: unknown) => Promise<unknown> };
  const result = await run(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  process.stdout.write(JSON.stringify(result ?? null));
} catch (error) {
  process.stderr.write(`${failurePrefix}${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
}
