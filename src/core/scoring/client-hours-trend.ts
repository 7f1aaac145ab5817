import { developingVerdict, type Verdict } from '../domain/man-hours.ts';
import { previousPeriod, type Period } from '../domain/period.ts';
import type { Explained } from './explained.ts';

/** Client man-hours per period from submitted returns; a period without a submitted return is absent (no data). */
export type HoursByPeriod = ReadonlyMap<Period, number>;

/** The lead indicator for one period (DOMAIN.md, measure 1). */
export interface ClientHoursTrend {
  period: Period;
  thisMonth: number | null;
  lastMonth: number | null;
  change: number | null;
  verdict: Verdict;
  /** Consecutive developing months ending with this one. */
  developingStreak: number;
  /** Consecutive months ending with this one that had a return and were not developing. */
  notDevelopingStreak: number;
  /** Not developing for 2 or more months running. */
  stalled: boolean;
}

function verdictAt(hours: HoursByPeriod, p: Period): Verdict {
  return developingVerdict(hours.get(p) ?? null, hours.get(previousPeriod(p)) ?? null).verdict;
}

/** This month against last, the streaks, and "stalled"; a missing return breaks a streak and is never counted as zero. */
export function clientHoursTrend(hours: HoursByPeriod, period: Period): Explained<ClientHoursTrend> {
  const thisMonth = hours.get(period) ?? null;
  const lastMonth = hours.get(previousPeriod(period)) ?? null;
  const verdict = verdictAt(hours, period);
  let developingStreak = 0;
  for (let p = period; verdictAt(hours, p) === 'developing'; p = previousPeriod(p)) developingStreak += 1;
  let notDevelopingStreak = 0;
  for (let p = period; verdictAt(hours, p) === 'not developing'; p = previousPeriod(p)) notDevelopingStreak += 1;
  const change = thisMonth !== null && lastMonth !== null ? Math.round((thisMonth - lastMonth) * 10) / 10 : null;
  const why = [
    thisMonth === null
      ? `No return for ${period}: no data (a missing return is never zero).`
      : `${period}: ${thisMonth.toFixed(1)} client man-hours.`,
    lastMonth === null
      ? `No return for ${previousPeriod(period)} to compare with.`
      : `${previousPeriod(period)}: ${lastMonth.toFixed(1)} client man-hours.`,
    developingStreak > 1 ? `Developing ${developingStreak} months running.` : '',
    notDevelopingStreak >= 2 ? `Not developing ${notDevelopingStreak} months running: stalled.` : '',
  ].filter(Boolean);
  return {
    value: {
      period,
      thisMonth,
      lastMonth,
      change,
      verdict,
      developingStreak,
      notDevelopingStreak,
      stalled: notDevelopingStreak >= 2,
    },
    why,
  };
}
