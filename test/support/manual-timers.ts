import type { SetTimer } from '../../src/platform/scheduling/set-timer.ts';

/**
 * Timers a test fires by hand: it reads what is pending and after how long, and runs the first one when its story
 * needs it, instead of sleeping until a real timer might have run.
 */
export function manualTimers() {
  const timers: { ms: number; run: () => void }[] = [];
  const setTimer: SetTimer = (run, ms) => {
    const timer = { ms, run };
    timers.push(timer);
    return () => {
      const i = timers.indexOf(timer);
      if (i >= 0) timers.splice(i, 1);
    };
  };
  return {
    setTimer,
    /** The delays of the timers pending, in the order they were set. */
    get pending(): number[] {
      return timers.map((t) => t.ms);
    },
    /** Runs the first pending timer now, as if its delay had passed. */
    fire(): void {
      const timer = timers.shift();
      if (!timer) throw new Error('no timer is pending');
      timer.run();
    },
  };
}
