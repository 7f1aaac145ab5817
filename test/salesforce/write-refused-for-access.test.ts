/**
 * A write Salesforce refuses for access, then lands once an admin grants it. Salesforce answers a record the user
 * may not edit (Account sharing Private or Public Read Only, without a sharing rule for the integration user) with
 * the per-record status code INSUFFICIENT_ACCESS_OR_READONLY ("You can't perform the specified action because you
 * don't have sufficient permissions": API StatusCode reference,
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { testClock } from '../support/test-clock.ts';
import { openPgliteDatabase } from '../../src/adapters/store/pglite-database.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { queueAccountSummary, queueSalesforceUpsert } from '../../src/adapters/salesforce-outbox/salesforce-writes.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { checkParkedWrites } from '../../src/features/doctor/check-parked-writes.ts';

let s: Awaited<ReturnType<typeof startSalesforce>>;
let dir: string;
let db: Database;
const logs = captureLogs();
const now = testClock().now;

beforeAll(async () => {
  s = await startSalesforce({ keyAccounts: 2, meetingsPerAccount: 1 });
  dir = mkdtempSync(join(tmpdir(), 'pulse-access-'));
  cpSync(inject('pgliteMigratedTemplate'), dir, { recursive: true });
  db = await openPgliteDatabase(dir);
});
afterAll(async () => {
  await db?.close();
  await s?.sf.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sync = async () => runSync({ db, crm: await s.connect(logs.log), settings: s.settings.jwt, log: logs.log, now });

describe('A write refused for access', () => {
  it('When Salesforce refuses a record for access, then it is parked, doctor names the fix, and the next sync after the grant lands it once', async () => {
    await sync();
    const account = s.sf.data.records('Account').find((a) => a.Key_Account__c === true)!;
    await queueSalesforceUpsert(outboxStore(db), 'Pulse_Scorecard__c', `${account.Id}-2026-10`, {
      Account__c: account.Id,
      Period__c: '2026-10',
      Status__c: 'Developing',
    });
    s.sf.recordFaults.push({
      statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
      message: 'insufficient access rights on object id',
      times: 1,
    });
    const refused = await sync();
    expect(refused.writes).toMatchObject({ sent: 0, failed: 1 });
    const parked = await checkParkedWrites(db);
    expect(parked).toMatchObject({ check: 'salesforce write-back', status: 'fail' });
    expect(parked.detail).toContain('1 refused with INSUFFICIENT_ACCESS_OR_READONLY (e.g. Pulse_Scorecard__c ');
    expect(parked.fix).toMatch(/edit access .* each sync tries them again/);

    // The admin grants access (the fault is used up): the next scheduled sync sends it, once.
    const granted = await sync();
    expect(granted.writes).toMatchObject({ sent: 1, failed: 0 });
    expect(s.sf.data.records('Pulse_Scorecard__c').filter((r) => r.Account__c === account.Id)).toHaveLength(1);
    expect(await checkParkedWrites(db)).toMatchObject({ status: 'ok' });
    expect(logs.text()).toContain('trying again the writes Salesforce refused for access');
    expect((await sync()).writes).toMatchObject({ sent: 0, failed: 0 });
  });

  it('When Account sharing is Private, then the org refuses the Account summary update; it lands once the integration user may edit accounts', async () => {
    // Organization.DefaultAccountAccess None is Private (Organization object reference,
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_organization.htm):
    // the integration user, owning no key account, may not edit one without a sharing rule or Modify All.
    await clearOutbox();
    s.sf.data.records('Organization')[0]!.DefaultAccountAccess = 'None';
    const account = s.sf.data.records('Account').find((a) => a.Key_Account__c === true)!;
    try {
      await queueAccountSummary(outboxStore(db), account.Id, { Pulse_Status__c: 'Developing' });
      expect((await sync()).writes).toMatchObject({ sent: 0, failed: 1 });
      expect((await checkParkedWrites(db)).detail).toContain(
        `1 refused with INSUFFICIENT_ACCESS_OR_READONLY (e.g. Account ${account.Id})`,
      );
      expect((await sync()).writes).toMatchObject({ sent: 0, failed: 1 });
      s.sf.accountEditGranted = true;
      expect((await sync()).writes).toMatchObject({ sent: 1, failed: 0 });
      expect(s.sf.data.find(account.Id)!.record.Pulse_Status__c).toBe('Developing');
    } finally {
      s.sf.data.records('Organization')[0]!.DefaultAccountAccess = 'Edit';
      s.sf.accountEditGranted = false;
    }
  });

  it('When a record is refused for its content, then it stays parked and is not sent again by the next sync', async () => {
    const account = s.sf.data.records('Account').find((a) => a.Key_Account__c === true)!;
    await queueSalesforceUpsert(outboxStore(db), 'Pulse_Scorecard__c', `${account.Id}-2026-09`, {
      Account__c: account.Id,
      Period__c: '2026-09',
      Status__c: 'Developing',
    });
    s.sf.recordFaults.push({ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'rule says no', times: 1 });
    expect((await sync()).writes).toMatchObject({ sent: 0, failed: 1 });
    expect((await sync()).writes).toMatchObject({ sent: 0, failed: 0 });
    expect((await checkParkedWrites(db)).fix).toMatch(/refused for their content/);
  });

  it('When a write was refused for access and for its content, then it stays parked and doctor names the content code', async () => {
    await clearOutbox();
    await db.query(
      `INSERT INTO outbox (target, object, key, payload, status, last_error)
       VALUES ('salesforce', 'Pulse_Scorecard__c', 'mixed', '{}', 'failed',
               'INSUFFICIENT_ACCESS_OR_READONLY: insufficient access rights; fix this; REQUIRED_FIELD_MISSING: Required fields are missing: [Period__c]')`,
    );
    expect(await outboxStore(db).requeueFailed('salesforce', ['INSUFFICIENT_ACCESS_OR_READONLY'])).toBe(0);
    const parked = await checkParkedWrites(db);
    expect(parked.detail).toContain('1 refused with REQUIRED_FIELD_MISSING (e.g. Pulse_Scorecard__c mixed)');
    expect(parked.fix).not.toMatch(/each sync tries them again/);
  });
});

/** Leaves only the writes a test adds. */
const clearOutbox = () => db.query('DELETE FROM outbox');
