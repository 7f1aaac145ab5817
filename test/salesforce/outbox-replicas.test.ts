import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { queueSalesforceUpsert } from '../../src/adapters/salesforce-outbox/salesforce-writes.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import type { Crm, UpsertOutcome } from '../../src/adapters/salesforce/salesforce-crm.ts';

for (const kind of testDatabaseKinds()) {
  describe(`Outbox on ${kind}`, () => {
    let s: Awaited<ReturnType<typeof startSalesforce>>;
    let t: TestDatabase;
    let crm: Crm;
    const { log } = captureLogs();
    beforeAll(async () => {
      s = await startSalesforce();
      crm = await s.connect(log);
      t = await openTestDatabase(kind);
    });
    afterAll(async () => {
      await t.close();
      await s.sf.stop();
    });

    it('When two replicas drain the same outbox at once, then every write is sent exactly once', async () => {
      const accounts = s.sf.data.records('Account');
      for (let i = 0; i < 450; i++) {
        const a = accounts[i % accounts.length]!;
        await queueSalesforceUpsert(outboxStore(t.db), 'Pulse_Key_Activity__c', `act-${i}`, {
          Account__c: a.Id,
          Title__c: `Activity ${i}`,
          Period__c: '2026-10',
        });
      }
      const sentKeys: string[] = [];
      const counting: Pick<Crm, 'upsert' | 'update' | 'deleteByExternalId' | 'query' | 'create' | 'fieldNames'> = {
        async upsert(object, records, ext): Promise<UpsertOutcome[]> {
          sentKeys.push(...records.map((r) => String(r.Pulse_Key__c)));
          return crm.upsert(object, records, ext);
        },
        update: (object, records) => crm.update(object, records),
        deleteByExternalId: (object, value, ext) => crm.deleteByExternalId(object, value, ext),
        query: (object, soql) => crm.query(object, soql),
        create: (object, records) => crm.create(object, records),
        fieldNames: (object) => crm.fieldNames(object),
      };
      const replicaB = kind === 'postgres' ? t.openReplica() : t.db;
      const [a, b] = await Promise.all([
        drainSalesforceOutbox({ outbox: outboxStore(t.db), crm: counting, log }, { batchSize: 50 }),
        drainSalesforceOutbox({ outbox: outboxStore(replicaB), crm: counting, log }, { batchSize: 50 }),
      ]);
      expect(a.sent + b.sent).toBe(450);
      expect(sentKeys).toHaveLength(450);
      expect(new Set(sentKeys).size).toBe(450);
      expect(s.sf.data.count('Pulse_Key_Activity__c')).toBe(450);
    });
  });
}
