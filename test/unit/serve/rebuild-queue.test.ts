import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDebouncer, createSingleFlight } from '../../../src/serve/rebuild-queue.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createDebouncer', () => {
  it('calls once, waitMs after the last of a burst of triggers', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const debounced = createDebouncer(fn, 50);
    for (let i = 0; i < 500; i++) {
      debounced.trigger();
      vi.advanceTimersByTime(1);
    }
    expect(fn).not.toHaveBeenCalled();
    expect(debounced.pending).toBe(true);
    vi.advanceTimersByTime(49);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(debounced.pending).toBe(false);
  });

  it('fires at most maxWaitMs after the first trigger when triggers never stop', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const debounced = createDebouncer(fn, 50, 200);
    for (let i = 0; i < 100; i++) {
      debounced.trigger();
      vi.advanceTimersByTime(10);
    }
    // 1000 ms of events every 10 ms: one call per 200 ms.
    expect(fn.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(fn.mock.calls.length).toBeLessThanOrEqual(5);
    debounced.cancel();
  });

  it('cancel drops the pending call', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const debounced = createDebouncer(fn, 50);
    debounced.trigger();
    debounced.cancel();
    vi.advanceTimersByTime(100);
    expect(fn).not.toHaveBeenCalled();
    expect(debounced.pending).toBe(false);
  });
});

/** A task whose runs end only when the test says so. */
function controlledTask() {
  const runs: Array<{ finish: (value: number) => void; fail: (error: Error) => void }> = [];
  let active = 0;
  let maxActive = 0;
  const task = () =>
    new Promise<number>((resolve, reject) => {
      active++;
      maxActive = Math.max(maxActive, active);
      const n = runs.length + 1;
      runs.push({
        finish: () => {
          active--;
          resolve(n);
        },
        fail: (error) => {
          active--;
          reject(error);
        },
      });
    });
  return { task, runs, maxActive: () => maxActive };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createSingleFlight', () => {
  it('runs at once when idle, and resolves with that run', async () => {
    const { task, runs } = controlledTask();
    const queue = createSingleFlight(task);
    const first = queue.request();
    await tick();
    expect(runs).toHaveLength(1);
    expect(queue.busy).toBe(true);
    runs[0]?.finish(1);
    await expect(first).resolves.toBe(1);
    await queue.idle();
    expect(queue.busy).toBe(false);
  });

  it('turns any number of requests during a run into exactly one more run', async () => {
    const { task, runs, maxActive } = controlledTask();
    const queue = createSingleFlight(task);
    const first = queue.request();
    await tick();
    const during = Array.from({ length: 20 }, () => queue.request());
    await tick();
    expect(runs).toHaveLength(1);
    runs[0]?.finish(1);
    await first;
    await tick();
    expect(runs).toHaveLength(2);
    runs[1]?.finish(2);
    const results = await Promise.all(during);
    expect(new Set(results)).toEqual(new Set([2]));
    await queue.idle();
    expect(runs).toHaveLength(2);
    expect(maxActive()).toBe(1);
  });

  it('keeps working after a run fails', async () => {
    const { task, runs } = controlledTask();
    const queue = createSingleFlight(task);
    const first = queue.request();
    await tick();
    const second = queue.request();
    runs[0]?.fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await tick();
    runs[1]?.finish(2);
    await expect(second).resolves.toBe(2);
    const third = queue.request();
    await tick();
    runs[2]?.finish(3);
    await expect(third).resolves.toBe(3);
  });

  it('idle() resolves immediately when nothing runs', async () => {
    const queue = createSingleFlight(async () => 1);
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
