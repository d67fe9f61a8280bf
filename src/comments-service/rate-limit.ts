/** "At most `count` submissions per `seconds`". */
export interface RateWindow {
  count: number;
  seconds: number;
}

/** The default flood limits: one per 15 s, five per hour. */
export const defaultRateWindows: readonly RateWindow[] = [{ count: 1, seconds: 15 }, { count: 5, seconds: 3600 }];

/**
 * Sliding-window limits per key (an IP address, an email address). Kept in memory: a restart
 * forgets them, which costs at most one window of extra submissions, all still moderated.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly longest: number;
  private sweeps = 0;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.longest = Math.max(0, ...windows.map((w) => w.seconds * 1000));
  }

  /** Seconds until `key` may submit again, or 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const times = this.hits.get(key);
    if (!times) return 0;
    let wait = 0;
    for (const window of this.windows) {
      const since = now - window.seconds * 1000;
      const inWindow = times.filter((t) => t > since);
      if (inWindow.length >= window.count) {
        const oldest = inWindow[inWindow.length - window.count]!;
        wait = Math.max(wait, Math.ceil((oldest + window.seconds * 1000 - now) / 1000));
      }
    }
    return wait;
  }

  record(key: string, now: number): void {
    const times = (this.hits.get(key) ?? []).filter((t) => t > now - this.longest);
    times.push(now);
    this.hits.set(key, times);
    // Forget idle keys now and then, so a stream of new addresses cannot grow the map forever.
    if (++this.sweeps % 1000 === 0) {
      for (const [k, list] of this.hits) if (!list.some((t) => t > now - this.longest)) this.hits.delete(k);
    }
  }
}
