/**
 * Writes Salesforce accepts, a permission set that works for a minimum-access integration user, a stand-in that
 * refuses what Salesforce refuses, and a demo org shaped like a real one. Documentation relied on:
 * - Upsert with sObject Collections ("Only external ids are supported. Don't use record ids"; every record needs
 *   attributes.type): https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-upsert.html
 * - Update with sObject Collections (PATCH /composite/sobjects, each record an attributes.type and an id):
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html
 * - Query locators expire after 15 minutes of inactivity:
 *   https://developer.salesforce.com/docs/atlas.en-us.238.0.api.meta/api/sforce_api_calls_querymore_querylocator.htm
 * - Field permissions live in permission sets (FieldPermissions); required fields cannot be granted:
 *   https://developer.salesforce.com/docs/atlas.en-us.262.0.object_reference.meta/object_reference/sforce_api_objects_fieldpermissions.htm
 * - Event and EventRelation (demo shapes): https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-event.html,
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventrelation.html
 */
import { meetingWindow } from '../../src/core/domain/local-time.ts';
import { testClock } from '../support/test-clock.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { connectSalesforce } from '../../src/adapters/salesforce/connect-salesforce.ts';
import { SalesforceError } from '../../src/adapters/salesforce/salesforce-errors.ts';
import { queueAccountSummary, queueSalesforceUpsert } from '../../src/adapters/salesforce-outbox/salesforce-writes.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { lastEndedPeriod } from '../../src/core/domain/period.ts';
import { QUERY_LOCATOR_IDLE_MS } from '../../src/stand-ins/salesforce/salesforce-stand-in.ts';
import type { Crm } from '../../src/adapters/salesforce/salesforce-crm.ts';

/** The instant this file runs at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;

const logs = captureLogs();
// Both committed permission sets, as assigned in an org with Account Teams.
const permissionSet = ['Pulse_Integration', 'Pulse_Integration_Account_Teams']
  .map((name) =>
    readFileSync(
      join(
        import.meta.dirname,
        `../../salesforce/force-app/main/default/permissionsets/${name}.permissionset-meta.xml`,
      ),
      'utf8',
    ),
  )
  .join('\n');
/** The fields the committed permission set makes readable. */
const granted = new Set(
  [...permissionSet.matchAll(/<fieldPermissions>[\s\S]*?<field>([^<]+)<\/field>\s*<readable>true<\/readable>/g)].map(
    (m) => m[1]!,
  ),
);

describe('Writes Salesforce accepts (rule 6) and what the stand-in refuses (rule 8) (clock at 4 Nov 2026, 10:00 UTC)', {
  timeout: 90_000,
}, () => {
  let s: Awaited<ReturnType<typeof startSalesforce>>;
  let t: TestDatabase;
  let crm: Crm;
  let conn: Awaited<ReturnType<typeof connectSalesforce>>['conn'];
  let now = Date.now();
  beforeAll(async () => {
    s = await startSalesforce({ keyAccounts: 2, meetingsPerAccount: 1, pageSize: 5, clock: () => now });
    t = await openTestDatabase();
    crm = await s.connect(logs.log);
    conn = (await connectSalesforce({ ...s.settings.jwt, connection: s.settings.jwt.connection! }, logs.log)).conn;
  });
  afterAll(async () => {
    await s.sf.stop();
    await t.close();
  });
  const account = () => s.sf.data.records('Account').find((a) => a.Name === 'Northwind Logistics')!;
  const raw = (url: string, body: unknown) =>
    conn.request<{ success: boolean; errors: { statusCode: string }[] }[]>({
      method: 'PATCH',
      url: `/services/data/v62.0/${url}`,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  it(
    'When the Account summary is written, then it goes as a collection update by Id (PATCH ' +
      '/composite/sobjects), its number rounded to the field',
    async () => {
      await queueAccountSummary(outboxStore(t.db), account().Id, {
        Pulse_Status__c: 'Developing',
        Pulse_Client_Man_Hours__c: 8.04,
        Pulse_Last_Period__c: '2026-10',
      });
      const before = s.sf.calls.length;
      const stats = await drainSalesforceOutbox({ outbox: outboxStore(t.db), crm, log: logs.log });
      expect(stats).toMatchObject({ sent: 1, failed: 0 });
      expect(s.sf.calls.slice(before).map((c) => c.route)).toEqual(['update']);
      expect(account()).toMatchObject({ Pulse_Status__c: 'Developing', Pulse_Client_Man_Hours__c: 8 });
      await expect(crm.upsert('Pulse_Scorecard__c', [{ Id: account().Id }], 'Id')).rejects.toThrow('external id only');
    },
  );

  it(
    'When a write holds a value the metadata cannot take, then text is cut to the field length and ' +
      'lands; a bad picklist value or an oversized number is refused here, not sent',
    async () => {
      const id = account().Id;
      const outbox = outboxStore(t.db);
      await queueSalesforceUpsert(outbox, 'Pulse_Monthly_Return__c', `${id}-2026-09`, {
        Account__c: id,
        Period__c: '2026-09',
        Next_Step__c: `Call ${'x'.repeat(300)}`,
      });
      await queueSalesforceUpsert(outbox, 'Pulse_Monthly_Return__c', `${id}-2026-08`, {
        Account__c: id,
        Status__c: 'Great',
      });
      await queueSalesforceUpsert(outbox, 'Pulse_Monthly_Return__c', `${id}-2026-07`, {
        Account__c: id,
        Client_Man_Hours__c: 123_456_789,
      });
      const stats = await drainSalesforceOutbox({ outbox, crm, log: logs.log });
      expect(stats).toMatchObject({ sent: 1, failed: 2 });
      const landed = s.sf.data.records('Pulse_Monthly_Return__c');
      expect(landed.map((r) => r.Pulse_Key__c)).toEqual([`${id}-2026-09`]);
      expect([...String(landed[0]!.Next_Step__c)]).toHaveLength(255);
      expect(String(landed[0]!.Next_Step__c).endsWith('…')).toBe(true);
      const reasons = logs.lines.filter((l) => l.msg === 'Salesforce rejected a record; it is parked as failed');
      expect(reasons.map((l) => String(l.reason)).sort()).toEqual([
        expect.stringContaining('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'),
        expect.stringContaining('NUMBER_OUTSIDE_VALID_RANGE'),
      ]);
    },
  );

  it('When a collection write breaks the rules, then the stand-in refuses it as Salesforce does', async () => {
    const id = account().Id;
    const rec = (key: string, extra: Record<string, unknown> = {}) => ({
      attributes: { type: 'Pulse_Scorecard__c' },
      Pulse_Key__c: key,
      Account__c: id,
      ...extra,
    });
    // No attributes.type: the whole request is refused.
    await expect(
      raw('composite/sobjects/Pulse_Scorecard__c/Pulse_Key__c', { records: [{ Pulse_Key__c: 'k1' }] }),
    ).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    // Upsert goes by external id only.
    await expect(
      raw('composite/sobjects/Account/Id', { records: [{ attributes: { type: 'Account' }, Id: id }] }),
    ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    // The same external id twice in one call: both refused, nothing saved.
    const dup = await raw('composite/sobjects/Pulse_Scorecard__c/Pulse_Key__c', {
      records: [rec('dup'), rec('dup'), rec('fine')],
    });
    expect(dup.map((r) => r.errors[0]?.statusCode ?? 'ok')).toEqual([
      'DUPLICATE_EXTERNAL_ID',
      'DUPLICATE_EXTERNAL_ID',
      'ok',
    ]);
    // Values checked against sf-schema.ts: length, precision, restricted picklist, type.
    const bad = await raw('composite/sobjects/Pulse_Scorecard__c/Pulse_Key__c', {
      records: [
        rec('long', { Period__c: '2026-100' }),
        rec('big', { Client_Man_Hours__c: 100_000_000 }),
        rec('pick', { Status__c: 'Thriving' }),
        rec('type', { Developing__c: 'yes' }),
      ],
    });
    expect(bad.map((r) => r.errors[0]?.statusCode)).toEqual([
      'STRING_TOO_LONG',
      'NUMBER_OUTSIDE_VALID_RANGE',
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'INVALID_TYPE_ON_FIELD_IN_RECORD',
    ]);
    expect(s.sf.data.records('Pulse_Scorecard__c').map((r) => r.Pulse_Key__c)).toEqual(['fine']);
    // An update by Id of a record of another type is refused per record.
    const upd = await raw('composite/sobjects', {
      records: [{ attributes: { type: 'Account' }, Id: 'a0x000000000001AAA' }],
    });
    expect(upd[0]!.errors[0]!.statusCode).toBe('MALFORMED_ID');
  });

  it(
    'When a query cursor sits idle for more than 15 minutes, then its next page is refused ' +
      '(INVALID_QUERY_LOCATOR); within 15 minutes it is served',
    async () => {
      const pages = crm.query('Contact', 'SELECT Id, AccountId, Name, Title, Email, SystemModstamp FROM Contact');
      expect((await pages.next()).value!.records).toHaveLength(5);
      now += QUERY_LOCATOR_IDLE_MS - 60_000;
      expect((await pages.next()).value!.records).toHaveLength(5);
      now += QUERY_LOCATOR_IDLE_MS + 1000;
      const error = await pages.next().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SalesforceError);
      expect(String((error as Error).message)).toContain('invalid query locator');
    },
  );

  it('When a query names fields real orgs have that the sync does not read, then they are answered; a field no org has is INVALID_FIELD', async () => {
    const r = await conn.query<Record<string, unknown>>(
      'SELECT Id, Description, ShowAs, IsRecurrence2, RecurrenceActivityId, ActivityDate, EventSubtype FROM Event LIMIT 1',
    );
    expect(Object.keys(r.records[0]!)).toEqual(expect.arrayContaining(['ShowAs', 'IsRecurrence2']));
    await expect(conn.query('SELECT Id, Mood__c FROM Event')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });
});

describe('The permission set for a minimum-access integration user (rule 7) (clock at 4 Nov 2026, 10:00 UTC)', {
  timeout: 90_000,
}, () => {
  it('Grants read on every permissionable field the sync reads and no object permission Salesforce disallows (activities, users, account team members)', () => {
    for (const object of ['Event', 'EventRelation', 'AccountTeamMember', 'User'])
      expect(permissionSet).not.toContain(`<object>${object}</object>`);
    for (const f of ['Event.Type', 'Event.Location', 'Event.WhoId', 'Contact.Title', 'Account.AnnualRevenue'])
      expect(granted.has(f)).toBe(true);
  });

  it(
    'When the user has exactly the permission set, then the whole sync works; when a field is hidden, ' +
      'then the sync stops with an error naming the field and the permission set',
    async () => {
      const s = await startSalesforce({ keyAccounts: 2, meetingsPerAccount: 1, readableFields: granted });
      const t = await openTestDatabase();
      try {
        const crm = await s.connect(logs.log);
        const summary = await runSync({ db: t.db, crm, settings: s.settings.jwt, log: logs.log, now: pinned });
        expect(summary.read).toMatchObject({ Account: 2, Contact: 14 });
        expect(summary.read.Event).toBeGreaterThan(0);
        expect(summary.read.AccountTeamMember).toBe(2);
        s.sf.options.readableFields = new Set([...granted].filter((f) => f !== 'Event.Type'));
        const error = await runSync(
          { db: t.db, crm, settings: s.settings.jwt, log: logs.log, now: pinned },
          { full: true },
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SalesforceError);
        expect((error as SalesforceError).code).toBe('FIELD_ACCESS');
        expect((error as Error).message).toContain('read Event.Type');
        expect((error as Error).message).toContain('Assign the Pulse_Integration permission set');
      } finally {
        await s.sf.stop();
        await t.close();
      }
    },
  );
});

describe('The demo org looks like a real org (rule 9) (clock at 4 Nov 2026, 10:00 UTC)', { timeout: 90_000 }, () => {
  let s: Awaited<ReturnType<typeof startSalesforce>>;
  let t: TestDatabase;
  beforeAll(async () => {
    s = await startSalesforce();
    t = await openTestDatabase();
    await runSync({ db: t.db, crm: await s.connect(logs.log), settings: s.settings.jwt, log: logs.log, now: pinned });
  });
  afterAll(async () => {
    await s.sf.stop();
    await t.close();
  });

  it(
    'Holds every shape: WhoId-only and Shared Activities meetings, invitees, declined invitees, child ' +
      'copies, Classic and Lightning series, a two-day workshop, an all-day and a 0-minute event, a blank ' +
      'Type, a consultant and a lead',
    () => {
      const events = s.sf.data.records('Event');
      const relations = s.sf.data.records('EventRelation');
      const rowsOf = new Set(relations.map((r) => r.EventId));
      const contact = (id: unknown) => s.sf.data.find(String(id))?.record;
      const keyIds = new Set(
        s.sf.data
          .records('Account')
          .filter((a) => a.Key_Account__c)
          .map((a) => a.Id),
      );
      // The organiser never has a row of their own.
      expect(events.some((e) => relations.some((r) => r.EventId === e.Id && r.RelationId === e.OwnerId))).toBe(false);
      expect(events.filter((e) => e.WhoId && !e.IsChild && !rowsOf.has(e.Id)).length).toBeGreaterThan(5);
      expect(relations.filter((r) => r.IsParent && !r.IsInvitee).length).toBeGreaterThan(5);
      expect(relations.filter((r) => r.IsInvitee && String(r.RelationId).startsWith('003')).length).toBeGreaterThan(5);
      expect(relations.some((r) => r.Status === 'Declined')).toBe(true);
      expect(events.some((e) => e.IsChild)).toBe(true);
      expect(events.some((e) => e.IsRecurrence)).toBe(true);
      expect(events.some((e) => e.GroupEventType === '3')).toBe(true);
      expect(events.some((e) => e.IsRecurrence2 && e.GroupEventType !== '3')).toBe(true);
      expect(events.some((e) => Number(e.DurationInMinutes) > 1440)).toBe(true);
      expect(events.some((e) => e.IsAllDayEvent)).toBe(true);
      expect(events.some((e) => e.DurationInMinutes === 0)).toBe(true);
      expect(events.some((e) => e.Type === null && !e.IsChild)).toBe(true);
      expect(
        relations.some((r) => {
          const c = contact(r.RelationId);
          return String(r.RelationId).startsWith('003') && c && !keyIds.has(String(c.AccountId));
        }),
      ).toBe(true);
      expect(relations.some((r) => String(r.RelationId).startsWith('00Q'))).toBe(true);
    },
  );

  it(
    "When Dana opens last month's Woodgrove Bank return, then the prefill shows the workshop, the " +
      "all-day visit, the 0-minute call and the series' occurrences (not the series record), each with its " +
      'reason',
    async () => {
      const woodgrove = s.sf.data.records('Account').find((a) => a.Name === 'Woodgrove Bank')!;
      const prefill = await returnsStore(t.db).salesforceMeetings(
        woodgrove.Id,
        meetingWindow(lastEndedPeriod(pinned()), 'UTC'),
      );
      const bySubject = new Map(prefill.map((m) => [m.subject, m]));
      expect(bySubject.get('Two-day design workshop')).toMatchObject({ minutes: 960, clientAttendees: 3 });
      expect(bySubject.get('Site visit')).toMatchObject({ minutes: 480, clientAttendees: 1 });
      expect(bySubject.get('Call logged after the fact')).toMatchObject({ minutes: 0, faceToFace: true });
      expect(bySubject.get('Call logged after the fact')!.notes).toContain('no length in Salesforce: give the minutes');
      expect(prefill.filter((m) => m.subject === 'Fortnightly check-in')).toHaveLength(2);
      expect(bySubject.has('Fortnightly check-in (series)')).toBe(false);
    },
  );
});
