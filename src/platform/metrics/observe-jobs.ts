import { currentTrace, newTraceContext, runWithTrace } from '../log/trace-context.ts';
import { pulseMetrics } from './pulse-metrics.ts';

/** Runs `fn` as a job of its own trace (unless already inside a request's), timing it into `record`. */
async function observed<T>(
  fn: () => Promise<T>,
  record: (seconds: number, outcome: 'ok' | 'error', result?: T) => void,
) {
  const run = async () => {
    const started = performance.now();
    try {
      const result = await fn();
      record((performance.now() - started) / 1000, 'ok', result);
      return result;
    } catch (error) {
      record((performance.now() - started) / 1000, 'error');
      throw error;
    }
  };
  return currentTrace() ? run() : runWithTrace(newTraceContext(), run);
}

/** A Salesforce sync run, timed by kind and outcome, its records read counted per object, its logs traced. */
export function observeSync<S extends { read: Record<string, number | undefined> }>(
  options: { full?: boolean; dryRun?: boolean },
  fn: () => Promise<S>,
): Promise<S> {
  const kind = options.dryRun ? 'dry-run' : options.full ? 'full' : 'incremental';
  return observed(fn, (seconds, outcome, summary) => {
    pulseMetrics.syncDuration.observe({ kind, outcome }, seconds);
    for (const [object, n] of Object.entries(summary?.read ?? {})) if (n) pulseMetrics.syncRecords.inc({ object }, n);
  });
}

/** One monthly-cycle step (open, remind1, remind2, close, or a whole scheduled tick), timed by outcome. */
export function observeCycleStep<T>(step: string, fn: () => Promise<T>): Promise<T> {
  return observed(fn, (seconds, outcome) => pulseMetrics.cycleStepDuration.observe({ step, outcome }, seconds));
}
