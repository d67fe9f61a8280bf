/**
 * The worker side of `startThreadTask`: awaits the task module with its input, then posts what
 * it resolved to (or why it failed) and raises the flag the starting thread waits on.
 */
import { workerData, type MessagePort } from 'node:worker_threads';

const { task, input, shared, port } = workerData as { task: string; input: unknown; shared: Int32Array; port: MessagePort };
try {
  const { default: run } = (await import(task)) as { default: (input: unknown) => Promise<unknown> };
  port.postMessage({ result: (await run(input)) ?? null });
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
Atomics.store(shared, 0, 1);
Atomics.notify(shared, 0);
