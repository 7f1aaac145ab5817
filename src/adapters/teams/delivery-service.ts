import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import type { TeamsSender } from './teams-sender.ts';
import { TeamsLimiter } from './teams-limiter.ts';
import { drainTeamsOutbox, type OutcomeRecorder } from './drain-teams-outbox.ts';
import type { Database } from '../store/database.ts';

/** Runs the delivery engine in the server: drains on a short interval and at once when something is queued. */
export function createDeliveryService(deps: {
  db: Database;
  sender: TeamsSender;
  log: Logger;
  onOutcome?: OutcomeRecorder;
  intervalMs?: number;
}) {
  const limiter = new TeamsLimiter();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const drain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drainTeamsOutbox({
            db: deps.db,
            sender: deps.sender,
            limiter,
            log: deps.log,
            onOutcome: deps.onOutcome,
          });
        } catch (error) {
          deps.log.error({ error: describeError(error) }, 'delivery run failed; it runs again shortly');
        }
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    /** Drains now (or right after the run under way). */
    nudge: drain,
    start(): void {
      timer = setInterval(() => void drain(), deps.intervalMs ?? 2_000);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

/** The delivery service's interface. */
export type DeliveryService = ReturnType<typeof createDeliveryService>;
