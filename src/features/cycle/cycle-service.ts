import type { Clock } from '../../core/domain/clock.ts';
import { Cron } from 'croner';
import { observeCycleStep } from '../../platform/metrics/observe-jobs.ts';
import type { Config } from '../../platform/config/config.ts';
import type { Database } from '../../adapters/store/database.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import { leaseRunner } from '../../adapters/store/lease-runner.ts';
import { peopleStore } from '../../adapters/store/people-store.ts';
import { dueSteps, DEFAULT_CALENDAR, type CycleCalendar } from '../../core/domain/cycle-calendar.ts';
import { lastEndedPeriod, type Period } from '../../core/domain/period.ts';
import {
  closeCycle,
  postClosedScorecards,
  skippedStep,
  openCycle,
  remindCycle,
  type CycleDeps,
  type StepSummary,
} from './cycle-steps.ts';

/** A step an operator can run by hand. */
export type ManualStep = 'open' | 'remind' | 'close' | 'post';

/**
 * The monthly cycle inside the server: every 15 minutes, under a database lease (one replica at a time), it runs
 * the steps due for each account manager at a morning hour in their own time zone, weekends skipped. Steps are
 * idempotent, so a missed tick catches up. Operators run steps by hand through `npm run cycle`.
 */
export function createCycleService(
  deps: CycleDeps & { orgTimeZone: string; calendar?: CycleCalendar; afterStep?: () => void },
) {
  const withLease = leaseRunner(deps.db, 'monthly-cycle', 10 * 60_000);
  const calendar = deps.calendar ?? DEFAULT_CALENDAR;
  let job: Cron | undefined;

  /** One scheduled tick: the due steps of every account manager, then the org-wide close. */
  async function tick(now = deps.now()): Promise<StepSummary[]> {
    const run = await withLease(async () => {
      const summaries: StepSummary[] = [];
      const ams = await peopleStore(deps.db).accountManagers();
      const byStep = new Map<string, { period: Period; ids: Set<string> }>();
      for (const am of ams) {
        const due = dueSteps(now, am.timeZone ?? deps.orgTimeZone, calendar);
        for (const step of due.steps) {
          if (step === 'close') continue;
          const entry = byStep.get(`${due.period}:${step}`) ?? { period: due.period, ids: new Set<string>() };
          entry.ids.add(am.sfUserId);
          byStep.set(`${due.period}:${step}`, entry);
        }
      }
      for (const [key, { period, ids }] of byStep) {
        const step = key.split(':')[1]!;
        if (step === 'open')
          summaries.push(
            await observeCycleStep('open', () => openCycle(deps, period, { only: (am) => ids.has(am.sfUserId) })),
          );
        else
          summaries.push(
            await observeCycleStep(step, () =>
              remindCycle(deps, period, step as 'remind1' | 'remind2', { only: (id) => ids.has(id) }),
            ),
          );
      }
      const orgDue = dueSteps(now, deps.orgTimeZone, calendar);
      if (orgDue.steps.includes('close'))
        summaries.push(await observeCycleStep('close', () => closeCycle(deps, orgDue.period)));
      return summaries;
    });
    const done = run?.value ?? [];
    if (done.some((s) => s.queued > 0)) deps.afterStep?.();
    return done;
  }

  return {
    tick,
    /** Runs one step by hand for a period (default: the month that just ended). */
    async runStep(
      step: ManualStep,
      options: { period?: Period; dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
    ): Promise<StepSummary> {
      const period = options.period ?? lastEndedPeriod(deps.now());
      // A month is asked about once it is over, on the earliest calendar on Earth (UTC+14, whose account managers
      // the schedule reaches first); a later one would prompt everyone about a month that has not happened.
      const latest = lastEndedPeriod(new Date(deps.now().getTime() + 14 * 3_600_000));
      if (period > latest)
        return skippedStep(
          step === 'remind' ? 'remind1' : step,
          period,
          options.dryRun ?? false,
          `${period} has not ended yet: the check-in asks about a month once it is over (the latest now is ${latest})`,
        );
      let summary: StepSummary;
      if (step === 'open') summary = await observeCycleStep('open', () => openCycle(deps, period, options));
      else if (step === 'close') summary = await observeCycleStep('close', () => closeCycle(deps, period, options));
      else if (step === 'post') summary = await postClosedScorecards(deps, period, options);
      else {
        // The first reminder to whoever has not had it yet; once everyone has, the second.
        const first = await observeCycleStep('remind1', () =>
          remindCycle(deps, period, 'remind1', { dryRun: options.dryRun }),
        );
        summary =
          first.queued > 0
            ? first
            : await observeCycleStep('remind2', () => remindCycle(deps, period, 'remind2', { dryRun: options.dryRun }));
      }
      if (!options.dryRun && summary.queued > 0) deps.afterStep?.();
      return summary;
    },
    start(): void {
      job = new Cron(
        '*/15 * * * *',
        { protect: true, catch: (error) => deps.log.error({ error: describeError(error) }, 'cycle tick failed') },
        () => tick().then(() => undefined),
      );
    },
    stop(): void {
      job?.stop();
    },
  };
}

/**
 * The cycle service as the configuration defines it: the one place its dependencies are assembled, for the
 * server (which nudges delivery after a step) and for `npm run cycle` run without a server.
 */
export function cycleServiceFor(
  config: Pick<Config, 'scoringSettings' | 'teamsServiceUrl' | 'orgTimeZone' | 'calendar'>,
  db: Database,
  log: Logger,
  now: Clock,
  afterStep?: () => void,
) {
  return createCycleService({
    db,
    log,
    now,
    scoringSettings: config.scoringSettings,
    defaultServiceUrl: config.teamsServiceUrl,
    orgTimeZone: config.orgTimeZone,
    calendar: config.calendar,
    afterStep,
  });
}

/** The cycle service's interface. */
export type CycleService = ReturnType<typeof createCycleService>;
