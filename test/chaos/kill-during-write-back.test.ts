import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { until } from '../support/until.ts';
import { openPgliteDatabase } from '../../src/adapters/store/pglite-database.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { queueSalesforceUpsert } from '../../src/adapters/salesforce-outbox/salesforce-writes.ts';

// kill -9 of the real server while it writes back to Salesforce, then a restart on the same data folder. Upserts
// go by external id (PATCH /composite/sobjects/{type}/{field}, "sObject Collections: upsert", REST API Developer
// Guide, https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm),
// so a batch Salesforce took just before the kill, sent again, updates the same records instead of adding others.
const WRITES = 450; // three batches of up to 200
let sf: Awaited<ReturnType<typeof startSalesforce>>;
let dir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  sf = await startSalesforce();
  dir = mkdtempSync(join(tmpdir(), 'pulse-chaos-kill-'));
  cpSync(inject('pgliteMigratedTemplate'), join(dir, 'pglite'), { recursive: true });
  const db = await openPgliteDatabase(join(dir, 'pglite'));
  const accounts = sf.sf.data.records('Account');
  for (let i = 0; i < WRITES; i++) {
    const a = accounts[i % accounts.length]!;
    await queueSalesforceUpsert(outboxStore(db), 'Pulse_Key_Activity__c', `kill-${i}`, {
      Account__c: a.Id,
      Title__c: `Activity ${i}`,
      Period__c: '2026-10',
    });
  }
  await db.close();
});
afterAll(async () => {
  await server?.kill9();
  await sf.sf.stop();
  rmSync(dir, { recursive: true, force: true });
});

const written = () => sf.sf.writes.filter((w) => w.startsWith('Pulse_Key_Activity__c/'));

describe('Chaos: kill -9 during Salesforce write-back', () => {
  it('When the server is killed while writing back and restarted, then each record exists exactly once and nothing is lost', async () => {
    const env = sf.serverEnv();
    // Each collection upsert takes 300 ms, so the kill lands while the write-back is under way.
    sf.sf.faults.push({ route: 'upsert', status: 0, delayMs: 300, times: 1_000 });
    // The server syncs as it starts, and a sync ends by draining the outbox.
    server = await startServerProcess(env, { dataDir: dir });
    await until('the first batch', () => written().length > 0, 60_000, 20);
    await server.kill9();
    const beforeRestart = new Set(written()).size;
    expect(beforeRestart).toBeGreaterThan(0);
    expect(beforeRestart).toBeLessThan(WRITES);

    sf.sf.faults.length = 0;
    // The restart must not wait out the dead process's leases (the sync's 30 minutes, the batch's 2): on the
    // embedded database the data-folder lock proves their holder gone, so the server frees them as it starts.
    server = await startServerProcess(env, { dataDir: dir });
    await until('every write', () => new Set(written()).size === WRITES, 60_000, 20);
    expect(await server.stop()).toBe(0);
    server = undefined;

    const keys = sf.sf.data.records('Pulse_Key_Activity__c').map((r) => r.Pulse_Key__c);
    expect(keys).toHaveLength(WRITES);
    expect(new Set(keys).size).toBe(WRITES);
    // Only what was in flight at the kill (at most one batch) went twice.
    const counts = new Map<string, number>();
    for (const w of written()) counts.set(w, (counts.get(w) ?? 0) + 1);
    const twice = [...counts.values()].filter((n) => n > 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    expect(twice.length).toBeLessThanOrEqual(200);
    const db = await openPgliteDatabase(join(dir, 'pglite'));
    try {
      expect(await outboxStore(db).counts('salesforce')).toEqual({ pending: 0, in_flight: 0, done: WRITES, failed: 0 });
    } finally {
      await db.close();
    }
  }, 150_000);
});
