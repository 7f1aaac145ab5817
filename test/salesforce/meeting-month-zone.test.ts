/**
 * Which month a Salesforce meeting belongs to (DOMAIN.md, measure 1): the month in which it started on the account
 * manager's own calendar (their Salesforce time zone), an all-day meeting to its date. Through the real sync (jsforce
 * against the stand-in on loopback), the check-in form's prefill, the save and the scorecard. Documentation relied on:
 * - Event.StartDateTime / ActivityDateTime are dateTime values, instants in UTC; for an all-day event the time is
 *   ignored and the date is what counts (ActivityDate; StartDateTime is midnight GMT of it):
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-event.html
 * - User.TimeZoneSidKey holds the user's time zone as a tz database name (e.g. America/Los_Angeles):
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-user.html
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cyclePeriodsStore } from '../../src/adapters/store/cycle-periods-store.ts';
import { peopleStore, type MappedUser } from '../../src/adapters/store/people-store.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { formCard, saveReturn, type CheckinDeps } from '../../src/features/cycle/checkin.ts';
import { buildScorecard } from '../../src/features/scorecards/build-scorecard.ts';
import { closeCycle } from '../../src/features/cycle/cycle-steps.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import type { Period } from '../../src/core/domain/period.ts';
import { sfDateTime, type SfRecord } from '../../src/stand-ins/salesforce/dataset.ts';
import type { Crm } from '../../src/adapters/salesforce/salesforce-crm.ts';
import { actions, inputValues } from '../support/card-client.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { rememberDemoUser } from '../support/demo-people.ts';
import { startSalesforce } from '../support/start-salesforce.ts';
import { testClock } from '../support/test-clock.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** 4 November 2026, 10:00 UTC. */
const pinned = testClock().now;
const OCTOBER = '2026-10' as Period;
const NOVEMBER = '2026-11' as Period;

let s: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;
let crm: Crm;
const logs = captureLogs();
const people: Record<string, { user: SfRecord; account: SfRecord; contact: SfRecord; me?: MappedUser }> = {};

/** A one-hour face-to-face meeting with the account's contact, starting at `startUtc`. */
function meeting(key: string, subject: string, startUtc: string, fields: Record<string, unknown> = {}) {
  const p = people[key]!;
  const start = new Date(startUtc);
  return s.sf.data.put('Event', {
    AccountId: p.account.Id,
    WhatId: p.account.Id,
    WhoId: p.contact.Id,
    OwnerId: p.user.Id,
    Subject: subject,
    StartDateTime: sfDateTime(start),
    EndDateTime: sfDateTime(new Date(start.getTime() + 3_600_000)),
    DurationInMinutes: 60,
    IsAllDayEvent: false,
    Type: 'Meeting',
    Location: 'Their office',
    IsChild: false,
    IsRecurrence: false,
    GroupEventType: '0',
    ...fields,
  });
}

const deps = (): CheckinDeps => ({
  db: t.db,
  log: logs.log,
  scoringSettings: DEFAULT_SCORING_SETTINGS,
  now: pinned,
  orgTimeZone: 'Europe/London',
});

/** The meetings `key`'s form prefills for `period`: subject and the date shown. */
async function prefilled(key: string, period: Period) {
  await cyclePeriodsStore(t.db).openPeriod(period);
  const card = (await formCard(deps(), period, people[key]!.me!, people[key]!.account.Id)).content;
  const text = JSON.stringify(card);
  return { card, text };
}

beforeAll(async () => {
  s = await startSalesforce({ keyAccounts: 2, meetingsPerAccount: 1 });
  t = await openTestDatabase();
  crm = await s.connect(logs.log);
  for (const [key, name, zone] of [
    ['dana', 'Dana Whitfield', 'America/Los_Angeles'],
    ['marco', 'Marco Rossi', 'Europe/Berlin'],
  ] as const) {
    const found = s.sf.data.records('User').find((u) => u.Name === name)!;
    const user = s.sf.data.put('User', { ...found, TimeZoneSidKey: zone });
    const account = s.sf.data.put('Account', {
      Name: `${name.split(' ')[0]}'s Zone Test Ltd`,
      OwnerId: user.Id,
      Key_Account__c: true,
    });
    const contact = s.sf.data.put('Contact', { AccountId: account.Id, Name: `${key} client`, Title: 'Director' });
    people[key] = { user, account, contact };
  }
  // Dana, in Los Angeles: 23:30 on Saturday 31 October there is 06:30 UTC on 1 November.
  meeting('dana', 'Halloween dinner', '2026-11-01T06:30:00Z');
  // An all-day event on 31 October: Salesforce keeps it at midnight GMT, which is still 30 October in Los Angeles.
  meeting('dana', 'Site day', '2026-10-31T00:00:00Z', { IsAllDayEvent: true, DurationInMinutes: 1440 });
  // Marco, in Berlin: 00:30 on Sunday 1 November there is 23:30 UTC on 31 October.
  meeting('marco', 'Early breakfast', '2026-10-31T23:30:00Z');
  await runSync({ db: t.db, crm, settings: s.settings.jwt, log: logs.log, now: pinned });
  for (const key of ['dana', 'marco']) {
    await rememberDemoUser(t.db, key, { id: `29:${key}`, aadObjectId: `oid-${key}`, tenantId: 'tenant' });
    people[key]!.me = (await peopleStore(t.db).byTeamsUser(`29:${key}`))!;
  }
});
afterAll(async () => {
  await s.sf.stop();
  await t.close();
});

describe("A meeting's month is its account manager's (clock at 4 Nov 2026, 10:00 UTC)", { timeout: 60_000 }, () => {
  it('When a Los Angeles AM met at 23:30 on 31 October, then it is in October, dated 31 October, and counted when saved', async () => {
    expect(people.dana!.me!.timeZone).toBe('America/Los_Angeles');
    const october = await prefilled('dana', OCTOBER);
    expect(october.text).toContain('Halloween dinner');
    expect(october.text).toContain('2026-10-31');
    expect(october.text).not.toContain('2026-11-01');
    // The all-day event keeps its own date, not the Los Angeles date of midnight GMT.
    expect(october.text).toContain('Site day');
    expect(october.text).not.toContain('2026-10-30');
    const november = await prefilled('dana', NOVEMBER);
    expect(november.text).not.toContain('Halloween dinner');

    const save = actions(october.card).find((a) => a.verb === 'return.save')!;
    await saveReturn(deps(), OCTOBER, '29:dana', people.dana!.account.Id, {
      ...inputValues(october.card),
      ...save.data,
      ballWith: 'us',
    });
    const saved = (await returnsStore(t.db).getReturn(OCTOBER, people.dana!.account.Id))!;
    expect(saved.meetings.map((m) => m.subject).sort()).toEqual(['Halloween dinner', 'Site day']);
    // The scorecard counts the person met in the same month.
    const card = (await buildScorecard(deps(), OCTOBER, people.dana!.account.Id))!;
    expect(card.breadth.people).toBe(1);
  });

  it('When a Berlin AM met at 00:30 on 1 November, then it is in November, not October', async () => {
    expect((await prefilled('marco', OCTOBER)).text).not.toContain('Early breakfast');
    const november = await prefilled('marco', NOVEMBER);
    expect(november.text).toContain('Early breakfast');
    expect(november.text).toContain('2026-11-01');
    const card = (await buildScorecard(deps(), OCTOBER, people.marco!.account.Id))!;
    expect(card.breadth.people).toBe(0);
  });

  it(
    'When a save reads the meetings before it knows whose calendar cuts the month, then it keeps only that ' +
      "calendar's month: a meeting of the day before or after is neither saved nor accepted from a card",
    async () => {
      // A save reads the asker and the meetings in one statement, a day either side of the UTC month, then keeps the
      // month on the asker's calendar (local-time.ts, anyZoneMeetingWindow and inMeetingWindow).
      const event = (subject: string) => String(s.sf.data.records('Event').find((e) => e.Subject === subject)!.Id);
      const saveFrom = async (key: string, period: Period, extraEventId?: string) => {
        const form = (await prefilled(key, period)).card;
        const save = actions(form).find((a) => a.verb === 'return.save')!;
        const inputs = { ...inputValues(form), ...save.data, ballWith: 'us' } as Record<string, string>;
        if (extraEventId) inputs.eventIds = [inputs.eventIds, extraEventId].filter(Boolean).join(',');
        return JSON.stringify((await saveReturn(deps(), period, `29:${key}`, people[key]!.account.Id, inputs)).content);
      };
      // Dana's November (Los Angeles) does not hold the dinner of 31 October, though it is 1 November in UTC.
      await saveFrom('dana', NOVEMBER);
      const november = (await returnsStore(t.db).getReturn(NOVEMBER, people.dana!.account.Id))!;
      expect(november.status).toBe('submitted');
      expect(Object.keys(november.salesforceAtSave ?? {})).not.toContain(event('Halloween dinner'));
      expect(november.meetings.map((m) => m.subject)).not.toContain('Halloween dinner');
      // A card that claims it for November is sent back with the latest meetings, and November is unchanged.
      const forged = await saveFrom('dana', NOVEMBER, event('Halloween dinner'));
      expect(forged).toContain('Salesforce changed since this form was made');
      expect(await returnsStore(t.db).getReturn(NOVEMBER, people.dana!.account.Id)).toEqual(november);
      // Marco's October (Berlin) does not take his breakfast of 1 November, though it is 31 October in UTC.
      expect(await saveFrom('marco', OCTOBER, event('Early breakfast'))).toContain(
        'Salesforce changed since this form was made',
      );
      expect(await returnsStore(t.db).getReturn(OCTOBER, people.marco!.account.Id)).toBeUndefined();
    },
  );

  it('When October closes and the write-back runs, then Salesforce gets each month as the managers lived it', async () => {
    // Dana saved October above (the dinner at 23:30 on the 31st, 1 h with 1 client, and the site day, 8 h with 1).
    expect((await returnsStore(t.db).getReturn(OCTOBER, people.dana!.account.Id))!.clientManHours).toBe(9);
    await closeCycle({ ...deps(), defaultServiceUrl: 'http://127.0.0.1:9/' }, OCTOBER);
    // Marco's breakfast at 00:30 on 1 November in Berlin is not October's: his October is missing, with nobody met.
    expect((await returnsStore(t.db).getReturn(OCTOBER, people.marco!.account.Id))!.status).toBe('missing');
    await drainSalesforceOutbox({ outbox: outboxStore(t.db), crm, log: logs.log });
    const written = (object: string, key: string) =>
      s.sf.data.records(object).find((r) => r.Pulse_Key__c === `${people[key]!.account.Id}-${OCTOBER}`);
    expect(written('Pulse_Monthly_Return__c', 'dana')).toMatchObject({
      Period__c: OCTOBER,
      Status__c: 'Submitted',
      Client_Man_Hours__c: 9,
      Client_People_Met__c: 1,
    });
    expect(written('Pulse_Monthly_Return__c', 'marco')).toMatchObject({ Status__c: 'Missing' });
    expect(written('Pulse_Scorecard__c', 'dana')).toMatchObject({ Client_Man_Hours__c: 9, People_Met__c: 1 });
    expect(written('Pulse_Scorecard__c', 'marco')).toMatchObject({ People_Met__c: 0 });
  });

  it("When the demo org's Kolkata AM met her client at 02:00 on 1 October, then her October has it, dated the 1st, and September does not", async () => {
    // The demo org as `npm start` builds it: Priya (Asia/Kolkata) owns Adventure Works Cycles.
    const demo = await startSalesforce();
    const d = await openTestDatabase();
    try {
      await runSync({
        db: d.db,
        crm: await demo.connect(logs.log),
        settings: demo.settings.jwt,
        log: logs.log,
        now: pinned,
      });
      await rememberDemoUser(d.db, 'priya', { id: '29:priya', aadObjectId: 'oid-priya', tenantId: 'tenant' });
      const priya = (await peopleStore(d.db).byTeamsUser('29:priya'))!;
      expect(priya.timeZone).toBe('Asia/Kolkata');
      const straddling = demo.sf.data
        .records('Event')
        .find((e) => String(e.Subject).startsWith('Early breakfast with'))!;
      // In UTC it is still 30 September.
      expect(straddling.StartDateTime).toMatch(/^2026-09-30T20:30:00/);
      const account = String(straddling.AccountId);
      const formOf = async (period: Period) => {
        await cyclePeriodsStore(d.db).openPeriod(period);
        return JSON.stringify((await formCard({ ...deps(), db: d.db }, period, priya, account)).content);
      };
      const october = await formOf(OCTOBER);
      expect(october).toContain('Early breakfast with the plant managers');
      expect(october).toContain('2026-10-01');
      expect(await formOf('2026-09' as Period)).not.toContain('Early breakfast with the plant managers');
    } finally {
      await demo.sf.stop();
      await d.close();
    }
  }, 120_000);
});
