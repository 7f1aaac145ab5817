/** A limit of `max` events within `windowMs`, as Teams documents them per bot per thread. Pure: the clock is injected. */
export interface Window {
  max: number;
  windowMs: number;
}

/** Teams' documented send limits per bot per conversation thread (held to the Teams stand-in's copy by a test). */
export const THREAD_WINDOWS: readonly Window[] = [
  { max: 7, windowMs: 1_000 },
  { max: 8, windowMs: 2_000 },
  { max: 60, windowMs: 30_000 },
  { max: 1_800, windowMs: 3_600_000 },
];

/**
 * Sliding-window limiter: `take` either records the event and returns 0, or refuses and returns how many
 * milliseconds until it would be allowed (TeamsLimiter waits that long before it sends).
 */
export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>();
  constructor(
    private readonly windows: readonly Window[],
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Milliseconds until one more event for `key` would be within every window (0: now). Records nothing. */
  waitFor(key: string): number {
    const t = this.now();
    const longest = Math.max(...this.windows.map((w) => w.windowMs));
    const times = (this.events.get(key) ?? []).filter((x) => x > t - longest);
    this.events.set(key, times);
    let waitMs = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((x) => x > t - w.windowMs);
      if (inWindow.length >= w.max) waitMs = Math.max(waitMs, inWindow[inWindow.length - w.max]! + w.windowMs - t);
    }
    return waitMs;
  }

  /** Records an event for `key` now. */
  record(key: string): void {
    const times = this.events.get(key) ?? [];
    times.push(this.now());
    this.events.set(key, times);
  }

  /** Records the event and returns 0 if it is allowed now; else records nothing and returns the wait. */
  take(key: string): number {
    const waitMs = this.waitFor(key);
    if (waitMs === 0) this.record(key);
    return waitMs;
  }
}
