import { calendarEntry, sameMeeting } from '../../core/domain/calendar-meeting.ts';
import type { MeetingWindow } from '../../core/domain/local-time.ts';
import type { MeetingWithPeople } from '../../core/domain/count-meeting.ts';
import { CALENDAR_ROWS, type MonthlyReturn, type ReturnMeetingEntry } from '../../core/domain/monthly-return.ts';
import { calendarRows, type CalendarRow } from '../../core/domain/calendar-rows.ts';
import { calendarStore } from '../../adapters/store/calendar-store.ts';
import { meetingsStore } from '../../adapters/store/meetings-store.ts';
import type { Queryable } from '../../adapters/store/database.ts';

/** The calendar's part of the check-in: meetings Salesforce lacks, and Salesforce's meetings the calendar confirms. */
export interface CalendarPrefill {
  /** The rows the form lists, ticked or not (`calendarRows`). */
  rows: CalendarRow[];
  /** Meetings found past CALENDAR_ROWS: not listed. */
  more: number;
  /** Salesforce Events the account manager's calendar also holds: shown once, from Salesforce. */
  confirmed: Set<string>;
}

/**
 * The meetings with the account's contacts found in its manager's own calendar for the month (DOMAIN.md: a second
 * source by the same rules, never counted twice): one that is a Salesforce meeting already (`sameMeeting`) confirms
 * it and is not listed; the rest become rows, at most CALENDAR_ROWS, listed and ticked as `calendarRows` says for the
 * month's return `ret`.
 */
export async function calendarPrefill(
  db: Queryable,
  accountId: string,
  amUserId: string,
  window: MeetingWindow,
  ret: MonthlyReturn | undefined,
  /** The account's Salesforce meetings of the month, if the caller has read them already (a save has). */
  salesforceMeetings?: readonly MeetingWithPeople[],
): Promise<CalendarPrefill> {
  const found = (await calendarStore(db).meetingsOf(accountId, window)).filter((m) => m.amUserId === amUserId);
  if (!found.length) return { rows: calendarRows([], ret), confirmed: new Set(), more: 0 };
  const salesforce = (salesforceMeetings ?? (await meetingsStore(db).meetingsOf(accountId, window))).map(
    ({ meeting, people }) => ({
      id: meeting.id,
      accountId: meeting.accountId,
      start: meeting.start,
      durationMinutes: meeting.durationMinutes,
      isAllDay: meeting.isAllDay,
      contactIds: people
        .filter((p) => p.status !== 'Declined' && p.contactAccountId === accountId)
        .map((p) => p.relationId),
    }),
  );
  const confirmed = new Set<string>();
  const rows: ReturnMeetingEntry[] = [];
  let more = 0;
  for (const m of found) {
    const same = salesforce.find((s) => sameMeeting(m, s));
    if (same) confirmed.add(same.id);
    else if (rows.length < CALENDAR_ROWS) rows.push(calendarEntry(m));
    else more += 1;
  }
  return { rows: calendarRows(rows, ret), confirmed, more };
}
