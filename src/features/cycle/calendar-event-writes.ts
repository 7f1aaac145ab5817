import { createHash } from 'node:crypto';
import type { MonthlyReturn, ReturnMeetingEntry } from '../../core/domain/monthly-return.ts';
import type { Period } from '../../core/domain/period.ts';
import { queueCalendarEvent, queueCalendarEventDelete } from '../../adapters/salesforce-outbox/salesforce-writes.ts';
import type { OutboxStore } from '../../adapters/store/outbox-store.ts';

/**
 * The key of the Event a confirmed calendar meeting becomes: its account and its calendar occurrence. Graph's ids run
 * past 150 characters and differ in case only, and the key field is case-insensitive, so the id is hashed to hex.
 */
export function calendarEventKey(accountId: string, calendarEventId: string): string {
  return `${accountId}-${createHash('sha256').update(calendarEventId).digest('hex').slice(0, 40)}`;
}

const DAY_MS = 86_400_000;

/**
 * What a confirmed calendar meeting's Event says (Event object reference): owned by the account manager, on the
 * account, its first contact as Who (the others are related once it exists), the calendar's times (an all-day meeting
 * as an all-day Event of its own dates), and what the check-in counted of it in the description.
 */
function eventFields(
  m: ReturnMeetingEntry & { startsAt: string; endsAt: string },
  ownerId: string,
  accountId: string,
  period: Period,
) {
  const people = `${m.clientAttendees} client attendee${m.clientAttendees === 1 ? '' : 's'}`;
  const base = {
    Subject: m.subject.trim().slice(0, 255) || 'Client meeting',
    OwnerId: ownerId,
    WhatId: accountId,
    WhoId: m.contactIds?.[0] ?? null,
    Description:
      `From the account manager's calendar, confirmed in the Partnership Pulse check-in for ${period}: ` +
      `${m.minutes} min, ${people}${m.faceToFace ? ', face to face' : ''}.`,
  };
  if (m.allDay) {
    const days = Math.max(1, Math.round((Date.parse(m.endsAt) - Date.parse(m.startsAt)) / DAY_MS));
    return { ...base, IsAllDayEvent: true, ActivityDate: m.date, DurationInMinutes: days * 1440 };
  }
  return { ...base, IsAllDayEvent: false, StartDateTime: m.startsAt, EndDateTime: m.endsAt };
}

/**
 * Queues, with a saved return's other writes, its confirmed calendar meetings as Salesforce Events
 * (`GRAPH_CALENDAR_WRITE_BACK`), and the delete of each one the return had before and no longer keeps. A row saved
 * before its times were kept is left out: it is written at the save after the calendar is read again.
 */
export async function queueCalendarWriteBack(
  outbox: Pick<OutboxStore, 'enqueue'>,
  input: {
    accountId: string;
    ownerId: string;
    period: Period;
    kept: readonly ReturnMeetingEntry[];
    before?: MonthlyReturn;
  },
): Promise<void> {
  const keptIds = new Set<string>();
  for (const m of input.kept) {
    if (!m.calendarEventId) continue;
    keptIds.add(m.calendarEventId);
    const { startsAt, endsAt } = m;
    if (!startsAt || !endsAt) continue;
    const key = calendarEventKey(input.accountId, m.calendarEventId);
    const fields = eventFields({ ...m, startsAt, endsAt }, input.ownerId, input.accountId, input.period);
    await queueCalendarEvent(outbox, key, fields, m.contactIds ?? []);
  }
  if (input.before?.status !== 'submitted') return;
  for (const m of input.before.meetings)
    if (m.calendarEventId && !keptIds.has(m.calendarEventId))
      await queueCalendarEventDelete(outbox, calendarEventKey(input.accountId, m.calendarEventId));
}
