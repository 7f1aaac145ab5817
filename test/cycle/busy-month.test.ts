import { describe, expect, it } from 'vitest';
import { returnFormCard } from '../../src/features/cards/monthly-return-cards.ts';
import { parseReturnSubmission } from '../../src/features/cycle/parse-return-submission.ts';
import { EDITABLE_MEETINGS, type ReturnMeetingEntry } from '../../src/core/domain/monthly-return.ts';
import type { Period } from '../../src/core/domain/period.ts';
import { actions, inputValues } from '../support/card-client.ts';

const period = '2026-10' as Period;
const prefill: ReturnMeetingEntry[] = Array.from({ length: 130 }, (_, i) => ({
  sfEventId: `00U0000000${String(i).padStart(5, '0')}AAA`,
  date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
  subject: 'Quarterly business review with the client team',
  minutes: 60,
  clientAttendees: 2,
  ourAttendees: 1,
  faceToFace: true,
  clientNames: ['Ava Novak', 'Ben Singh'],
}));
const formFor = (meetings: (ReturnMeetingEntry & { keep?: boolean; edited?: boolean })[]) =>
  returnFormCard({
    period,
    accountId: '001000000000001AAA',
    accountName: 'Northwind Logistics',
    verdictText: '',
    values: {
      meetings: meetings.map((m) => ({ keep: true, ...m })),
      calendarMeetings: [],
      extraMeetings: [{ date: '', minutes: null, clients: null, faceToFace: true }],
      noMeetings: false,
      activities: [],
      ballWith: '',
      riskFlags: [],
      nextStep: '',
      stage: '',
      jointPlan: false,
      sharedMeasures: false,
    },
  }).content;
const submit = (form: unknown, over: Record<string, string> = {}) => {
  const save = actions(form).find((a) => a.verb === 'return.save')!;
  return parseReturnSubmission({ ...inputValues(form), ...save.data, ballWith: 'us', ...over }, period, prefill);
};

describe('A month with more Salesforce meetings than the form can list (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When an account has 130 meetings in a month, then the form lists 30 to edit, stays under 80 KB, and saving counts all 130', () => {
    const form = formFor(prefill);
    expect(Buffer.byteLength(JSON.stringify(form)) / 1024).toBeLessThan(80);
    expect(JSON.stringify(form)).toContain('100 more meetings from Salesforce');
    expect(Object.keys(inputValues(form)).filter((k) => /^m\d+_keep$/.test(k))).toHaveLength(EDITABLE_MEETINGS);
    const parsed = submit(form, { m0_keep: 'false', m1_clients: '5' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.answers.meetings).toHaveLength(129);
    expect(parsed.answers.meetings.reduce((n, m) => n + m.clientAttendees, 0)).toBe(128 * 2 + 5);
  });

  it('When the listed-as-counted meetings are tampered with (unknown, repeated or missing ids), then nothing is saved and the form comes back', () => {
    const form = formFor(prefill);
    const fixed = String(actions(form).find((a) => a.verb === 'return.save')!.data.fixedEventIds).split(',');
    for (const tampered of [[...fixed.slice(1), '00U000000099999AAA'], [...fixed, fixed[0]!], fixed.slice(1)]) {
      const parsed = submit(form, { fixedEventIds: tampered.join(',') });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.errors.general).toContain('Salesforce changed since this form was made');
    }
  });

  it(
    'When the account manager had excluded or changed a meeting beyond the first rows, then that meeting ' +
      'stays an editable row and saving again keeps the answer',
    () => {
      const answered = prefill.map((m, i) =>
        i === 100 ? { ...m, minutes: 90, edited: true } : i === 110 ? { ...m, keep: false } : m,
      );
      const form = formFor(answered);
      const rows = actions(form).find((a) => a.verb === 'return.save')!.data.eventIds as string;
      expect(rows.split(',')).toHaveLength(EDITABLE_MEETINGS);
      expect(rows.split(',')).toEqual(expect.arrayContaining([prefill[100]!.sfEventId, prefill[110]!.sfEventId]));
      const parsed = submit(form);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.answers.meetings).toHaveLength(129);
      expect(parsed.answers.meetings.find((m) => m.sfEventId === prefill[100]!.sfEventId)!.minutes).toBe(90);
      expect(parsed.answers.meetings.some((m) => m.sfEventId === prefill[110]!.sfEventId)).toBe(false);
    },
  );

  it('When a month has no more meetings than the form lists, then there is no summary line', () => {
    expect(JSON.stringify(formFor(prefill.slice(0, EDITABLE_MEETINGS)))).not.toContain('more meeting');
  });
});
