/**
 * An org without Shared Activities, through the real sync (jsforce against the stand-in on loopback). The EventRelation
 * object reference: IsParent and IsWhat exist only where Shared Activities is enabled; without it "EventRelation
 * records only represent invitees (contacts, users, and resources)" and "an event can be related to one contact or
 * lead" (its WhoId). A query naming either field is refused with INVALID_FIELD, as for any field the org lacks.
 * https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventrelation.html
 * The describe call that tells the two apart: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testClock } from '../support/test-clock.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { meetingWindow } from '../../src/core/domain/local-time.ts';
import type { lastEndedPeriod } from '../../src/core/domain/period.ts';

let s: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;
const logs = captureLogs();
const now = testClock().now;

beforeAll(async () => {
  s = await startSalesforce({ keyAccounts: 3, meetingsPerAccount: 2 });
  t = await openTestDatabase();
  // The org as it is without Shared Activities: no related-contact rows (IsParent without IsInvitee), and neither
  // field on the object at all.
  const data = s.sf.data;
  for (const r of data.records('EventRelation'))
    if (r.IsParent === true && r.IsInvitee !== true) data.remove(r.Id as string);
  data.hideField('EventRelation', 'IsParent');
  data.hideField('EventRelation', 'IsWhat');
});
afterAll(async () => {
  await s?.sf.stop();
  await t?.close();
});

describe('An org without Shared Activities', () => {
  it('When the sync runs, then it reads invitees without naming IsParent or IsWhat, and each meeting counts its WhoId and invited contacts', async () => {
    const crm = await s.connect(logs.log);
    const summary = await runSync({ db: t.db, crm, settings: s.settings.jwt, log: logs.log, now });
    expect(summary.read.EventRelation ?? 0).toBeGreaterThan(0);
    const relationQueries = s.sf.calls.filter((c) => c.soql?.includes('FROM EventRelation'));
    expect(relationQueries.length).toBeGreaterThan(0);
    for (const q of relationQueries)
      expect(q).toMatchObject({ status: 200, soql: expect.not.stringMatching(/IsParent|IsWhat/) });
    expect(summary.read.Event ?? 0).toBeGreaterThan(0);

    // A meeting with invited contacts: the prefill counts its WhoId and every invitee of the account who did not decline.
    const data = s.sf.data;
    const event = data
      .records('Event')
      .find(
        (e) =>
          e.IsChild === false &&
          data
            .records('EventRelation')
            .some((r) => r.EventId === e.Id && String(r.RelationId).startsWith('003') && r.Status !== 'Declined'),
      )!;
    expect(event).toBeDefined();
    const invited = data
      .records('EventRelation')
      .filter((r) => r.EventId === event.Id && String(r.RelationId).startsWith('003') && r.Status !== 'Declined')
      .map((r) => r.RelationId as string);
    const contacts = new Set(
      [event.WhoId as string, ...invited].filter((id) => id && data.find(id)?.record.AccountId === event.AccountId),
    );
    const period = (event.StartDateTime as string).slice(0, 7) as ReturnType<typeof lastEndedPeriod>;
    const prefill = await returnsStore(t.db).salesforceMeetings(
      event.AccountId as string,
      meetingWindow(period, 'UTC'),
    );
    const row = prefill.find((m) => m.sfEventId === event.Id)!;
    expect(row.clientAttendees).toBe(contacts.size);
  });
});
