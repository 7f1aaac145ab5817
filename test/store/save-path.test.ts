import { cyclePeriodsStore } from '../../src/adapters/store/cycle-periods-store.ts';
import { PINNED_AT } from '../support/test-clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import type { QueuedWrite } from '../../src/adapters/store/return-submit.ts';
import { syncStore } from '../../src/adapters/store/sync-store.ts';
import type { Period } from '../../src/core/domain/period.ts';
import { anyZoneMeetingWindow, meetingWindow } from '../../src/core/domain/local-time.ts';
import { saveContextStore } from '../../src/adapters/store/save-context-store.ts';
import { MAX_LOGGED_MEETINGS, type ReturnAnswers } from '../../src/core/domain/monthly-return.ts';

/** A return with no meetings: no contacts met, no Salesforce meetings shown. */
const NOTHING_AT_SAVE = {
  peopleMet: { window: meetingWindow('2026-10' as Period, 'UTC'), keptEventIds: [] },
  salesforce: {},
};

const period = '2026-10' as Period;
const last = '2026-09' as Period;
const answers = (activities: number, nextStep = 'Send the proposal'): ReturnAnswers => ({
  meetings: [],
  noMeetings: true,
  keyActivities: Array.from({ length: activities }, (_, i) => ({
    title: `Activity ${i}`,
    type: 'workshop' as const,
    date: '2026-10-12',
  })),
  ballWith: 'joint',
  riskFlags: [],
  nextStep,
  stage: 3,
  jointPlan: false,
  sharedMeasures: false,
});

// The save path in few statements: one upsert that reports what it replaced, writes queued in one statement, and
// the check-in's context read at once. Each must behave as the several statements it replaces.
for (const kind of testDatabaseKinds()) {
  describe(`The save path's statements on ${kind}`, () => {
    let t: TestDatabase;
    const now = new Date(PINNED_AT);
    /** Dana's return for Northwind in `month` saved with `a` and `queue` (no meetings: nothing met in Salesforce). */
    const save = (
      month: Period,
      a: ReturnAnswers,
      queue: readonly QueuedWrite[] = [],
      hours = { client: 0, ours: 0 },
    ) =>
      returnsStore(t.db).submit(month, '001000000000001AAA', '005A', a, hours, '29:dana', now, NOTHING_AT_SAVE, queue);
    beforeAll(async () => {
      t = await openTestDatabase(kind);
      await syncStore(t.db).upsert(
        'Account',
        [
          { id: '001000000000001AAA', name: 'Northwind', owner_id: '005A', is_key: true },
          { id: '001000000000002AAA', name: 'Not key', owner_id: '005A', is_key: false },
        ].map((a) => ({ ...a, annual_revenue: null, industry: null, type: null, modstamp: now })),
        now,
      );
    });
    afterAll(() => t.close());

    it('When a return is submitted, then one statement says whether it changed, gives the stored return, and how many key activities it had', async () => {
      const store = returnsStore(t.db);
      const first = await save(period, answers(3));
      expect(first).toMatchObject({ changed: true, activitiesBefore: 0 });
      // Saved at the use case's clock, not the database's (the same instant Salesforce gets).
      expect(first.saved).toMatchObject({
        status: 'submitted',
        nextStep: 'Send the proposal',
        stage: 3,
        submittedAt: now,
      });
      expect(first.saved.keyActivities).toHaveLength(3);
      const again = await save(period, answers(3));
      expect(again.changed).toBe(false);
      expect(again.saved).toEqual(await store.getReturn(period, '001000000000001AAA'));
      const fewer = await save(period, answers(1, 'Call'));
      expect(fewer).toMatchObject({ changed: true, activitiesBefore: 3 });
      expect(fewer.saved).toEqual(await store.getReturn(period, '001000000000001AAA'));
      expect(fewer.saved.nextStep).toBe('Call');
    });

    it(
      'When a save carries its writes, then they are queued in its statement only if it changed the ' +
        'return, a delete only if the return had that activity',
      async () => {
        const month = '2026-11' as Period;
        const queued = async () =>
          Object.fromEntries(
            (
              await t.db.query<{ key: string; version: number; payload: { op?: string } }>(
                `SELECT key, version, payload FROM outbox WHERE object LIKE 'Saved%' ORDER BY key`,
              )
            ).map((r) => [r.key, [r.version, r.payload.op ?? 'upsert']]),
          );
        const writes = (activities: number) => [
          { object: 'SavedReturn', key: 'r', payload: { activities } },
          ...Array.from({ length: 3 - activities }, (_, n) => ({
            object: 'SavedActivity',
            key: `a${activities + n}`,
            payload: { op: 'delete' },
            ifActivitiesBefore: activities + n,
          })),
        ];
        await save(month, answers(2), writes(2));
        // A first save had no activities before: nothing to delete.
        expect(await queued()).toEqual({ r: [1, 'upsert'] });
        await save(month, answers(2), writes(2));
        expect(await queued()).toEqual({ r: [1, 'upsert'] });
        const fewer = await save(month, answers(0, 'Call'), [
          ...writes(0),
          { object: 'SavedReturn', key: 'r', payload: { last: true } },
        ]);
        expect(fewer).toMatchObject({ changed: true, activitiesBefore: 2 });
        // Activities 0 and 1 existed and are deleted; 2 never existed; the key given twice keeps its last payload.
        expect(await queued()).toEqual({ a0: [1, 'delete'], a1: [1, 'delete'], r: [2, 'upsert'] });
        const [r] = await t.db.query<{ payload: unknown }>(`SELECT payload FROM outbox WHERE object = 'SavedReturn'`);
        expect(r?.payload).toEqual({ last: true });
      },
    );

    it(
      'When a save kept meetings or named calendar contacts, then its statement counts the people met; when it ' +
        'kept none and named none, then none are stored and the count sent is 0',
      async () => {
        const month = '2026-08' as Period;
        const account = '001000000000001AAA';
        await t.db.exec(`
          INSERT INTO sf_contacts (id, account_id, name, level, modstamp) VALUES
            ('003A', '${account}', 'Ada', 'executive', now()), ('003B', '${account}', 'Ben', 'operational', now()),
            ('003C', '${account}', 'Cy', 'management', now());
          INSERT INTO sf_events (id, account_id, owner_id, start_at, duration_minutes, is_all_day, face_to_face, who_id, modstamp)
            VALUES ('00UA', '${account}', '005A', '2026-08-10T09:00:00Z', 60, false, true, '003A', now());
          INSERT INTO sf_event_attendees (id, event_id, relation_id, kind, status, modstamp)
            VALUES ('0REA', '00UA', '003B', 'contact', 'Accepted', now())`);
        const window = meetingWindow(month, 'UTC');
        const saveWith = (peopleMet: { keptEventIds: string[] | null; calendarContactIds?: string[] }, step: string) =>
          returnsStore(t.db).submit(
            month,
            account,
            '005A',
            answers(0, step),
            { client: 0, ours: 0 },
            '29:dana',
            now,
            { peopleMet: { window, ...peopleMet }, salesforce: {} },
            [{ object: 'Pulse_Monthly_Return__c', key: 'met', payload: { fields: {} }, countPeopleMetAs: 'Met__c' }],
          );
        const sent = async () =>
          (
            await t.db.query<{ payload: { fields: { Met__c: number } } }>(
              `SELECT payload FROM outbox WHERE object = 'Pulse_Monthly_Return__c' AND key = 'met'`,
            )
          )[0]?.payload.fields.Met__c;
        const kept = await saveWith({ keptEventIds: ['00UA'] }, 'Kept the review');
        expect(kept.saved.peopleMet?.map((p) => p.id)).toEqual(['003A', '003B']);
        expect(await sent()).toBe(2);
        const calendarOnly = await saveWith({ keptEventIds: [], calendarContactIds: ['003C'] }, 'Calendar only');
        expect(calendarOnly.saved.peopleMet?.map((p) => p.id)).toEqual(['003C']);
        expect(await sent()).toBe(1);
        const none = await saveWith({ keptEventIds: [] }, 'Kept nothing');
        expect(none.saved.peopleMet).toEqual([]);
        expect(await sent()).toBe(0);
        // Null keeps every meeting of the month, as the scorecard counts them.
        const all = await saveWith({ keptEventIds: null }, 'Kept everything');
        expect(all.saved.peopleMet?.map((p) => p.id)).toEqual(['003A', '003B']);
        expect(await sent()).toBe(2);
      },
    );

    it(
      "When the check-in's context is read, then it has the key account (not another), the period's " +
        "status, and last month's hours only if submitted",
      async () => {
        const store = returnsStore(t.db);
        // Nobody here maps to a Salesforce user, and the accounts have no meetings: the save's read says so.
        const context = (accountId: string) =>
          saveContextStore(t.db).read('29:nobody', period, last, accountId, anyZoneMeetingWindow(period));
        expect(await context('001000000000002AAA')).toEqual({
          me: undefined,
          account: undefined,
          periodStatus: undefined,
          lastMonthHours: null,
          meetings: [],
        });
        await cyclePeriodsStore(t.db).openPeriod(period);
        await store.appendDraftMeeting(
          last,
          '001000000000001AAA',
          '005A',
          {
            sfEventId: null,
            date: '2026-09-03',
            subject: '',
            minutes: 60,
            clientAttendees: 2,
            ourAttendees: 1,
            faceToFace: true,
            clientNames: [],
          },
          MAX_LOGGED_MEETINGS,
        );
        expect(await context('001000000000001AAA')).toEqual({
          me: undefined,
          account: { id: '001000000000001AAA', name: 'Northwind', ownerId: '005A' },
          periodStatus: 'open',
          lastMonthHours: null,
          meetings: [],
        });
        await save(last, answers(0), [], { client: 6.5, ours: 2 });
        await cyclePeriodsStore(t.db).closePeriod(period);
        expect(await context('001000000000001AAA')).toMatchObject({
          periodStatus: 'closed',
          lastMonthHours: 6.5,
        });
      },
    );
  });
}
