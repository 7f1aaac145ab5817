import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clientManHours, developingVerdict, ourManHours, type ReturnMeeting } from '../../src/core/domain/man-hours.ts';
import {
  addMonths,
  isInPeriod,
  lastEndedPeriod,
  parsePeriod,
  periodBounds,
  periodLabel,
  type Period,
} from '../../src/core/domain/period.ts';

const meeting = (people: number, hours: number, faceToFace = true): ReturnMeeting => ({
  minutes: hours * 60,
  clientAttendees: people,
  ourAttendees: 1,
  faceToFace,
});

describe('Client man-hours', () => {
  it('When the seed example runs (1 x 0.5 h, 1 x 1 h, 2 x 1 h, 6 x 1 h, 4 x 2 h), then every month is developing', () => {
    const months = [[meeting(1, 0.5)], [meeting(1, 1)], [meeting(2, 1)], [meeting(6, 1)], [meeting(4, 2)]].map((m) =>
      clientManHours(m),
    );
    expect(months).toEqual([0.5, 1, 2, 6, 8]);
    const verdicts = months.slice(1).map((h, i) => developingVerdict(h, months[i]!));
    expect(verdicts.map((v) => v.verdict)).toEqual(['developing', 'developing', 'developing', 'developing']);
    expect(verdicts[3]!.text).toBe('8.0 h, up from 6.0: developing');
  });

  it('counts face-to-face meetings only, unless the organisation admits video calls', () => {
    const ms = [meeting(4, 2), meeting(3, 1, false)];
    expect(clientManHours(ms)).toBe(8);
    expect(clientManHours(ms, true)).toBe(11);
    expect(ourManHours(ms)).toBe(2);
  });

  it('a missing return is no data, never zero; equal or fewer hours is not developing', () => {
    expect(developingVerdict(null, 5).verdict).toBe('no data');
    expect(developingVerdict(3, null).verdict).toBe('no data');
    expect(developingVerdict(0, 0).verdict).toBe('not developing');
    expect(developingVerdict(5, 6).text).toBe('5.0 h, down from 6.0: not developing');
  });

  it('adding a client attendee never lowers client man-hours (property)', () => {
    const m = fc.record({
      minutes: fc.integer({ min: 1, max: 1440 }),
      clientAttendees: fc.integer({ min: 0, max: 500 }),
      ourAttendees: fc.integer({ min: 0, max: 50 }),
      faceToFace: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(m, { maxLength: 20 }), fc.nat(), (ms, pick) => {
        if (!ms.length) return true;
        const i = pick % ms.length;
        const more = ms.map((x, j) => (j === i ? { ...x, clientAttendees: x.clientAttendees + 1 } : x));
        return clientManHours(more) >= clientManHours(ms);
      }),
    );
  });
});

describe('Periods', () => {
  it('reads YYYY-MM only, steps across years, and knows its bounds', () => {
    expect(parsePeriod('2026-13')).toBeUndefined();
    expect(parsePeriod('2026-1')).toBeUndefined();
    const jan = parsePeriod('2026-01')!;
    expect(addMonths(jan, -1)).toBe('2025-12');
    expect(addMonths(jan, 12)).toBe('2027-01');
    expect(periodBounds(jan).map((d) => d.toISOString())).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
    ]);
    expect(isInPeriod('2026-01-31', jan)).toBe(true);
    expect(isInPeriod('2026-02-01', jan)).toBe(false);
    expect(lastEndedPeriod(new Date('2026-11-23T10:00:00Z'))).toBe('2026-10' as Period);
    expect(periodLabel(jan)).toBe('January 2026');
  });
});

import { businessDayOfMonth, dueSteps } from '../../src/core/domain/cycle-calendar.ts';

describe('The cycle calendar', () => {
  it('counts business days, skipping weekends (November 2026 starts on a Sunday)', () => {
    expect(businessDayOfMonth(2026, 11, 1)).toBe(0);
    expect(businessDayOfMonth(2026, 11, 2)).toBe(1);
    expect(businessDayOfMonth(2026, 11, 13)).toBe(10);
  });

  it("opens at 9:00 local time on the first business day, about last month, in each account manager's zone", () => {
    const mondayEarly = new Date('2026-11-02T07:30:00Z');
    expect(dueSteps(mondayEarly, 'Europe/London')).toEqual({ period: '2026-10', steps: [] });
    expect(dueSteps(mondayEarly, 'Asia/Kolkata')).toEqual({ period: '2026-10', steps: ['open'] });
    expect(dueSteps(new Date('2026-11-01T12:00:00Z'), 'Europe/London').steps).toEqual([]);
    expect(dueSteps(new Date('2026-11-13T10:00:00Z'), 'Europe/Berlin').steps).toEqual([
      'open',
      'remind1',
      'remind2',
      'close',
    ]);
    expect(dueSteps(new Date('2026-11-05T10:00:00Z'), 'Not/AZone').steps).toEqual(['open', 'remind1']);
  });
});
