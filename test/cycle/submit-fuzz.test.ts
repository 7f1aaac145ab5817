import { cyclePeriodsStore } from '../../src/adapters/store/cycle-periods-store.ts';
import { PINNED_AT } from '../support/test-clock.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ids, useTestBot } from '../support/start-test-bot.ts';
import { parseReturnSubmission } from '../../src/features/cycle/parse-return-submission.ts';
import { isInPeriod, type Period } from '../../src/core/domain/period.ts';
import type { ReturnMeetingEntry } from '../../src/core/domain/monthly-return.ts';
import { syncStore } from '../../src/adapters/store/sync-store.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { keyAccountRow, salesforceUserRow } from '../support/salesforce-rows.ts';
import { qbrMeeting } from '../support/sample-return.ts';

const period = '2026-10' as Period;
const prefill: ReturnMeetingEntry[] = [qbrMeeting];
const keys = [
  'eventIds',
  'm0_keep',
  'm0_minutes',
  'm0_clients',
  'm0_f2f',
  'n0_date',
  'n0_minutes',
  'n0_clients',
  'n1_date',
  'noMeetings',
  'a0_title',
  'a0_type',
  'a0_date',
  'ballWith',
  'riskFlags',
  'nextStep',
  'stage',
  'period',
  'accountId',
  '__proto__',
  'constructor',
];
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string()),
  fc.object(),
  fc.constantFrom('true', '60', '2026-10-15', '00U000000000001AAA', 'us', 'price_pressure', '99999', '-5', '1e3'),
);
const payload = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), anyValue);

describe('Fuzzing the submitted return', () => {
  it('parses any payload without throwing; whatever it accepts is within bounds', () => {
    fc.assert(
      fc.property(payload, (data) => {
        const r = parseReturnSubmission(data, period, prefill);
        if (!r.ok) return Object.keys(r.errors).length > 0;
        const a = r.answers;
        return (
          a.meetings.every(
            (m) =>
              Number.isInteger(m.minutes) &&
              m.minutes >= 1 &&
              m.minutes <= 1440 &&
              m.clientAttendees >= 0 &&
              m.clientAttendees <= 500 &&
              isInPeriod(m.date, period),
          ) &&
          a.keyActivities.every(
            (k) => k.title.length <= 120 && isInPeriod(k.date, period) && !/[*_`[\]<>]/.test(k.title),
          ) &&
          (a.nextStep === null ||
            (a.nextStep.length <= 200 && !/[*_`[\]<>]/.test(a.nextStep) && !/\w:\/\//.test(a.nextStep))) &&
          ['us', 'client', 'joint', 'nobody'].includes(a.ballWith ?? '') &&
          (a.stage === null || [1, 2, 3, 4, 5].includes(a.stage)) &&
          !(a.noMeetings && a.meetings.length)
        );
      }),
      { numRuns: 3000 },
    );
  });

  describe('through the bot', () => {
    const t = useTestBot({ resetEachTest: false });
    const accountId = '001000000000001AAA';
    beforeAll(async () => {
      const now = new Date(PINNED_AT);
      await syncStore(t.tdb.db).upsert(
        'User',
        [
          salesforceUserRow(
            { id: '005000000000001AAA', name: 'Fuzz Manager', email: 'fuzz@supplier.example', time_zone: 'UTC' },
            now,
          ),
        ],
        now,
      );
      await syncStore(t.tdb.db).upsert(
        'Account',
        [keyAccountRow({ id: accountId, name: 'Fuzz Ltd', owner_id: '005000000000001AAA' }, now)],
        now,
      );
      t.bot.teams.state.addMember(
        {
          id: '29:fuzz',
          name: 'Fuzz Manager',
          aadObjectId: 'aad-fuzz',
          email: 'fuzz@supplier.example',
          userPrincipalName: 'fuzz@supplier.example',
          tenantId: ids.homeTenant,
          userRole: 'user',
        },
        { installed: true },
      );
      await usersStore(t.tdb.db).upsert({
        id: '29:fuzz',
        aadObjectId: 'aad-fuzz',
        tenantId: ids.homeTenant,
        name: 'Fuzz Manager',
        email: 'fuzz@supplier.example',
        upn: 'fuzz@supplier.example',
      });
      await cyclePeriodsStore(t.tdb.db).openPeriod(period);
    });

    it('When random payloads are submitted, then every answer is a 200 invoke response, never a server error, and a refused one changes nothing', async () => {
      const chat = t.bot.teams.state.personalConversation(t.bot.teams.state.members.get('29:fuzz')!);
      await fc.assert(
        fc.asyncProperty(
          payload,
          fc.constantFrom('return.save', 'return.open', 'return.list', 'meeting.log', 'nope'),
          async (data, verb) => {
            const before = JSON.stringify(await returnsStore(t.tdb.db).allReturns(period));
            const value = {
              action: { type: 'Action.Execute', verb, data: { ...data, period, accountId } },
              trigger: 'manual',
            };
            const res = await t.bot.teams.deliver(
              t.bot.teams.activity(chat, '29:fuzz', { type: 'invoke', name: 'adaptiveCard/action', value }),
            );
            const body = res.body as { statusCode: number; type: string };
            expect(res.status).toBe(200);
            expect(body.statusCode === 500).toBe(false);
            const after = JSON.stringify(await returnsStore(t.tdb.db).allReturns(period));
            if (verb !== 'return.save' || !JSON.stringify(body).includes('Saved.')) expect(after).toBe(before);
          },
        ),
        { numRuns: 60 },
      );
      expect(t.bot.logs.lines.filter((l) => l.msg === 'card action failed' || l.msg === 'turn failed')).toEqual([]);
    }, 120_000);
  });
});
