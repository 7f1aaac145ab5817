import { Cron } from 'croner';
import type { Database } from '../../adapters/store/database.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import { leaseRunner } from '../../adapters/store/lease-runner.ts';
import type { RatingRounds } from './rating-rounds.ts';
import type { ActionFollowUp } from './action-follow-up.ts';

/**
 * Rating rounds on each account's cadence inside the server: every 15 minutes, under a database lease (one replica
 * at a time), it opens due rounds (quarterly by default, monthly where set), sends the reminder a few days before
 * the close, and closes rounds whose time is up; then the action plans' follow-up (owners' reminders, the weekly
 * digest). Each step happens once (the store or the outbox key marks it), so ticks may repeat.
 */
export function ratingCadenceFor(
  db: Database,
  log: Logger,
  rounds: RatingRounds,
  followUp: ActionFollowUp,
  afterTick?: () => void,
) {
  const withLease = leaseRunner(db, 'rating-rounds', 10 * 60_000);
  let job: Cron | undefined;
  const tick = async () => {
    const run = await withLease(async () => ({ ...(await rounds.tick()), ...(await followUp.tick()) }));
    const done = run?.value;
    if (done && done.opened + done.reminded + done.closed + done.actionReminders + done.digests > 0) {
      log.info(done, 'rating cadence');
      afterTick?.();
    }
    return done;
  };
  return {
    tick,
    start(): void {
      job = new Cron(
        '*/15 * * * *',
        { protect: true, catch: (error) => log.error({ error: describeError(error) }, 'rating cadence tick failed') },
        () => tick().then(() => undefined),
      );
    },
    stop(): void {
      job?.stop();
    },
  };
}
