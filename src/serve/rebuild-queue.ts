/**
 * The two small pieces of timing logic behind `quire serve` and `quire build --watch`: a
 * debouncer that turns a burst of file events into one call, and a single-flight queue that
 * runs at most one build at a time.
 *
 * @module
 */

/** A trailing-edge debouncer with a ceiling. */
export interface Debouncer {
  /** Notes an event: the call happens `waitMs` after the last one (or `maxWaitMs` after the first). */
  trigger(): void;
  /** Drops a pending call. */
  cancel(): void;
  /** True while a call is pending. */
  readonly pending: boolean;
}

/**
 * Calls `fn` once `waitMs` have passed without a `trigger()`, so a save-all or a `git checkout`
 * of 500 files (events spread over a few hundred milliseconds) makes one call. `maxWaitMs`
 * bounds the delay when events never stop (a file written continuously): the call then happens
 * at most that long after the first event of the burst.
 */
export function createDebouncer(fn: () => void, waitMs: number, maxWaitMs = Number.POSITIVE_INFINITY): Debouncer {
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  const fire = () => {
    timer = undefined;
    fn();
  };
  return {
    trigger() {
      const now = performance.now();
      if (timer === undefined) firstAt = now;
      else clearTimeout(timer);
      const delay = Math.max(0, Math.min(waitMs, firstAt + maxWaitMs - now));
      timer = setTimeout(fire, delay);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    get pending() {
      return timer !== undefined;
    },
  };
}

/** A queue of at most one running task and at most one waiting request. */
export interface SingleFlight<T> {
  /**
   * Asks for a run. With none running, one starts now; while one runs, the request is remembered
   * and exactly one more run starts when it ends, however many requests came meanwhile. Resolves
   * with the result of the run that covers this request.
   */
  request(): Promise<T>;
  /** True while a run is in progress or waiting. */
  readonly busy: boolean;
  /** Resolves when nothing runs and nothing waits. */
  idle(): Promise<void>;
}

/**
 * Runs `task` single-flight. A run that throws rejects the promises of the requests it covered;
 * the queue itself keeps working.
 */
export function createSingleFlight<T>(task: () => Promise<T>): SingleFlight<T> {
  let running: Promise<T> | undefined;
  /** The run queued behind the current one, shared by every request made meanwhile. */
  let next: { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } | undefined;
  let idleWaiters: Array<() => void> = [];

  const start = (): Promise<T> => {
    const run = (async () => task())();
    running = run;
    const settle = () => {
      running = undefined;
      const queued = next;
      next = undefined;
      if (queued) {
        start().then(queued.resolve, queued.reject);
      } else {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      }
    };
    run.then(settle, settle);
    return run;
  };

  return {
    request() {
      if (!running) return start();
      if (!next) {
        let resolve!: (value: T) => void;
        let reject!: (error: unknown) => void;
        const promise = new Promise<T>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        // A queued run nobody awaits must not become an unhandled rejection.
        promise.catch(() => undefined);
        next = { promise, resolve, reject };
      }
      return next.promise;
    },
    get busy() {
      return running !== undefined;
    },
    idle() {
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
