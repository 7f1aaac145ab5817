import type { Clock } from '../../src/core/domain/clock.ts';

/**
 * The instant the in-process worlds run at unless a test names its own: Wednesday 4 November 2026, 10:00 UTC, the
 * third business day, so October's check-in is open and November is under way.
 */
export const PINNED_AT = '2026-11-04T10:00:00Z';

/** A clock a test holds: it stands still until the test moves it, so nothing depends on the day the suite runs. */
export interface TestClock {
  now: Clock;
  /** Moves the clock to an instant (ISO 8601). */
  set(iso: string): void;
  /** Moves the clock on by `ms` milliseconds. */
  advance(ms: number): void;
}

/** A clock pinned at `iso` (default: PINNED_AT). */
export function testClock(iso: string = PINNED_AT): TestClock {
  let at = Date.parse(iso);
  if (Number.isNaN(at)) throw new Error(`testClock: not an instant: ${iso}`);
  return {
    now: () => new Date(at),
    set(next) {
      at = Date.parse(next);
      if (Number.isNaN(at)) throw new Error(`testClock: not an instant: ${next}`);
    },
    advance(ms) {
      at += ms;
    },
  };
}

/**
 * A sleep on a test clock: it does not wait but moves the clock on by `ms`, so code that waits on a timer runs at once
 * while the time it reads says the wait is over. Sleepers side by side each move it: the clock runs fast, never slow,
 * so no wait is cut short.
 */
export function sleepOn(clock: TestClock): (ms: number) => Promise<void> {
  return async (ms) => clock.advance(Math.max(0, ms));
}

/**
 * A clock that starts at `iso` and then runs with real elapsed time: a stand-in's own time (Salesforce stamps later
 * changes after the records it was built with), never behind the instant the test pinned.
 */
export function runningClock(iso: string): Clock {
  const start = Date.parse(iso);
  const t0 = performance.now();
  return () => new Date(start + Math.round(performance.now() - t0));
}
