import { periodOf, previousPeriod, type Period } from './period.ts';
import { localParts } from './local-time.ts';

/** When each step of the monthly cycle happens: business days of the month (weekends skipped) and a local hour. */
export interface CycleCalendar {
  openBusinessDay: number;
  remindBusinessDays: readonly [number, number];
  closeBusinessDay: number;
  localHour: number;
}

/** The default: ask on the 1st business day, remind on the 4th and 7th, close on the 10th, at 9:00 local time. */
export const DEFAULT_CALENDAR: CycleCalendar = {
  openBusinessDay: 1,
  remindBusinessDays: [4, 7],
  closeBusinessDay: 10,
  localHour: 9,
};

/** A step of the cycle. */
type CycleStep = 'open' | 'remind1' | 'remind2' | 'close';

/** Which business day of its month a date is (1 = first weekday), or 0 on a weekend. */
export function businessDayOfMonth(year: number, month: number, day: number): number {
  let n = 0;
  for (let d = 1; d <= day; d++) {
    const wd = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
    if (wd !== 0 && wd !== 6) n += 1;
  }
  const today = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return today === 0 || today === 6 ? 0 : n;
}

/**
 * The steps due for someone in `timeZone` at `now`, about the month that just ended there: every step whose
 * business day has come, on a weekday at or after the local hour. Steps are idempotent, so a late run catches up.
 */
export function dueSteps(
  now: Date,
  timeZone: string | null,
  calendar: CycleCalendar = DEFAULT_CALENDAR,
): { period: Period; steps: CycleStep[] } {
  const l = localParts(now, timeZone);
  const period = previousPeriod(periodOf(new Date(Date.UTC(l.year, l.month - 1, 1))));
  const bd = businessDayOfMonth(l.year, l.month, l.day);
  if (bd === 0 || l.hour < calendar.localHour) return { period, steps: [] };
  const steps: CycleStep[] = [];
  if (bd >= calendar.openBusinessDay) steps.push('open');
  if (bd >= calendar.remindBusinessDays[0]) steps.push('remind1');
  if (bd >= calendar.remindBusinessDays[1]) steps.push('remind2');
  if (bd >= calendar.closeBusinessDay) steps.push('close');
  return { period, steps };
}
