import { describe, expect, it } from 'vitest';
import {
  MAX_MONTH_CLIENT_MAN_HOURS,
  parseReturnSubmission,
  submissionKey,
} from '../../src/features/cycle/parse-return-submission.ts';
import { toSalesforceId18 } from '../../src/core/domain/salesforce-id.ts';
import type { Period } from '../../src/core/domain/period.ts';

const period = '2026-09' as Period;
/** A return that is valid as it stands; each test spoils one field. */
const valid = {
  eventIds: '',
  noMeetings: 'true',
  ballWith: 'us',
  riskFlags: '',
  stage: '',
  nextStep: '',
};
const parse = (data: Record<string, unknown>) => parseReturnSubmission(data, period, []);
const OBJECT_PROPERTIES = ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'isPrototypeOf'];

describe('The submitted return refuses what only looks valid', () => {
  it('accepts the untouched return (the baseline the other tests spoil)', () => {
    expect(parse(valid).ok).toBe(true);
  });

  it.each(OBJECT_PROPERTIES)(
    'When "%s" (a property of every object) is given as who has the ball, then it is refused',
    (name) => {
      const r = parse({ ...valid, ballWith: name });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.ballWith).toBe('Say who has the ball for the next step.');
    },
  );

  it.each(OBJECT_PROPERTIES)('When "%s" is given as a risk flag, then it is refused', (name) => {
    const r = parse({ ...valid, riskFlags: `price_pressure,${name}` });
    expect(r.ok).toBe(false);
  });

  it.each(OBJECT_PROPERTIES)('When "%s" is given as an activity type, then it is refused', (name) => {
    const r = parse({ ...valid, a0_title: 'Kick-off', a0_type: name, a0_date: '2026-09-10' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.a0).toBe('Choose the kind of activity.');
  });

  it.each(['2026-09-31', '2026-02-30', '2026-09-00', '2026-13-01'])(
    'When the impossible date %s is given, then it is refused, not rolled over',
    (date) => {
      const meeting = parse({ ...valid, noMeetings: '', n0_date: date, n0_minutes: '60', n0_clients: '2' });
      expect(meeting.ok).toBe(false);
      const activity = parse({ ...valid, a0_title: 'Kick-off', a0_type: 'workshop', a0_date: date });
      expect(activity.ok).toBe(false);
    },
  );

  it('When more meetings are logged than the form first offered, then each is read, up to the 50 rows a form can hold', () => {
    const logged = (rows: number[]) =>
      Object.fromEntries(
        rows.flatMap((j) => [
          [`n${j}_date`, `2026-09-${String(1 + (j % 28)).padStart(2, '0')}`],
          [`n${j}_minutes`, '30'],
          [`n${j}_clients`, '1'],
        ]),
      );
    const six = parse({ ...valid, noMeetings: '', ...logged([0, 1, 2, 3, 4, 5]) });
    expect(six.ok && six.answers.meetings.length).toBe(6);
    // A row with only its minutes is still a started row, and is asked for its date.
    const started = parse({ ...valid, noMeetings: '', ...logged([0, 1, 2]), n3_minutes: '45' });
    expect(!started.ok && started.errors.n3).toContain('Give a date inside the month.');
    const beyond = parse({ ...valid, noMeetings: '', ...logged(Array.from({ length: 51 }, (_, j) => j)) });
    expect(beyond.ok && beyond.answers.meetings.length).toBe(50);
  });

  it('When the meetings add up to more client man-hours than a month can hold, then the return is refused with the figure', () => {
    // Two all-day meetings with 500 client attendees each: 24,000 h, the kind of slip that was stored before.
    const huge = { ...valid, noMeetings: '', n0_date: '2026-09-10', n0_minutes: '1440', n0_clients: '500' };
    const r = parse({ ...huge, n1_date: '2026-09-11', n1_minutes: '1440', n1_clients: '500' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.general).toMatch(/24,000 client man-hours, more than the 2,000 h/);
    // At the bound it is accepted: 2,000 h exactly (a 10-hour day with 200 client people).
    const atBound = parse({ ...valid, noMeetings: '', n0_date: '2026-09-10', n0_minutes: '600', n0_clients: '200' });
    expect(atBound.ok).toBe(true);
    expect(MAX_MONTH_CLIENT_MAN_HOURS).toBe(2000);
  });

  it('When a 15-character Salesforce id is given, then it is read as its 18-character form, not as an unknown account', () => {
    // The case-safe suffix: per block of five characters, one letter saying which of them are upper case.
    expect(toSalesforceId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(submissionKey.parse({ period: '2026-09', accountId: '001000000000001' }).accountId).toBe(
      '001000000000001AAA',
    );
    expect(submissionKey.parse({ period: '2026-09', accountId: '001000000000001AAA' }).accountId).toBe(
      '001000000000001AAA',
    );
    expect(submissionKey.safeParse({ period: '2026-09', accountId: '001000000000001A' }).success).toBe(false);
  });
});
