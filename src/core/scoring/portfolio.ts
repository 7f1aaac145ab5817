import type { InternalScorecard } from './scorecard.ts';
import { pooledResponseRate } from './response-rate.ts';

/** The quarterly portfolio summary for leadership (DOMAIN.md: the quarterly executive review). */
export interface PortfolioSummary {
  accounts: number;
  notDeveloping: { name: string; months: number }[];
  largestGaps: { name: string; element: string; gap: number }[];
  /** Each account's asset value in the currency it carries (every scorecard of one org carries the same one). */
  atStake: { name: string; assetValue: number | null; currency: string | null; share: number | null; status: string }[];
  returns: { submitted: number; expected: number };
  ratingRounds: { answered: number; expected: number } | null;
  /** The accounts' latest rounds added up: client members who rated, of members (rounds with a known count). */
  responseRate: ReturnType<typeof pooledResponseRate> | null;
  /** The action loop over the accounts with a plan: overdue actions (by account), priorities covered, on-time closes. */
  actionLoop: {
    overdue: { name: string; actions: number }[];
    prioritiesWithAction: number;
    priorities: number;
    closedOnTime: number;
    closed: number;
  } | null;
}

/**
 * From the quarter's last scorecards and the quarter's returns: accounts not developing for 2+ months, the largest
 * perception gaps, the revenue at stake ranked by asset value, and response rates. Pure.
 */
export function portfolioSummary(
  cards: readonly InternalScorecard[],
  returns: { submitted: number; expected: number },
): PortfolioSummary {
  return {
    accounts: cards.length,
    notDeveloping: cards
      .filter((c) => c.hours.notDevelopingStreak >= 2)
      .map((c) => ({ name: c.accountName, months: c.hours.notDevelopingStreak }))
      .sort((a, b) => b.months - a.months),
    largestGaps: cards
      .flatMap((c) =>
        c.ratings?.gaps[0]
          ? [{ name: c.accountName, element: c.ratings.gaps[0].element, gap: c.ratings.gaps[0].gap }]
          : [],
      )
      .filter((g) => g.gap > 0)
      .sort((a, b) => b.gap - a.gap)
      .slice(0, 5),
    atStake: [...cards]
      .sort((a, b) => (b.stake.customerAssetValue ?? -1) - (a.stake.customerAssetValue ?? -1))
      .slice(0, 10)
      .map((c) => ({
        name: c.accountName,
        assetValue: c.stake.customerAssetValue,
        currency: c.stake.currency,
        share: c.stake.shareOfRevenue,
        status: c.status,
      })),
    returns,
    ratingRounds: cards.some((c) => c.ratings)
      ? { answered: cards.filter((c) => c.ratings).length, expected: cards.length }
      : null,
    responseRate: cards.some((c) => c.responseRate) ? pooledResponseRate(cards.map((c) => c.responseRate)) : null,
    actionLoop: actionLoopOf(cards),
  };
}

/**
 * The accounts' action measures added up (each computed once, in its scorecard); null when no account has a plan.
 * Priorities are counted over every account, those without an action too, so no plan shows as a gap.
 */
function actionLoopOf(cards: readonly InternalScorecard[]): PortfolioSummary['actionLoop'] {
  const planned = cards.filter((c) => c.actionPlan && c.actionPlan.open + c.actionPlan.closed > 0);
  if (!planned.length) return null;
  const measured = cards.filter((c) => c.actionPlan);
  const sum = (f: (m: NonNullable<InternalScorecard['actionPlan']>) => number) =>
    measured.reduce((n, c) => n + f(c.actionPlan!), 0);
  return {
    overdue: planned
      .filter((c) => c.actionPlan!.overdue > 0)
      .map((c) => ({ name: c.accountName, actions: c.actionPlan!.overdue }))
      .sort((a, b) => b.actions - a.actions || a.name.localeCompare(b.name)),
    prioritiesWithAction: sum((m) => m.prioritiesWithAction),
    priorities: sum((m) => m.priorities),
    closedOnTime: sum((m) => m.closedOnTime),
    closed: sum((m) => m.closed),
  };
}

/** Quarter-end months (March, June, September, December): when the portfolio summary goes out. */
export function isQuarterEnd(period: string): boolean {
  return ['03', '06', '09', '12'].includes(period.slice(5, 7));
}
