/**
 * Meetings about a key account's case that name no contact of their own, through the real sync (jsforce against the
 * stand-in on loopback), the prefill and the scorecard. What the documentation says:
 * - Event.AccountId is derived: from the What when it is an account, an opportunity, a contract or a custom object
 *   that is a child of an account, else from a contact Who; a meeting whose What is a Case and whose Who is empty has
 *   none (Event object reference:
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-event.html).
 * - A semi-join `WhatId IN (SELECT Id FROM Case WHERE ...)` filters on a reference field, which the subquery's one
 *   id field is compared with; semi-joins do not nest (SOQL reference, comparison operators:
 *   https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-comparisonoperators.html).
 * - Removing an invitee deletes its EventRelation row (EventRelation object reference:
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventrelation.html).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testClock } from '../support/test-clock.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { meetingWindow } from '../../src/core/domain/local-time.ts';
import type { Period } from '../../src/core/domain/period.ts';
import { scorecardStore } from '../../src/adapters/store/scorecard-store.ts';
import type { SfRecord } from '../../src/stand-ins/salesforce/dataset.ts';

const now = testClock().now;
const OCTOBER = '2026-10' as Period;
let s: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;
const logs = captureLogs();
let meeting: SfRecord;

const sync = async (options: { full?: boolean } = {}) =>
  runSync({ db: t.db, crm: await s.connect(logs.log), settings: s.settings.jwt, log: logs.log, now }, options);

/** The case meeting's prefill row on its account's October form, if any. */
async function prefilled(accountId: string) {
  const rows = await returnsStore(t.db).salesforceMeetings(accountId, meetingWindow(OCTOBER, 'Europe/Rome'));
  return rows.find((m) => m.sfEventId === meeting.Id);
}

beforeAll(async () => {
  // The demo org as `npm start` builds it: Litware Energy's case review names its people as invitees only.
  s = await startSalesforce();
  t = await openTestDatabase();
  meeting = s.sf.data.records('Event').find((e) => e.Subject === 'Case review: outage follow-up')!;
});
afterAll(async () => {
  await s?.sf.stop();
  await t?.close();
});

describe('Meetings about a key account’s case (clock at 4 Nov 2026)', { timeout: 60_000 }, () => {
  it('When a meeting about a case names its client people as invitees only, then it is on the account, prefilled and counted', async () => {
    expect(meeting).toMatchObject({ AccountId: null, WhoId: null });
    const litware = s.sf.data.records('Account').find((a) => a.Name === 'Litware Energy')!;
    const about = s.sf.data.records('Case').find((c) => c.Id === meeting.WhatId)!;
    expect(about.AccountId).toBe(litware.Id);
    await sync();
    const [row] = await t.db.query<{ account_id: string; via_case_id: string }>(
      'SELECT account_id, via_case_id FROM sf_events WHERE id = $1',
      [meeting.Id],
    );
    expect(row).toEqual({ account_id: litware.Id, via_case_id: about.Id });
    expect(await prefilled(litware.Id)).toMatchObject({ minutes: 90, clientAttendees: 2, faceToFace: true });
    // The scorecard's people met from this meeting alone are its two invitees, the account's own contacts.
    const invitees = s.sf.data
      .records('EventRelation')
      .filter((r) => r.EventId === meeting.Id)
      .map((r) => r.RelationId);
    const met = await scorecardStore(t.db).peopleMet(litware.Id, meetingWindow(OCTOBER, 'Europe/Rome'), [meeting.Id]);
    expect(met.map((p) => p.id).sort()).toEqual([...invitees].sort());
  });

  it('When an invitee is removed from a case meeting between two scheduled syncs, then it no longer counts', async () => {
    await sync();
    const litwareId = (
      await t.db.query<{ account_id: string }>('SELECT account_id FROM sf_events WHERE id = $1', [meeting.Id])
    )[0]!.account_id;
    const invitee = s.sf.data.records('EventRelation').find((r) => r.EventId === meeting.Id)!;
    s.sf.data.remove(invitee.Id);
    await sync();
    expect(await prefilled(litwareId)).toMatchObject({ clientAttendees: 1 });
  });

  it('When the case meeting is deleted, then the next incremental sync drops it', async () => {
    await sync();
    const litwareId = (
      await t.db.query<{ account_id: string }>('SELECT account_id FROM sf_events WHERE id = $1', [meeting.Id])
    )[0]!.account_id;
    s.sf.data.remove(meeting.Id);
    await sync();
    expect(await prefilled(litwareId)).toBeUndefined();
  });
});
