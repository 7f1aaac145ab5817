import { addMeeting } from './add-meeting.ts';
import type { DemoGenerator } from './demo-generator.ts';

/**
 * Last month on Woodgrove Bank (Dana's), the shapes that need a rule: a two-day workshop, an all-day site visit,
 * a 0-minute meeting logged with no Type, and a Lightning event series (its series record beside occurrences).
 */
export function woodgroveMeetings(
  g: DemoGenerator,
  accountId: string,
  ownerId: string,
  contacts: { id: string }[],
  month: Date,
) {
  const ids = contacts.map((c) => c.id);
  const at = (day: number, hour: number) => new Date(month.getTime() + (day - 1) * 86_400_000 + hour * 3_600_000);
  const base = { accountId, ownerId, location: 'Woodgrove Bank HQ' };
  addMeeting(g, {
    ...base,
    subject: 'Two-day design workshop',
    start: at(24, 9),
    minutes: 32 * 60,
    type: 'Meeting',
    contacts: ids.slice(0, 3),
    style: 'shared',
  });
  addMeeting(g, {
    ...base,
    subject: 'Site visit',
    start: at(26, 0),
    minutes: 1440,
    type: 'Meeting',
    contacts: [ids[3]!],
    style: 'who',
    allDay: true,
  });
  addMeeting(g, {
    ...base,
    subject: 'Call logged after the fact',
    start: at(27, 15),
    minutes: 0,
    type: null,
    contacts: [ids[4]!],
    style: 'who',
  });
  const seriesStart = at(3, 14);
  const series = addMeeting(g, {
    ...base,
    subject: 'Fortnightly check-in (series)',
    start: seriesStart,
    minutes: 30,
    type: 'Meeting',
    contacts: [ids[5]!],
    style: 'who',
    extra: {
      GroupEventType: '3',
      IsRecurrence2: true,
      Recurrence2PatternText: 'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=2',
      Recurrence2PatternVersion: '1',
    },
  });
  for (const k of [0, 1])
    addMeeting(g, {
      ...base,
      subject: 'Fortnightly check-in',
      start: new Date(seriesStart.getTime() + k * 14 * 86_400_000),
      minutes: 30,
      type: 'Meeting',
      contacts: [ids[5]!],
      style: 'who',
      extra: {
        IsRecurrence2: true,
        IsRecurrence2Exception: false,
        IsRecurrence2Exclusion: false,
        Recurrence2PatternText: series.Recurrence2PatternText,
      },
    });
}
