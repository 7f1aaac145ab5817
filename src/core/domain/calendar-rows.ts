import type { MonthlyReturn, ReturnMeetingEntry } from './monthly-return.ts';

/** A calendar row of the check-in, with whether it is ticked when the form is drawn. */
export type CalendarRow = ReturnMeetingEntry & { keep: boolean };

/** Shown on a calendar row left unticked because a meeting was logged by hand that day. */
export const LOGGED_SAME_DAY =
  'you logged a meeting with this account on this day: not ticked, so it is not counted twice; tick it if it was another';
/** Shown on a saved calendar meeting its calendar no longer has. */
export const GONE_FROM_CALENDAR =
  'no longer in your calendar since you saved (deleted, moved or declined): untick it if it did not happen';

/**
 * The calendar rows a check-in lists, and how each is ticked (DOMAIN.md: never counted twice; a saved month changes
 * only when its account manager saves it again):
 * - not yet submitted: each meeting found is ticked, but one on a day a meeting was logged by hand for the account
 *   (`log meeting`, or a row typed in) is not: the two are most likely one meeting, and only the manager can say;
 * - submitted: ticked as saved, with the saved figures; a saved meeting the calendar no longer has stays listed,
 *   ticked and marked, so it is neither dropped silently nor kept without the manager seeing it.
 * One function for the form and for reading its submission, so both list the same rows.
 */
export function calendarRows(found: readonly ReturnMeetingEntry[], ret: MonthlyReturn | undefined): CalendarRow[] {
  const meetings = ret?.meetings ?? [];
  if (ret?.status !== 'submitted') {
    const loggedDays = new Set(meetings.filter((m) => !m.sfEventId && !m.calendarEventId).map((m) => m.date));
    return found.map((m) =>
      loggedDays.has(m.date)
        ? { ...m, keep: false, notes: [...(m.notes ?? []), LOGGED_SAME_DAY] }
        : { ...m, keep: true },
    );
  }
  const saved = new Map(meetings.filter((m) => m.calendarEventId).map((m) => [m.calendarEventId, m]));
  const listed = found.map((m): CalendarRow => {
    const kept = saved.get(m.calendarEventId);
    // Saved figures win; when it is, the calendar says (an Event written back takes the meeting's times from here).
    const when = { startsAt: m.startsAt, endsAt: m.endsAt, allDay: m.allDay };
    return kept ? { ...m, ...kept, ...when, notes: m.notes ?? [], keep: true } : { ...m, keep: false };
  });
  const foundIds = new Set(found.map((m) => m.calendarEventId));
  const gone = [...saved.values()]
    .filter((m) => !foundIds.has(m.calendarEventId))
    .map((m): CalendarRow => ({ ...m, notes: [GONE_FROM_CALENDAR], keep: true }));
  return [...listed, ...gone];
}
