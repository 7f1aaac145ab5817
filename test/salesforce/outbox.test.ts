import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openPgliteDatabase } from '../../src/adapters/store/pglite-database.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import {
  queueSalesforceDelete,
  queueSalesforceUpsert,
  recordOf,
} from '../../src/adapters/salesforce-outbox/salesforce-writes.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import { backoffMs } from '../../src/platform/scheduling/backoff.ts';
import type { Crm } from '../../src/adapters/salesforce/salesforce-crm.ts';

let s: Awaited<ReturnType<typeof startSalesforce>>;
let crm: Crm;
let dir: string;
let db: Database;
const { log } = captureLogs();
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A file-backed database, so a test can close it and open it again as a restarted process would. */
async function open() {
  db = await openPgliteDatabase(dir);
  return outboxStore(db);
}

beforeAll(async () => {
  s = await startSalesforce();
  crm = await s.connect(log);
  dir = mkdtempSync(join(tmpdir(), 'pulse-outbox-'));
  cpSync(inject('pgliteMigratedTemplate'), dir, { recursive: true });
  await open();
});
afterAll(async () => {
  await db.close();
  await s.sf.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  s.sf.faults.length = 0;
  s.sf.recordFaults.length = 0;
  await db.exec('DELETE FROM outbox');
  for (const r of s.sf.data.records('Pulse_Scorecard__c')) s.sf.data.remove(r.Id);
});

const accounts = () => s.sf.data.records('Account').filter((a) => a.Key_Account__c === true);
async function queueScorecards(n: number, status = 'Developing') {
  const outbox = outboxStore(db);
  for (const a of accounts().slice(0, n))
    await queueSalesforceUpsert(outbox, 'Pulse_Scorecard__c', `${a.Id}-2026-10`, {
      Account__c: a.Id,
      Period__c: '2026-10',
      Status__c: status,
    });
}
const inSalesforce = () => s.sf.data.records('Pulse_Scorecard__c');
const drain = () => drainSalesforceOutbox({ outbox: outboxStore(db), crm, log }, { random: () => 0 });

describe('The Salesforce outbox', () => {
  it('When some records hit UNABLE_TO_LOCK_ROW, then the others land, the locked ones are retried later, and each lands once', async () => {
    await queueScorecards(5);
    s.sf.recordFaults.push({
      statusCode: 'UNABLE_TO_LOCK_ROW',
      message: 'unable to obtain exclusive access to this record',
      times: 2,
    });
    expect(await drain()).toEqual({ sent: 3, retried: 2, failed: 0 });
    expect(inSalesforce()).toHaveLength(3);
    await wait(400);
    expect(await drain()).toMatchObject({ sent: 2, failed: 0 });
    expect(inSalesforce()).toHaveLength(5);
    expect(new Set(inSalesforce().map((r) => r.Pulse_Key__c)).size).toBe(5);
    await queueScorecards(5);
    expect(await drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('When Salesforce is down during write-back, then the writes survive a restart and drain once when it returns', async () => {
    await queueScorecards(4);
    s.sf.faults.push({
      route: 'upsert',
      status: 503,
      errorCode: 'SERVER_UNAVAILABLE',
      message: 'down for maintenance',
      times: 100,
    });
    const during = await drain();
    expect(during.stoppedBy).toBe('UNAVAILABLE');
    expect(inSalesforce()).toHaveLength(0);
    await db.close(); // the process stops
    const outbox = await open(); // and starts again
    expect((await outbox.counts('salesforce')).pending).toBe(4);
    s.sf.faults.length = 0; // Salesforce is back
    await wait(1100);
    expect(await drain()).toMatchObject({ sent: 4 });
    expect(inSalesforce()).toHaveLength(4);
    expect((await outbox.counts('salesforce')).done).toBe(4);
  });

  it('When the process dies after Salesforce took the batch but before it was marked sent, then the resend updates the same records', async () => {
    await queueScorecards(3);
    const outbox = outboxStore(db);
    const batch = await outbox.claim('salesforce', 200, 300);
    await crm.upsert(
      'Pulse_Scorecard__c',
      batch.map((i) => recordOf(i.key, i.payload)),
    ); // delivered, then the crash
    expect(inSalesforce()).toHaveLength(3);
    expect(await drain()).toEqual({ sent: 0, retried: 0, failed: 0 }); // still leased to the dead process
    await wait(400);
    expect(await drain()).toMatchObject({ sent: 3 });
    expect(inSalesforce()).toHaveLength(3);
  });

  it('When the org is out of API requests, then the batch waits (about a minute) instead of failing', async () => {
    await queueScorecards(2);
    s.sf.faults.push({
      route: 'upsert',
      status: 403,
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    expect(await drain()).toEqual({ sent: 0, retried: 2, failed: 0, stoppedBy: 'LIMIT_EXCEEDED' });
    const rows = await db.query<{ status: string; wait: number }>(
      `SELECT status, extract(epoch FROM next_attempt_at - now())::float AS wait FROM outbox`,
    );
    expect(rows.every((r) => r.status === 'pending' && r.wait > 50 && r.wait <= 60)).toBe(true);
  });

  it('When a record is invalid (a lookup to nothing), then it is parked as failed with the reason and not retried', async () => {
    await queueSalesforceUpsert(outboxStore(db), 'Pulse_Scorecard__c', 'bogus-2026-10', {
      Account__c: '001000000000ZZZAAA',
      Period__c: '2026-10',
    });
    expect(await drain()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [row] = await db.query<{ status: string; last_error: string }>('SELECT status, last_error FROM outbox');
    expect(row).toEqual({ status: 'failed', last_error: 'INVALID_CROSS_REFERENCE_KEY: invalid cross reference id' });
  });

  it('When a write is edited while its first version is in flight, then the newer version is sent after it', async () => {
    await queueScorecards(1, 'Developing');
    const outbox = outboxStore(db);
    const [item] = await outbox.claim('salesforce', 200, 60_000);
    await queueScorecards(1, 'Stalled');
    await outbox.complete(item!, { id: 'x' });
    expect((await outbox.counts('salesforce')).pending).toBe(1);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(inSalesforce()[0]!.Status__c).toBe('Stalled');
  });

  it('When a write is refused for good while a newer one of its key waits, then the newer one is sent, not parked', async () => {
    // An activity upsert with a lookup to nothing is in flight when the manager removes the activity (its delete).
    await queueSalesforceUpsert(outboxStore(db), 'Pulse_Key_Activity__c', 'gone-2026-10-0', {
      Account__c: '001000000000ZZZAAA',
      Period__c: '2026-10',
    });
    const outbox = outboxStore(db);
    const [item] = await outbox.claim('salesforce', 200, 60_000);
    await queueSalesforceDelete(outbox, 'Pulse_Key_Activity__c', 'gone-2026-10-0');
    await outbox.fail(item!, 'INVALID_CROSS_REFERENCE_KEY: invalid cross reference id');
    const [row] = await db.query<{ status: string }>("SELECT status FROM outbox WHERE key = 'gone-2026-10-0'");
    expect(row!.status).toBe('pending');
    expect(await drain()).toMatchObject({ sent: 1, failed: 0 });
  });

  it(
    'When a key activity is deleted after it landed, then it is gone from Salesforce; a delete of one ' +
      'that never landed is done too; when Salesforce refuses, the delete waits',
    async () => {
      const outbox = outboxStore(db);
      const account = accounts()[0]!.Id;
      const activity = (i: number) =>
        queueSalesforceUpsert(outbox, 'Pulse_Key_Activity__c', `${account}-2026-10-${i}`, {
          Account__c: account,
          Period__c: '2026-10',
          Title__c: `Activity ${i}`,
        });
      const inSalesforce = () =>
        s.sf.data
          .records('Pulse_Key_Activity__c')
          .filter((r) => String(r.Pulse_Key__c).startsWith(`${account}-2026-10-`))
          .map((r) => r.Pulse_Key__c)
          .sort();
      for (const i of [0, 1, 2]) await activity(i);
      await drain();
      expect(inSalesforce()).toEqual([0, 1, 2].map((i) => `${account}-2026-10-${i}`));
      await queueSalesforceDelete(outbox, 'Pulse_Key_Activity__c', `${account}-2026-10-2`);
      await queueSalesforceDelete(outbox, 'Pulse_Key_Activity__c', `${account}-2026-10-7`);
      // jsforce itself retries a DELETE after a 5xx; a refusal it does not retry waits in the outbox.
      s.sf.faults.push({
        route: 'deleteByExternalId',
        status: 403,
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
        message: 'TotalRequests Limit exceeded.',
      });
      expect(await drain()).toMatchObject({ sent: 0, retried: 2, stoppedBy: 'LIMIT_EXCEEDED' });
      expect(inSalesforce()).toHaveLength(3);
      await db.exec(`UPDATE outbox SET next_attempt_at = now()`); // the minute has passed
      expect(await drain()).toEqual({ sent: 2, retried: 0, failed: 0 });
      expect(inSalesforce()).toEqual([0, 1].map((i) => `${account}-2026-10-${i}`));
      // Queued again later, the record comes back: the last write for a key wins.
      await activity(2);
      expect(await drain()).toMatchObject({ sent: 1 });
      expect(inSalesforce()).toHaveLength(3);
    },
  );

  it('Backoff honours Retry-After, else grows exponentially with jitter up to a cap', () => {
    expect(backoffMs(3, { retryAfterMs: 7000 })).toBe(7000);
    expect(backoffMs(1, { random: () => 0 })).toBe(500);
    expect(backoffMs(4, { random: () => 1 })).toBe(8000);
    expect(backoffMs(40, { random: () => 1 })).toBe(15 * 60_000);
  });
});
