import { calendarZone, meetingWindow } from '../../core/domain/local-time.ts';
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
import { ratingsStore } from '../../adapters/store/ratings-store.ts';
import { irritantsStore } from '../../adapters/store/irritants-store.ts';
import { anonymous } from '../../core/scoring/round-results.ts';
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

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** How many closed rounds back a scorecard looks for one with client numbers (two years of quarterly rounds). */
const ROUNDS_BACK = 8;

/**
 * The ratings of the account's latest closed round with client numbers, as the scoring core takes them, past the
 * anonymity threshold (elements with fewer than MIN_RATERS client raters lose their client ratings); raters are
 * numbered, never named. A later round with too few client raters adds no number and erases none: it is counted
 * in `laterRoundsWithTooFew`. With no such round, the latest round's internal ratings alone.
 */
async function establishedRatings(
  deps: ScorecardDeps,
  accountId: string,
  period: Period,
): Promise<{ ratings: Rating[]; round: RatingsRound } | null> {
  const store = ratingsStore(deps.db);
  // A month's ratings are those that stood while its scorecard was current: rounds closed before the end of the
  // month after it (when that scorecard is posted and refreshed), so a later round never rewrites an old month.
  const rounds = (await store.closedRounds(accountId, ROUNDS_BACK, periodBounds(addMonths(period, 1))[1])).reverse();
  if (!rounds.length) return null;
  let latest: { ratings: Rating[]; round: RatingsRound } | null = null;
  for (const [i, round] of rounds.entries()) {
    const rows = await store.roundRatings(round.id);
    const numbered = new Map<string, string>();
    const ratings = anonymous(
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
      minRatersOf(deps.scoringSettings),
    );
    const closedOn = dayOf(round.closedAt!);
    const found = { ratings, round: { closedOn, laterRoundsWithTooFew: i, text: ratingsRoundText(closedOn, i) } };
    latest ??= { ratings, round: { closedOn, laterRoundsWithTooFew: 0, text: ratingsRoundText(closedOn, 0) } };
    if (ratings.some((r) => r.side === 'client')) return found;
  }
  return latest;
}

/** Gathers one account's facts for a period from the stores and scores them (the scoring itself is pure). */
export async function buildScorecard(
  deps: ScorecardDeps,
  period: Period,
  accountId: string,
): Promise<InternalScorecard | undefined> {
  const facts = scorecardStore(deps.db);
  const returns = returnsStore(deps.db);
  const account = await facts.account(accountId);
  if (!account) return undefined;
  const [thisReturn, lastReturn] = await Promise.all([
    returns.getReturn(period, accountId),
    returns.getReturn(previousPeriod(period), accountId),
  ]);
  const submitted = thisReturn?.status === 'submitted' ? thisReturn : null;
  const kept = submitted ? keptEventIds(submitted.meetings) : null;
  const [hours, peopleMet, casesPerWeek, opportunities, sponsorLeft, total, currency, ratings, irritants] =
    await Promise.all([
      facts.hoursByPeriod(accountId, period),
      // A saved return's people are those counted at its save, a closed month's without one those at the close;
      // otherwise the month's meetings in Salesforce now.
      (submitted ?? (thisReturn?.status === 'missing' ? thisReturn : null))?.peopleMet ??
        facts.peopleMet(
          accountId,
          meetingWindow(period, calendarZone(account.ownerTimeZone, deps.orgTimeZone)),
          kept,
          kept !== null,
        ),
      facts.casesPerWeek(accountId, period),
      facts.openOpportunities(accountId),
      facts.sponsorLeft(accountId),
      facts.totalKeyAccountRevenue(),
      facts.orgCurrency(),
      establishedRatings(deps, accountId, period),
      irritantsStore(deps.db).irritants(accountId),
    ]);
  return scoreAccount({
    period,
    account,
    totalKeyAccountRevenue: total,
    hours,
    thisReturn: thisReturn ?? null,
    lastReturn: lastReturn ?? null,
    peopleMet,
    casesPerWeek,
    ratings: ratings?.ratings ?? null,
    ratingsRound: ratings?.round ?? null,
    irritants: irritants.map((i) => ({ title: i.title, element: i.element, status: i.status, raisedBy: i.raisedBy })),
    opportunities,
    currency,
    sponsorLeft,
    stageAssessment: {
      stage: submitted?.stage ?? null,
      jointPlan: submitted?.jointPlan ?? false,
      sharedMeasures: submitted?.sharedMeasures ?? false,
    },
    scoringSettings: deps.scoringSettings,
  });
}
