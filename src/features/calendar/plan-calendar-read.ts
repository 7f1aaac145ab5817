import { calendarZone, localParts, periodBoundsIn } from '../../core/domain/local-time.ts';
import { parsePeriod, previousPeriod } from '../../core/domain/period.ts';

/** What was kept of a manager's last read: its mailbox, window, zone, delta link and directory digest. */
interface LastRead {
  mailbox: string;
  windowFrom: Date;
  windowTo: Date;
  timeZone: string;
  deltaLink: string | null;
  directory: string | null;
}

/** How to read one manager's calendar now. */
export interface CalendarReadPlan {
  mailbox: string;
  timeZone: string;
  window: { from: Date; to: Date };
  /** Go on from this delta link; null: read the window whole (a new round). */
  deltaLink: string | null;
  /** The digest of the directory this read goes by. */
  directory: string;
}

/**
 * The window a manager's calendar is read over: last month and this one on their calendar (the months a check-in can
 * still be open for), in their zone (the organisation's when theirs is unknown). The same window, zone, mailbox and
 * directory (`directory`: a digest of the contacts and our people) as the last read go on from its delta link;
 * anything else starts a new round: a contact added in Salesforce since makes an attendee read before count now.
 */
export function planCalendarRead(
  am: { mailbox: string; timeZone: string | null },
  last: LastRead | undefined,
  now: Date,
  orgTimeZone: string | undefined,
  directory: string,
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
    last.directory === directory &&
    last.windowFrom.getTime() === from.getTime() &&
    last.windowTo.getTime() === to.getTime();
  return { mailbox: am.mailbox, timeZone, window: { from, to }, deltaLink: same ? last.deltaLink : null, directory };
}
