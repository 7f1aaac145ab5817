import type { Clock } from '../../core/domain/clock.ts';
import type { SalesforceSettings } from '../../platform/config/config.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import type { Database } from '../../adapters/store/database.ts';
import { leaseRunner } from '../../adapters/store/lease-runner.ts';
import { type SetTimer, systemTimer } from '../../platform/scheduling/set-timer.ts';
import type { Crm } from '../../adapters/salesforce/salesforce-crm.ts';
import { runSync, type SyncProgress, type SyncSummary } from './run-sync.ts';
import type { CalendarReadSummary } from '../calendar/read-calendars.ts';
import { observeSync } from '../../platform/metrics/observe-jobs.ts';
import { SalesforceError } from '../../adapters/salesforce/salesforce-errors.ts';

/**
 * Waits before a scheduled sync that failed on a passing Salesforce fault (a 5xx, a maintenance window, the network)
 * runs again, rather than waiting for the next interval (or, with the interval 0, for ever): the start's first sync
 * meets an outage more often than any other. After the last delay it keeps trying at that delay until a sync
 * succeeds (or the server stops), unless the next interval comes sooner.
 */
const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000] as const;

/** How long the sync's lease lasts without renewal, and how often a long run renews it. */
const LEASE_MS = 30 * 60_000;
const RENEW_MS = 5 * 60_000;

/** Another sync is running (here, or on another replica). */
class SyncBusyError extends Error {
  readonly code = 'SYNC_BUSY';
}

/**
 * Runs syncs one at a time across replicas (a database lease), on a schedule and on demand (the admin
 * endpoint behind `npm run sync`).
 */
export function createSyncService(deps: {
  db: Database;
  crm: Crm;
  settings: SalesforceSettings;
  log: Logger;
  now: Clock;
  afterSync?: () => Promise<void>;
  /**
   * Reads the account managers' calendars after Salesforce, under the same lease (undefined: calendars are off); it
   * awaits `heartbeat` after each manager, which keeps the lease.
   */
  readCalendars?: (
    onProgress?: (p: SyncProgress) => void,
    heartbeat?: () => Promise<void>,
  ) => Promise<CalendarReadSummary>;
  /** What a retry waits on (the machine's timer): a test fires it instead. */
  setTimer?: SetTimer;
}) {
  const setTimer = deps.setTimer ?? systemTimer;
  // The lease outlives a crash by at most its TTL; a long calendar read renews it every RENEW_MS of the clock.
  const withLease = leaseRunner(deps.db, 'salesforce-sync', LEASE_MS);
  let timer: NodeJS.Timeout | undefined;
  let cancelRetry: (() => void) | undefined;
  let stopped = false;
  let running: Promise<SyncSummary> | undefined;

  async function syncNow(
    options: { full?: boolean; dryRun?: boolean; onProgress?: (p: SyncProgress) => void } = {},
  ): Promise<SyncSummary> {
    if (running) throw new SyncBusyError('A sync is already running in this server');
    const run = await withLease(async (renew) => {
      let renewedAt = deps.now().getTime();
      const heartbeat = async () => {
        if (deps.now().getTime() - renewedAt < RENEW_MS) return;
        await renew();
        renewedAt = deps.now().getTime();
      };
      running = observeSync(options, () => runSync(deps, options));
      try {
        const summary = await running;
        // Calendars after Salesforce: their meetings are told apart from Salesforce's by its contacts. A failure is
        // reported with the sync's summary and leaves the Salesforce sync done.
        if (!options.dryRun && deps.readCalendars)
          summary.calendars = await deps.readCalendars(options.onProgress, heartbeat).catch((error: unknown) => {
            deps.log.error({ error: describeError(error) }, 'reading calendars failed');
            return { error: error instanceof Error ? error.message : String(error) };
          });
        // Late data may change scorecards already posted: they are updated in place.
        if (!options.dryRun)
          await deps
            .afterSync?.()
            .catch((error: unknown) =>
              deps.log.error({ error: describeError(error) }, 'refreshing posted scorecards failed'),
            );
        return summary;
      } finally {
        running = undefined;
      }
    });
    if (!run) throw new SyncBusyError('A sync is running on another replica');
    return run.value;
  }

  return {
    syncNow,
    /** Syncs now and then every `syncIntervalMinutes` (0: only on demand). */
    start(): void {
      // One retry timer at most: a new one replaces any pending, and none is set once stopped.
      const scheduleRetry = (attempt: number, ms: number) => {
        cancelRetry?.();
        cancelRetry = undefined;
        if (stopped) return;
        cancelRetry = setTimer(() => void tick(attempt), ms);
      };
      const tick = (attempt = 0): Promise<unknown> => {
        cancelRetry?.();
        cancelRetry = undefined;
        if (stopped) return Promise.resolve();
        return syncNow().catch((error: unknown) => {
          if (error instanceof SyncBusyError) {
            deps.log.debug({ reason: error.message }, 'scheduled sync skipped');
            // Mid-retry, the sync running instead (npm run sync, another replica) may fail on the same outage:
            // the retry stays due, at the same delay, rather than end the chain.
            const again = attempt > 0 ? RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)] : undefined;
            if (again !== undefined) scheduleRetry(attempt, again);
            return;
          }
          const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
          const interval = deps.settings.syncIntervalMinutes * 60_000;
          const soonerThanInterval = delay !== undefined && (interval === 0 || delay < interval);
          if (error instanceof SalesforceError && error.retryable && soonerThanInterval && !stopped) {
            const waitMs = Math.max(delay, error.retryAfterMs ?? 0);
            deps.log.warn(
              { error: describeError(error), retryInMs: waitMs, attempt: attempt + 1 },
              'scheduled sync failed on a passing Salesforce fault; it runs again shortly',
            );
            scheduleRetry(attempt + 1, waitMs);
            return;
          }
          deps.log.error(
            { error: describeError(error) },
            deps.settings.syncIntervalMinutes > 0
              ? 'scheduled sync failed; it runs again at the next interval'
              : 'scheduled sync failed; it runs again when one is asked for (npm run sync)',
          );
        });
      };
      void tick();
      if (deps.settings.syncIntervalMinutes > 0) {
        timer = setInterval(() => void tick(), deps.settings.syncIntervalMinutes * 60_000);
        timer.unref();
      }
    },
    /** Stops the schedule and waits for a running sync to finish. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      cancelRetry?.();
      await running?.catch(() => undefined);
    },
  };
}

/** The sync service's interface. */
export type SyncService = ReturnType<typeof createSyncService>;
