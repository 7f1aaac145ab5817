import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openPgliteDatabase } from '../../src/adapters/store/pglite-database.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { queueSalesforceUpsert } from '../../src/adapters/salesforce-outbox/salesforce-writes.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import type { Crm } from '../../src/adapters/salesforce/salesforce-crm.ts';

// Salesforce's documented refusals, each for a while, one after the other, while the app keeps queueing edits:
// 401 INVALID_SESSION_ID (session expired: jsforce gets a new token and retries),
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm ; 403
// REQUEST_LIMIT_EXCEEDED (the org's daily API limit); 503 SERVER_UNAVAILABLE (maintenance); and per-record
// UNABLE_TO_LOCK_ROW (another transaction holds the record).
let s: Awaited<ReturnType<typeof startSalesforce>>;
let crm: Crm;
let dir: string;
let db: Database;
const logs = captureLogs();

beforeAll(async () => {
  s = await startSalesforce();
  crm = await s.connect(logs.log);
  dir = mkdtempSync(join(tmpdir(), 'pulse-chaos-sf-'));
  cpSync(inject('pgliteMigratedTemplate'), dir, { recursive: true });
  db = await openPgliteDatabase(dir);
});
afterAll(async () => {
  await db.close();
  await s.sf.stop();
  rmSync(dir, { recursive: true, force: true });
});

const accounts = () => s.sf.data.records('Account').filter((a) => a.Key_Account__c === true);
async function queue(status: string, which: (i: number) => boolean = () => true) {
  const outbox = outboxStore(db);
  for (const [i, a] of accounts().entries())
    if (which(i))
      await queueSalesforceUpsert(outbox, 'Pulse_Scorecard__c', `${a.Id}-2026-10`, {
        Account__c: a.Id,
        Period__c: '2026-10',
        Status__c: status,
      });
}

describe('Chaos: Salesforce refuses for a window', () => {
  it('When Salesforce answers 401, 403, 503 and lock errors for a while, then every write lands once with ' +
    'its latest value, none is parked as failed, and nothing is lost', async () => {
    const n = accounts().length;
    expect(n).toBeGreaterThan(2);
    await queue('Developing');
    s.sf.faults.push(
      { route: 'upsert', status: 401, errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' },
      { route: 'upsert', status: 503, errorCode: 'SERVER_UNAVAILABLE', message: 'down for maintenance', times: 3 },
      { route: 'upsert', status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
      { route: 'upsert', status: 401, errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' },
      { route: 'upsert', status: 503, errorCode: 'SERVER_UNAVAILABLE', message: 'down for maintenance', times: 2 },
    );
    s.sf.recordFaults.push({
      statusCode: 'UNABLE_TO_LOCK_ROW',
      message: 'unable to obtain exclusive access to this record',
      times: 4,
    });
    const stopped = new Set<string>();
    // Bounded: 40 rounds. Between rounds the waits the outbox chose (up to a minute) are let pass.
    for (let round = 0; round < 40; round++) {
      if (round === 2) await queue('Stalled', (i) => i % 2 === 0); // edits made during the window
      const r = await drainSalesforceOutbox({ outbox: outboxStore(db), crm, log: logs.log }, { random: () => 0 });
      if (r.stoppedBy) stopped.add(r.stoppedBy);
      await db.exec(`UPDATE outbox SET next_attempt_at = now() WHERE status = 'pending'`);
      const c = await outboxStore(db).counts('salesforce');
      if (c.pending === 0 && c.in_flight === 0 && s.sf.faults.length === 0 && s.sf.recordFaults.length === 0) break;
    }
    expect([...stopped].sort()).toEqual(['LIMIT_EXCEEDED', 'UNAVAILABLE']);
    expect(s.sf.faults).toEqual([]);
    expect(s.sf.recordFaults).toEqual([]);
    const records = s.sf.data.records('Pulse_Scorecard__c');
    expect(records).toHaveLength(n);
    expect(new Set(records.map((r) => r.Pulse_Key__c)).size).toBe(n);
    for (const [i, a] of accounts().entries())
      expect(records.find((r) => r.Account__c === a.Id)?.Status__c).toBe(i % 2 === 0 ? 'Stalled' : 'Developing');
    const c = await outboxStore(db).counts('salesforce');
    expect(c).toMatchObject({ pending: 0, in_flight: 0, failed: 0, done: n });
    // The expired sessions were renewed, never surfaced as an authentication failure.
    expect(s.sf.calls.filter((x) => x.route === 'token').length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
