import { calendarZone, localDate, meetingWindow } from '../../core/domain/local-time.ts';
import type { Clock } from '../../core/domain/clock.ts';
import type { Database } from '../../adapters/store/database.ts';
import { scorecardStore } from '../../adapters/store/scorecard-store.ts';
import { returnsStore } from '../../adapters/store/returns-store.ts';
import { addMonths, periodBounds, previousPeriod, type Period } from '../../core/domain/period.ts';
import {
  ratingsRoundText,
  scoreAccount,
  type InternalScorecard,
  type RatingsRound,
} from '../../core/scoring/scorecard.ts';
import { minRatersOf, type ScoringSettings } from '../../core/scoring/settings.ts';
import { ratingsStore, type RatingRound, type RatingRow } from '../../adapters/store/ratings-store.ts';
import { irritantsStore } from '../../adapters/store/irritants-store.ts';
import { actionsStore } from '../../adapters/store/actions-store.ts';
import { targetsStore } from '../../adapters/store/targets-store.ts';
import { targetsInForce } from '../../core/domain/action-plan.ts';
import { anonymous } from '../../core/scoring/round-results.ts';
import { ratersOn } from '../../core/scoring/response-rate.ts';
import type { Rating } from '../../core/scoring/ratings.ts';
import { keptEventIds } from '../../core/domain/monthly-return.ts';

/** What building a scorecard needs. */
export interface ScorecardDeps {
  db: Database;
  scoringSettings: ScoringSettings;
  /** What "now" is: the month that just ended, and when a round or a write happened. */
  now: Clock;
  /** The organisation's time zone: an account's months are cut on its owner's calendar, this one if unknown. */
  orgTimeZone?: string;
}

type ActionsStore = ReturnType<typeof actionsStore>;
type IrritantsStore = ReturnType<typeof irritantsStore>;

/** How many months of client hours a scorecard's trend reads, ending with its own. */
const HOURS_MONTHS = 7;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** A month's last day (`YYYY-MM-DD`). */
const lastDayOf = (p: Period) => dayOf(new Date(periodBounds(p)[1].getTime() - 86_400_000));

/**
 * The action plan's and the irritants' histories as the measures read them, dated on the organisation's calendar (as
 * due dates are), and today there (the last day a month still open is measured on).
 */
function actionFactsOf(
  actions: Awaited<ReturnType<ActionsStore['historyOf']>>,
  irritants: Awaited<ReturnType<IrritantsStore['historyOf']>>,
  deps: ScorecardDeps,
) {
  const zone = calendarZone(undefined, deps.orgTimeZone);
  const on = (at: Date) => localDate(at, zone);
  const grouped = <T extends { at: Date }, K>(rows: readonly T[], key: (r: T) => K) => {
    const out = new Map<K, T[]>();
    for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
    return [...out.values()];
  };
  return {
    actions: grouped(actions, (r) => r.actionId).map((rows) => ({
      element: rows[0]!.element,
      history: rows.map((r) => ({ on: on(r.at), status: r.status, dueOn: r.dueOn })),
    })),
    irritants: grouped(irritants, (r) => r.irritantId).map((rows) => ({
      history: rows.map((r) => ({ on: on(r.at), status: r.status })),
    })),
    today: on(deps.now()),
  };
}

/** How many closed rounds back a scorecard looks for one with client numbers (two years of quarterly rounds). */
const ROUNDS_BACK = 8;

/** One round's ratings past the anonymity threshold, raters numbered (never named). */
function numberedRatings(rows: readonly RatingRow[], settings: ScoringSettings): Rating[] {
  const numbered = new Map<string, string>();
  return anonymous(
    rows.map((r) => {
      if (!numbered.has(r.raterKey)) numbered.set(r.raterKey, `rater-${numbered.size + 1}`);
      return {
        element: r.element,
        raterId: numbered.get(r.raterKey)!,
        side: r.side,
        performance: r.performance,
        importance: r.importance,
      };
    }),
    minRatersOf(settings),
  );
}

/** What a scorecard takes from the closed rounds before its cut-off. */
interface EstablishedRatings {
  ratings: Rating[];
  round: RatingsRound;
  openedAt: Date;
  /**
   * For each element, the client ratings of the latest earlier round with client numbers for it (each element's
   * change since); empty before a second such round.
   */
  previous: Rating[];
  /** The latest round, whatever its responses: its client raters and members (its response rate). */
  last: { closedOn: string; clientRaters: number; clientMembers: number | null };
}

/**
 * The ratings of the account's latest closed round with client numbers among `rounds` (newest first, at most
 * ROUNDS_BACK), past the anonymity threshold (elements with fewer than MIN_RATERS client raters lose their client
 * ratings); raters are numbered, never named. A later round with too few client raters adds no number and erases
 * none: it is counted in `laterRoundsWithTooFew`. With no such round, the latest round's internal ratings alone.
 */
function establishedRatings(
  rounds: readonly RatingRound[],
  ratingsOf: ReadonlyMap<string, RatingRow[]>,
  settings: ScoringSettings,
): EstablishedRatings | null {
  const newest = rounds[0];
  if (!newest) return null;
  const newestRows = ratingsOf.get(newest.id) ?? [];
  const last = {
    closedOn: dayOf(newest.closedAt!),
    clientRaters: ratersOn(newestRows, 'client'),
    clientMembers: newest.clientMembers,
  };
  const withClientNumbers = rounds
    .map((round, i) => ({ round, i, ratings: numberedRatings(ratingsOf.get(round.id) ?? [], settings) }))
    .filter((r) => r.ratings.some((x) => x.side === 'client'));
  const [found, ...earlier] = withClientNumbers;
  const chosen = found ?? { round: newest, i: 0, ratings: numberedRatings(newestRows, settings) };
  // An element with too few client raters in the round just before is compared with the round before that.
  const previous: Rating[] = [];
  const seen = new Set<string>();
  for (const r of earlier) {
    const client = r.ratings.filter((x) => x.side === 'client' && !seen.has(x.element));
    for (const x of client) previous.push({ ...x, raterId: `${r.round.id}:${x.raterId}` });
    for (const x of client) seen.add(x.element);
  }
  const closedOn = dayOf(chosen.round.closedAt!);
  return {
    ratings: chosen.ratings,
    round: { closedOn, laterRoundsWithTooFew: chosen.i, text: ratingsRoundText(closedOn, chosen.i) },
    openedAt: chosen.round.openedAt,
    previous,
    last,
  };
}

/**
 * A month's ratings are those that stood while its scorecard was current: rounds closed before the end of the month
 * after it (when that scorecard is posted and refreshed), so a later round never rewrites an old month.
 */
const ratingsCutOff = (period: Period) => periodBounds(addMonths(period, 1))[1];

/** Gathers one account's facts for a period from the stores and scores them (the scoring itself is pure). */
export async function buildScorecard(
  deps: ScorecardDeps,
  period: Period,
  accountId: string,
): Promise<InternalScorecard | undefined> {
  return (await buildScorecards(deps, accountId, period, period))?.[0];
}

/**
 * The account's scorecards of every month from `from` through `to`, oldest first, read in a fixed number of
 * statements whatever the span or the history; undefined when it is not a key account. Each is the scorecard
 * `buildScorecard` gives for its month: this is the one place a scorecard's facts are gathered.
 */
export async function buildScorecards(
  deps: ScorecardDeps,
  accountId: string,
  from: Period,
  to: Period,
): Promise<InternalScorecard[] | undefined> {
  const facts = scorecardStore(deps.db);
  const account = await facts.account(accountId);
  if (!account) return undefined;
  const periods: Period[] = [];
  for (let p = from; p <= to; p = addMonths(p, 1)) periods.push(p);
  const returns = await returnsStore(deps.db).returnsBetween(accountId, previousPeriod(from), to);
  const zone = calendarZone(account.ownerTimeZone, deps.orgTimeZone);
  const month = periods.map((period) => {
    const thisReturn = returns.get(period) ?? null;
    const submitted = thisReturn?.status === 'submitted' ? thisReturn : null;
    // A saved return's people are those counted at its save, a closed month's without one those at the close;
    // otherwise the month's meetings in Salesforce now.
    const stored = (submitted ?? (thisReturn?.status === 'missing' ? thisReturn : null))?.peopleMet;
    const kept = submitted ? keptEventIds(submitted.meetings) : null;
    return { period, thisReturn, submitted, stored, kept };
  });
  const toCount = month.filter((m) => !m.stored);
  const rounds = ratingsStore(deps.db);
  const [
    hours,
    counted,
    casesPerWeek,
    opportunities,
    sponsorLeft,
    total,
    currency,
    closed,
    irritants,
    actions,
    targets,
    irritantHistory,
  ] = await Promise.all([
    facts.hoursBetween(accountId, addMonths(from, -HOURS_MONTHS), to),
    facts.peopleMetIn(
      accountId,
      toCount.map((m) => ({
        window: meetingWindow(m.period, zone),
        keptEventIds: m.kept,
        includeDeleted: m.kept !== null,
      })),
    ),
    facts.casesPerWeekIn(accountId, periods),
    facts.openOpportunities(accountId),
    facts.sponsorLeft(accountId),
    facts.totalKeyAccountRevenue(),
    facts.orgCurrency(),
    rounds.closedRoundsBetween(accountId, ROUNDS_BACK, ratingsCutOff(from), ratingsCutOff(to)),
    irritantsStore(deps.db).irritants(accountId),
    actionsStore(deps.db).historyOf(accountId),
    targetsStore(deps.db).ofAccount(accountId),
    irritantsStore(deps.db).historyOf(accountId),
  ]);
  const plan = actionFactsOf(actions, irritantHistory, deps);
  const ratingsOf = await rounds.ratingsOfRounds(closed.map((r) => r.id));
  const newestFirst = [...closed].reverse();
  return month.map((m, i) => {
    const cutOff = ratingsCutOff(m.period);
    const ratings = establishedRatings(
      newestFirst.filter((r) => r.closedAt! < cutOff).slice(0, ROUNDS_BACK),
      ratingsOf,
      deps.scoringSettings,
    );
    const after = addMonths(m.period, -HOURS_MONTHS);
    return scoreAccount({
      period: m.period,
      account,
      totalKeyAccountRevenue: total,
      hours: new Map([...hours].filter(([p]) => p > after && p <= m.period)),
      thisReturn: m.thisReturn,
      lastReturn: returns.get(previousPeriod(m.period)) ?? null,
      peopleMet: m.stored ?? counted[toCount.indexOf(m)]!,
      casesPerWeek: casesPerWeek[i]!,
      ratings: ratings?.ratings ?? null,
      ratingsRound: ratings?.round ?? null,
      previousRatings: ratings?.previous ?? null,
      lastRound: ratings?.last ?? null,
      targets: ratings ? targetsInForce(targets, ratings.openedAt) : undefined,
      irritants: irritants.map((x) => ({ title: x.title, element: x.element, status: x.status, raisedBy: x.raisedBy })),
      actionPlan: { ...plan, asOf: [plan.today, lastDayOf(m.period)].sort()[0]! },
      opportunities,
      currency,
      sponsorLeft,
      stageAssessment: {
        stage: m.submitted?.stage ?? null,
        jointPlan: m.submitted?.jointPlan ?? false,
        sharedMeasures: m.submitted?.sharedMeasures ?? false,
      },
      scoringSettings: deps.scoringSettings,
    });
  });
}
