import { describe, expect, it } from 'vitest';
import { digestDue } from '../../src/core/domain/plan-digest.ts';

describe('When the joint plan digest is due (organisation calendar dates)', () => {
  it.each([
    // Weekly: the week's Monday from nine, and any later day of that week.
    ['weekly', '2026-11-09', 8, null],
    ['weekly', '2026-11-09', 9, { monday: '2026-11-09', since: '2026-11-02' }],
    ['weekly', '2026-11-15', 23, { monday: '2026-11-09', since: '2026-11-02' }],
    // Monthly: only in the week of the month's first Monday; since the first Monday of the month before.
    ['monthly', '2026-11-02', 9, { monday: '2026-11-02', since: '2026-10-05' }],
    ['monthly', '2026-11-04', 0, { monday: '2026-11-02', since: '2026-10-05' }],
    ['monthly', '2026-11-09', 12, null],
    // A month starting on a Monday, and a year's turn: 2027-02-01 is a Monday; the first Monday of 2027 is the 4th.
    ['monthly', '2027-02-01', 9, { monday: '2027-02-01', since: '2027-01-04' }],
    ['monthly', '2027-01-04', 9, { monday: '2027-01-04', since: '2026-12-07' }],
    // A week that starts in the month before (Monday 28 December) belongs to December: January waits for the 4th.
    ['monthly', '2027-01-01', 9, null],
  ] as const)('%s on %s at %i:00', (cadence, today, hour, expected) => {
    expect(digestDue(cadence, today, hour)).toEqual(expected);
  });
});
