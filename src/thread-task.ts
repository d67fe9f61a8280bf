import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { runChildTask } from './child-task.js';

/** A task running beside this thread: `wait` blocks until it ends and returns what it resolved to. */
export interface ThreadTask<Out> {
  wait(): Out;
  /** Whether the task has ended (`wait` would return at once). */
  done(): boolean;
  /** Stops the task if it is still running (a build that failed before needing it). */
  stop(): void;
}

const runner = new URL('./thread-runner.js', import.meta.url);

/**
 * Whether tasks run on threads (compiled) rather than at once in a child process (from the
 * TypeScript sources): only a thread can be sent more work once started (`transfer` a port).
 */
export function threadTasksRun(): boolean {
  return existsSync(fileURLToPath(runner));
}

/**
 * Starts a task module (as `runChildTask` takes one) on a worker thread, so it runs while this
 * thread goes on with synchronous work (rendering pages) and is waited for only when its result
 * is needed. Run from the TypeScript sources (tests), where the worker's compiled script is
 * missing, the task runs at once in a child process instead: the same work, without the overlap.
 */
export function startThreadTask<Out>(task: URL, input: unknown, transfer: readonly MessagePort[] = []): ThreadTask<Out> {
  if (!threadTasksRun()) {
    let outcome: { result: Out } | { error: unknown };
    try {
      outcome = { result: runChildTask<Out>(task, input) };
    } catch (error) {
      outcome = { error };
    }
    return {
      wait: () => {
        if ('error' in outcome) throw outcome.error;
        return outcome.result;
      },
      done: () => true,
      stop: () => undefined,
    };
  }
  // [0]: 0 while running, then 1 when the task's message is on the port.
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(runner, { workerData: { task: task.href, input, shared, port: port2 }, transferList: [port2, ...transfer] });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    void worker.terminate();
    port1.close();
  };
  return {
    wait: () => {
      while (Atomics.load(shared, 0) === 0) Atomics.wait(shared, 0, 0, 1000);
      const said = receiveMessageOnPort(port1)?.message as { result: Out } | { error: string } | undefined;
      stop();
      if (!said) throw new Error(`${fileURLToPath(task)} ended without a result.`);
      if ('error' in said) throw new Error(said.error);
      return said.result;
    },
    done: () => Atomics.load(shared, 0) !== 0,
    stop,
  };
}
