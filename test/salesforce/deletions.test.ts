/**
 * Deletions and changes between two scheduled syncs, through the real sync (jsforce against the stand-in on loopback). What the
 * documentation says Salesforce does:
 * - A deleted record goes to the Recycle Bin with IsDeleted = true; `query` no longer returns it, `queryAll` does
 *   (REST API, QueryAll resource: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm),
 *   until the Recycle Bin is emptied of records deleted more than 15 days ago
 *   (https://help.salesforce.com/s/articleView?id=sf.home_delete.htm).
 * - Removing an invitee deletes its EventRelation row; deleting an event deletes its relations too (EventRelation
 *   object reference: https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventrelation.html).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { PINNED_AT } from '../support/test-clock.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { meetingWindow } from '../../src/core/domain/local-time.ts';
import type { Period } from '../../src/core/domain/period.ts';
import { buildScorecard } from '../../src/features/scorecards/build-scorecard.ts';
import { keptEventIds } from '../../src/core/domain/monthly-return.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { clientManHours, ourManHours } from '../../src/core/domain/man-hours.ts';
import type { SfRecord } from '../../src/stand-ins/salesforce/dataset.ts';
import { salesforceAsSaved } from '../../src/core/domain/salesforce-changes.ts';
import { cyclePeriodsStore } from '../../src/adapters/store/cycle-periods-store.ts';
import { closeCycle } from '../../src/features/cycle/cycle-steps.ts';

let s: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;
const logs = captureLogs();
const day = 86_400_000;
let at = Date.parse(PINNED_AT);
const now = () => new Date(at);

beforeAll(async () => {
  s = await startSalesforce({ keyAccounts: 3, meetingsPerAccount: 3 });
  t = await openTestDatabase();
});
afterAll(async () => {
  await s?.sf.stop();
  await t?.close();
});

const sync = async (options: { full?: boolean } = {}) =>
  runSync({ db: t.db, crm: await s.connect(logs.log), settings: s.settings.jwt, log: logs.log, now }, options);

/** The prefill row of an event, from the store as the check-in form reads it (undefined when it is gone). */
async function prefillOf(event: SfRecord) {
  const period = (event.StartDateTime as string).slice(0, 7) as Period;
  const rows = await returnsStore(t.db).salesforceMeetings(event.AccountId as string, meetingWindow(period, 'UTC'));
  return rows.find((m) => m.sfEventId === event.Id);
}

/** The contacts invited to an event besides its WhoId, who did not decline. */
const invitedContacts = (event: SfRecord) =>
  s.sf.data
    .records('EventRelation')
    .filter(
      (r) =>
        r.EventId === event.Id &&
        r.RelationId !== event.WhoId &&
        String(r.RelationId).startsWith('003') &&
        r.Status !== 'Declined',
    );

describe('Deletions between two scheduled syncs', () => {
  it('When an event is deleted and an invitee removed in Salesforce, then the next incremental sync drops both', async () => {
    await sync();
    const events = s.sf.data.records('Event').filter((e) => e.IsChild === false);
    const withInvitee = events.find((e) => invitedContacts(e).length > 0)!;
    const doomed = events.find((e) => e.Id !== withInvitee.Id && e.AccountId === withInvitee.AccountId)!;
    expect(await prefillOf(doomed)).toBeDefined();
    const before = (await prefillOf(withInvitee))!.clientAttendees;

    const removed = invitedContacts(withInvitee)[0]!;
    s.sf.data.remove(removed.Id);
    s.sf.data.remove(doomed.Id);
    // Only queryAll still sees them, flagged IsDeleted.
    expect(s.sf.data.records('Event').some((e) => e.Id === doomed.Id)).toBe(false);
    expect(s.sf.data.deleted('Event', s.sf.data.clock()).map((e) => [e.Id, e.IsDeleted])).toEqual([[doomed.Id, true]]);

    const summary = await sync();
    expect(summary.full).toBe(false);
    expect(summary.deleted.Event).toBe(1);
    expect(summary.deleted.EventRelation).toBe(1);
    expect(s.sf.calls.filter((c) => c.route === 'queryAll').map((c) => c.status)).toEqual([200, 200]);
    expect(await prefillOf(doomed)).toBeUndefined();
    expect((await prefillOf(withInvitee))!.clientAttendees).toBe(before - 1);
  });

  it('When an invitee declines after a sync, then the next incremental sync stops counting them', async () => {
    // EventRelation.Status (New, Accepted, Declined) changes with the invitee's answer, and with it SystemModstamp.
    const event = s.sf.data.records('Event').find((e) => e.IsChild === false && invitedContacts(e).length > 0)!;
    const before = (await prefillOf(event))!.clientAttendees;
    const relation = invitedContacts(event)[0]!;
    at += 60_000;
    s.sf.data.put('EventRelation', { ...relation, Status: 'Declined', SystemModstamp: undefined });
    expect((await sync()).full).toBe(false);
    expect((await prefillOf(event))!.clientAttendees).toBe(before - 1);
  });

  it('When the last sync is older than the Recycle Bin keeps deletions, then the next one reads in full and still drops them', async () => {
    const events = s.sf.data.records('Event').filter((e) => e.IsChild === false);
    const doomed = events[0]!;
    s.sf.data.remove(doomed.Id);
    // The Recycle Bin empties of records deleted more than 15 days ago.
    expect(s.sf.data.deleted('Event', new Date(s.sf.data.clock().getTime() + 16 * day)).map((e) => e.Id)).not.toContain(
      doomed.Id,
    );
    at += 16 * day;
    const summary = await sync();
    expect(summary.full).toBe(true);
    expect(summary.deleted.Event).toBeGreaterThanOrEqual(1);
    expect(await prefillOf(doomed)).toBeUndefined();
    expect(logs.text()).toContain('older than the 15 days Salesforce keeps deletions');
  });

  it('When a meeting a saved return kept is deleted in Salesforce, then the saved month keeps it and its people met', async () => {
    const event = s.sf.data.records('Event').find((e) => e.IsChild === false && invitedContacts(e).length > 0)!;
    const accountId = event.AccountId as string;
    const period = (event.StartDateTime as string).slice(0, 7) as Period;
    const returns = returnsStore(t.db);
    const meetings = await returns.salesforceMeetings(accountId, meetingWindow(period, 'UTC'));
    const answers = {
      meetings,
      noMeetings: false,
      keyActivities: [],
      ballWith: 'us' as const,
      riskFlags: [],
      nextStep: null,
      stage: 3 as const,
      jointPlan: false,
      sharedMeasures: false,
    };
    const hours = { client: clientManHours(meetings), ours: ourManHours(meetings) };
    await returns.submit(period, accountId, event.OwnerId as string, answers, hours, 'dana', now(), {
      peopleMet: { window: meetingWindow(period, 'UTC'), keptEventIds: keptEventIds(meetings) },
      salesforce: salesforceAsSaved(meetings),
    });
    const deps = { db: t.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now };
    const before = (await buildScorecard(deps, period, accountId))!.breadth;

    s.sf.data.remove(event.Id);
    const summary = await sync();
    expect(summary.deleted.Event ?? 0).toBe(0);
    expect((await buildScorecard(deps, period, accountId))!.breadth).toEqual(before);
  });

  it('When a contact met in a saved month moves to another company, then a full sync leaves that month as it was', async () => {
    const [saved] = await t.db.query<{ period: Period; account_id: string }>(
      `SELECT period, account_id FROM monthly_returns WHERE status = 'submitted'`,
    );
    const deps = { db: t.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now };
    const before = (await buildScorecard(deps, saved!.period, saved!.account_id))!.breadth;
    expect(before.people).toBeGreaterThan(0);
    // The contact changes account in Salesforce (a new SystemModstamp), as when someone moves company.
    const other = s.sf.data.records('Account').find((a) => a.Id !== saved!.account_id)!;
    for (const c of s.sf.data.records('Contact').filter((x) => x.AccountId === saved!.account_id))
      s.sf.data.put('Contact', { ...c, AccountId: other.Id, SystemModstamp: undefined });
    await sync({ full: true });
    expect((await buildScorecard(deps, saved!.period, saved!.account_id))!.breadth).toEqual(before);
  });

  it('When a month closes without a return and its meetings or people change in Salesforce later, then it reads as at the close', async () => {
    await sync();
    const saved = new Set(
      (await t.db.query<{ account_id: string }>('SELECT account_id FROM monthly_returns')).map((r) => r.account_id),
    );
    const event = s.sf.data
      .records('Event')
      .find((e) => e.IsChild === false && !saved.has(e.AccountId as string) && e.WhoId)!;
    const accountId = event.AccountId as string;
    const period = (event.StartDateTime as string).slice(0, 7) as Period;
    const deps = {
      db: t.db,
      log: logs.log,
      scoringSettings: DEFAULT_SCORING_SETTINGS,
      now,
      defaultServiceUrl: 'http://127.0.0.1:9/',
    };
    await cyclePeriodsStore(t.db).openPeriod(period);
    await closeCycle(deps, period);
    expect((await returnsStore(t.db).getReturn(period, accountId))?.status).toBe('missing');
    const atClose = (await buildScorecard(deps, period, accountId))!.breadth;
    expect(atClose.people).toBeGreaterThan(0);
    // After the close: the meeting is deleted and every contact of the account moves to another company.
    s.sf.data.remove(event.Id);
    const other = s.sf.data.records('Account').find((a) => a.Id !== accountId)!;
    for (const c of s.sf.data.records('Contact').filter((x) => x.AccountId === accountId))
      s.sf.data.put('Contact', { ...c, AccountId: other.Id, SystemModstamp: undefined });
    await sync();
    await sync({ full: true });
    expect(await prefillOf(event)).toBeUndefined();
    expect((await buildScorecard(deps, period, accountId))!.breadth).toEqual(atClose);
  });
});
