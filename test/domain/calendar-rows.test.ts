import { describe, expect, it } from 'vitest';
import { calendarRows, GONE_FROM_CALENDAR, LOGGED_SAME_DAY } from '../../src/core/domain/calendar-rows.ts';
import type { MonthlyReturn, ReturnMeetingEntry } from '../../src/core/domain/monthly-return.ts';

const row = (over: Partial<ReturnMeetingEntry>): ReturnMeetingEntry => ({
  sfEventId: null,
  date: '2026-10-09',
  subject: 'Lunch',
  minutes: 90,
  clientAttendees: 1,
  ourAttendees: 1,
  faceToFace: true,
  clientNames: ['Ana Silva'],
  notes: ['a meeting place: face to face'],
  ...over,
});
const lunch = row({ calendarEventId: 'AAMkLunch=' });
const call = row({ calendarEventId: 'AAMkCall=', date: '2026-10-14', subject: 'Call', faceToFace: false });
const returnOf = (status: MonthlyReturn['status'], meetings: ReturnMeetingEntry[]) =>
  ({ status, meetings }) as unknown as MonthlyReturn;

describe('Which calendar rows a check-in lists, and ticked how (DOMAIN.md: never counted twice)', () => {
  it('Ticks every meeting found when nothing is saved', () => {
    expect(calendarRows([lunch, call], undefined).map((r) => r.keep)).toEqual([true, true]);
  });

  it('Leaves unticked a meeting on a day a meeting was logged by hand, and says why', () => {
    const logged = returnOf('draft', [row({ date: '2026-10-09', subject: '' })]);
    const rows = calendarRows([lunch, call], logged);
    expect(rows.map((r) => r.keep)).toEqual([false, true]);
    expect(rows[0]!.notes).toEqual(['a meeting place: face to face', LOGGED_SAME_DAY]);
  });

  it('Shows a submitted return as saved: figures kept, unticked where it was not kept', () => {
    const saved = returnOf('submitted', [{ ...lunch, minutes: 60, notes: undefined }]);
    const rows = calendarRows([lunch, call], saved);
    expect(rows.map((r) => [r.subject, r.minutes, r.keep])).toEqual([
      ['Lunch', 60, true],
      ['Call', 90, false],
    ]);
    expect(rows[0]!.notes).toEqual(lunch.notes);
  });

  it('Keeps listing a saved meeting the calendar no longer has, ticked and marked, instead of dropping it', () => {
    const saved = returnOf('submitted', [{ ...lunch, notes: undefined }]);
    const rows = calendarRows([call], saved);
    expect(rows.map((r) => [r.subject, r.keep])).toEqual([
      ['Call', false],
      ['Lunch', true],
    ]);
    expect(rows[1]!.notes).toEqual([GONE_FROM_CALENDAR]);
  });
});
