import { calendarZone, localParts, periodBoundsIn } from '../../core/domain/local-time.ts';
import { parsePeriod, previousPeriod } from '../../core/domain/period.ts';

/** What was kept of a manager's last read: its mailbox, window, zone and delta link. */
interface LastRead {
  mailbox: string;
  windowFrom: Date;
  windowTo: Date;
  timeZone: string;
  deltaLink: string | null;
}

/** How to read one manager's calendar now. */
export interface CalendarReadPlan {
  mailbox: string;
  timeZone: string;
  window: { from: Date; to: Date };
  /** Go on from this delta link; null: read the window whole (a new round). */
  deltaLink: string | null;
}

/**
 * The window a manager's calendar is read over: last month and this one on their calendar (the months a check-in can
 * still be open for), in their zone (the organisation's when theirs is unknown). The same window, zone and mailbox
 * as the last read go on from its delta link; anything else starts a new round.
 */
export function planCalendarRead(
  am: { mailbox: string; timeZone: string | null },
  last: LastRead | undefined,
  now: Date,
  orgTimeZone: string | undefined,
): CalendarReadPlan {
  const timeZone = calendarZone(am.timeZone, orgTimeZone);
  const l = localParts(now, timeZone);
  const thisMonth = parsePeriod(`${l.year}-${String(l.month).padStart(2, '0')}`)!;
  const [from] = periodBoundsIn(previousPeriod(thisMonth), timeZone);
  const [, to] = periodBoundsIn(thisMonth, timeZone);
  const same =
    last !== undefined &&
    last.mailbox === am.mailbox &&
    last.timeZone === timeZone &&
    last.windowFrom.getTime() === from.getTime() &&
    last.windowTo.getTime() === to.getTime();
  return { mailbox: am.mailbox, timeZone, window: { from, to }, deltaLink: same ? last.deltaLink : null };
}
