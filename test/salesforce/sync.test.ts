import { meetingWindow } from '../../src/core/domain/local-time.ts';
import { testClock } from '../support/test-clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { sfDateTime } from '../../src/stand-ins/salesforce/dataset.ts';
import { queueSalesforceUpsert } from '../../src/adapters/salesforce-outbox/salesforce-writes.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import type { Crm } from '../../src/adapters/salesforce/salesforce-crm.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { clientManHours } from '../../src/core/domain/man-hours.ts';
import { addMonths, lastEndedPeriod } from '../../src/core/domain/period.ts';

/** The instant this file runs at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;

let s: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;
let crm: Crm;
const logs = captureLogs();
const sync = (o: { full?: boolean; dryRun?: boolean } = {}, settings = s.settings.jwt) =>
  runSync({ db: t.db, crm, settings, log: logs.log, now: pinned }, o);
const count = async (table: string, where = 'true') =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))[0]!.n;

beforeAll(async () => {
  s = await startSalesforce({ pageSize: 40 });
  t = await openTestDatabase();
  crm = await s.connect(logs.log);
});
afterAll(async () => {
  await s.sf.stop();
  await t.close();
});

describe('Salesforce sync (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it(
    'When it runs first, then key accounts, their owners and managers, contacts, meetings, attendees, ' +
      'open opportunities and recent cases are stored',
    async () => {
      const summary = await sync();
      expect(summary.read).toMatchObject({ Account: 12, Contact: 84, Opportunity: 24 });
      expect(await count('sf_accounts')).toBe(12);
      expect(await count('sf_users')).toBe(6);
      // Meetings are the Events that are neither an invitee's child copy nor a series record beside its occurrences.
      const keyIds = new Set(
        s.sf.data
          .records('Account')
          .filter((a) => a.Key_Account__c)
          .map((a) => a.Id),
      );
      // An event's account: its own, or for a meeting about a case with no AccountId, the case's.
      const accountOf = (e: Record<string, unknown>) =>
        e.AccountId ?? s.sf.data.records('Case').find((c) => c.Id === e.WhatId)?.AccountId;
      const meetings = s.sf.data
        .records('Event')
        .filter((e) => keyIds.has(String(accountOf(e))) && !e.IsChild && !e.IsRecurrence && e.GroupEventType !== '3');
      expect(s.sf.data.count('Event')).toBeGreaterThan(meetings.length);
      expect(await count('sf_events')).toBe(meetings.length);
      expect(await count('sf_contacts', 'level IS NOT NULL')).toBe(84);
      // The seed example: 0.5 + 1 + 2 + 6 + 8 client man-hours over five months, through the prefill's rules.
      const northwind = s.sf.data.records('Account').find((a) => a.Name === 'Northwind Logistics')!;
      const last = lastEndedPeriod(pinned());
      let total = 0;
      for (let back = 4; back >= 0; back--) {
        const window = meetingWindow(addMonths(last, -back), 'UTC');
        total += clientManHours(await returnsStore(t.db).salesforceMeetings(northwind.Id, window));
      }
      expect(total).toBe(17.5);
      expect(summary.apiCalls).toBeGreaterThan(0);
      expect(summary.apiUsage?.max).toBe(100_000);
    },
  );

  it('When a meeting changes in Salesforce, then the next sync reads little more than it and stores the change', async () => {
    const event = s.sf.data.records('Event')[0]!;
    s.sf.touch('Event', { Id: event.Id, DurationInMinutes: 95 });
    const summary = await sync();
    expect(summary.read.Event).toBeLessThanOrEqual(3);
    expect(
      (
        await t.db.query<{ duration_minutes: number }>('SELECT duration_minutes FROM sf_events WHERE id = $1', [
          event.Id,
        ])
      )[0]!.duration_minutes,
    ).toBe(95);
  });

  it('When records are malformed (bad id, bad date, negative duration), then each is skipped with its reason and the rest is stored', async () => {
    const acct = s.sf.data.records('Account')[0]!;
    const base = {
      AccountId: acct.Id,
      OwnerId: acct.OwnerId,
      Subject: 'x',
      IsAllDayEvent: false,
      Type: 'Meeting',
      Location: null,
      IsChild: false,
      EndDateTime: null,
    };
    s.sf.touch('Event', { ...base, Id: 'not-an-id', StartDateTime: sfDateTime(pinned()), DurationInMinutes: 30 });
    s.sf.touch('Event', {
      ...base,
      StartDateTime: sfDateTime(pinned()),
      EndDateTime: 'next tuesday',
      DurationInMinutes: null,
    });
    s.sf.touch('Event', { ...base, StartDateTime: sfDateTime(pinned()), DurationInMinutes: -30 });
    const good = s.sf.touch('Event', { ...base, StartDateTime: sfDateTime(pinned()), DurationInMinutes: 45 });
    const summary = await sync();
    expect(summary.skipped.Event).toBe(3);
    const reasons = logs.lines
      .filter((l) => l.msg === 'skipped a malformed Salesforce record')
      .map((l) => String(l.reason));
    expect(reasons.some((r) => r.includes('Id: must be a Salesforce id'))).toBe(true);
    expect(reasons.some((r) => r.includes('EndDateTime: must be a datetime'))).toBe(true);
    expect(reasons.some((r) => r.includes('DurationInMinutes: must not be negative'))).toBe(true);
    expect(await count('sf_events', `id = '${good.Id}'`)).toBe(1);
    for (const r of s.sf.data.records('Event').filter((e) => e.Subject === 'x' && e.Id !== good.Id))
      s.sf.data.remove(r.Id);
  });

  it('When an account becomes a key account, then its older history is read too; when one stops being key, it is marked', async () => {
    const buyer = s.sf.data.records('Account').find((a) => a.Name === 'Occasional Buyer Ltd')!;
    const old = sfDateTime(new Date(pinned().getTime() - 40 * 86_400_000));
    s.sf.data.put('Event', {
      AccountId: buyer.Id,
      OwnerId: buyer.OwnerId,
      Subject: 'Old visit',
      StartDateTime: sfDateTime(new Date(pinned().getTime() - 20 * 86_400_000)),
      EndDateTime: null,
      DurationInMinutes: 60,
      IsAllDayEvent: false,
      Type: 'Meeting',
      Location: 'HQ',
      IsChild: false,
      SystemModstamp: old,
    });
    s.sf.touch('Account', { Id: buyer.Id, Key_Account__c: true });
    const northwind = s.sf.data.records('Account').find((a) => a.Name === 'Northwind Logistics')!;
    s.sf.touch('Account', { Id: northwind.Id, Key_Account__c: false });
    const summary = await sync();
    expect(summary.newKeyAccounts).toBe(1);
    expect(summary.noLongerKey).toBe(1);
    expect(await count('sf_events', `account_id = '${buyer.Id}'`)).toBe(1);
    expect(await count('sf_accounts', `id = '${northwind.Id}' AND NOT is_key`)).toBe(1);
    s.sf.touch('Account', { Id: northwind.Id, Key_Account__c: true });
    s.sf.touch('Account', { Id: buyer.Id, Key_Account__c: false });
  });

  it('When records were deleted in Salesforce, then a full resync removes them here; an incremental one cannot see deletions', async () => {
    const gone = s.sf.data.records('Opportunity')[0]!;
    s.sf.data.remove(gone.Id);
    await sync();
    expect(await count('sf_opportunities', `id = '${gone.Id}'`)).toBe(1);
    const summary = await sync({ full: true });
    expect(summary.deleted.Opportunity).toBeGreaterThanOrEqual(1);
    expect(await count('sf_opportunities', `id = '${gone.Id}'`)).toBe(0);
  });

  it("When the org has Account Teams, then each key account's team is stored; without them the sync carries on", async () => {
    expect(await count('sf_account_team')).toBe(12);
    const saved = s.sf.data.records('AccountTeamMember');
    s.sf.data.removeType('AccountTeamMember');
    const summary = await sync();
    expect(summary.read.Account).toBeGreaterThan(0);
    expect(
      logs.lines.some(
        (l) => l.msg === 'Account Teams are not enabled in this org; owners alone count as the account team',
      ),
    ).toBe(true);
    s.sf.data.declareFields('AccountTeamMember', ['AccountId', 'UserId', 'TeamMemberRole']);
    for (const r of saved) s.sf.data.put('AccountTeamMember', r);
  });

  it('When run with --dry-run, then it reads and lists the writes it would make, and stores and sends nothing', async () => {
    const acct = s.sf.data.records('Account')[1]!;
    await queueSalesforceUpsert(outboxStore(t.db), 'Pulse_Scorecard__c', `${acct.Id}-2026-10`, {
      Account__c: acct.Id,
      Period__c: '2026-10',
      Status__c: 'Stalled',
    });
    s.sf.touch('Event', { Id: s.sf.data.records('Event')[3]!.Id, DurationInMinutes: 77 });
    const runsBefore = await count('sync_runs');
    const summary = await sync({ dryRun: true });
    expect(summary.wouldWrite).toEqual([
      {
        object: 'Pulse_Scorecard__c',
        key: `${acct.Id}-2026-10`,
        fields: { Account__c: acct.Id, Period__c: '2026-10', Status__c: 'Stalled', Pulse_Key__c: `${acct.Id}-2026-10` },
      },
    ]);
    expect(s.sf.data.count('Pulse_Scorecard__c')).toBe(0);
    expect(await count('sync_runs')).toBe(runsBefore);
    expect(await count('sf_events', 'duration_minutes = 77')).toBe(0);
    const real = await sync();
    expect(real.writes.sent).toBe(1);
    expect(s.sf.data.count('Pulse_Scorecard__c')).toBe(1);
  });
});
