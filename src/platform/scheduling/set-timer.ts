/**
 * Runs `run` once after `ms` and returns how to cancel it. Work that waits before trying again (the sync's retries)
 * takes one, so a test fires the wait instead of sitting it out.
 */
export type SetTimer = (run: () => void, ms: number) => () => void;

/** The machine's timer, unref'd: a pending retry never keeps the process alive by itself. */
export const systemTimer: SetTimer = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};
