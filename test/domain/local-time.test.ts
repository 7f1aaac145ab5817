import { describe, expect, it } from 'vitest';
import {
  anyZoneMeetingWindow,
  calendarZone,
  inMeetingWindow,
  localDate,
  meetingWindow,
  periodBoundsIn,
} from '../../src/core/domain/local-time.ts';
import type { Period } from '../../src/core/domain/period.ts';

const iso = (bounds: [Date, Date]) => bounds.map((d) => d.toISOString());

describe("A month on someone's own calendar", () => {
  it('When the zone is west or east of UTC, then the month runs from their local midnight to the next', () => {
    const cases: [string, string, string, string][] = [
      // Los Angeles is on PDT (UTC-7) until 2:00 on 1 November 2026, on PST (UTC-8) in December.
      ['2026-11', 'America/Los_Angeles', '2026-11-01T07:00:00.000Z', '2026-12-01T08:00:00.000Z'],
      // Berlin left summer time on 25 October: CET (UTC+1) at both ends of November.
      ['2026-11', 'Europe/Berlin', '2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z'],
      // Kolkata is UTC+5:30 all year; London's October starts in summer time and ends in winter time.
      ['2026-10', 'Asia/Kolkata', '2026-09-30T18:30:00.000Z', '2026-10-31T18:30:00.000Z'],
      ['2026-10', 'Europe/London', '2026-09-30T23:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      ['2026-10', 'UTC', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ];
    for (const [period, zone, from, to] of cases)
      expect(iso(periodBoundsIn(period as Period, zone)), `${period} in ${zone}`).toEqual([from, to]);
  });

  it('When the same month is asked again, then the remembered bounds are the same and a caller cannot change them', () => {
    const first = periodBoundsIn('2026-03' as Period, 'America/New_York');
    first[0].setTime(0);
    first[1].setUTCFullYear(1999);
    // New York goes to summer time on 8 March 2026: EST at the start of March, EDT at the start of April.
    expect(iso(periodBoundsIn('2026-03' as Period, 'America/New_York'))).toEqual([
      '2026-03-01T05:00:00.000Z',
      '2026-04-01T04:00:00.000Z',
    ]);
    expect(iso(periodBoundsIn('2026-03' as Period, 'Europe/Berlin'))).toEqual([
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
    ]);
  });

  it("When a zone is missing or unknown, then the organisation's is used, else UTC", () => {
    expect(calendarZone('America/Los_Angeles', 'Europe/London')).toBe('America/Los_Angeles');
    expect(calendarZone(null, 'Europe/London')).toBe('Europe/London');
    expect(calendarZone('Mars/Olympus_Mons', 'Europe/London')).toBe('Europe/London');
    expect(calendarZone(undefined, undefined)).toBe('UTC');
  });

  it('When an instant is dated, then it gets the local date; an all-day window keeps the dates as Salesforce has them', () => {
    expect(localDate(new Date('2026-11-01T06:30:00Z'), 'America/Los_Angeles')).toBe('2026-10-31');
    expect(localDate(new Date('2026-10-31T23:30:00Z'), 'Europe/Berlin')).toBe('2026-11-01');
    const w = meetingWindow('2026-10' as Period, 'America/Los_Angeles');
    expect([w.allDayFrom, w.allDayTo].map((d) => d.toISOString())).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
  });

  it(
    "When a save reads meetings before it knows the asker's zone, then a day either side of the UTC month holds " +
      "every zone's month, and inMeetingWindow keeps that zone's own",
    () => {
      // Every zone this runtime knows (Pacific/Kiritimati is UTC+14, Etc/GMT+12 is UTC-12), in months with and
      // without a change of clocks, and across a year's end.
      const zones = [...Intl.supportedValuesOf('timeZone'), 'Etc/GMT+12', 'Etc/GMT-14', 'UTC'];
      for (const p of ['2026-01', '2026-03', '2026-10', '2026-12'] as Period[]) {
        const any = anyZoneMeetingWindow(p);
        for (const zone of zones) {
          const w = meetingWindow(p, zone);
          expect(w.from.getTime(), `${p} ${zone}`).toBeGreaterThanOrEqual(any.from.getTime());
          expect(w.to.getTime(), `${p} ${zone}`).toBeLessThanOrEqual(any.to.getTime());
          expect([w.allDayFrom, w.allDayTo]).toEqual([any.allDayFrom, any.allDayTo]);
        }
      }
      const la = meetingWindow('2026-10' as Period, 'America/Los_Angeles');
      // 23:30 on 31 October in Los Angeles is 06:30 UTC on 1 November: October's there.
      expect(inMeetingWindow(new Date('2026-11-01T06:30:00Z'), false, la)).toBe(true);
      // 23:30 on 30 September there is 06:30 UTC on 1 October: not October's.
      expect(inMeetingWindow(new Date('2026-10-01T06:30:00Z'), false, la)).toBe(false);
      // An all-day meeting keeps its date: 1 November at midnight UTC is November's, whatever the zone.
      expect(inMeetingWindow(new Date('2026-11-01T00:00:00Z'), true, la)).toBe(false);
      expect(inMeetingWindow(new Date('2026-10-31T00:00:00Z'), true, la)).toBe(true);
      expect(inMeetingWindow(new Date('2026-10-01T00:00:00Z'), true, la)).toBe(true);
    },
  );
});
