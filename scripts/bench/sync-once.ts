import { systemClock } from '../../src/core/domain/clock.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/platform/log/logger.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { migrate } from '../../src/adapters/store/migrate.ts';
import { connectSalesforce } from '../../src/adapters/salesforce/connect-salesforce.ts';
import { salesforceCrm } from '../../src/adapters/salesforce/salesforce-crm.ts';
import { demoSyncSettings } from '../../src/stand-ins/salesforce/demo/demo-sync-settings.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { queueSalesforceUpsert } from '../../src/adapters/salesforce-outbox/salesforce-writes.ts';

/**
 * Benchmark helper: one full sync of the org at SF_URL into a fresh embedded database, with one scorecard per key
 * account queued for write-back; prints the measurements as JSON. Runs in its own process so its peak RSS is its own.
 */
const log = createLogger('warn');
const dataDir = mkdtempSync(join(tmpdir(), 'pulse-bench-sync-'));
const settings = {
  connection: {
    loginUrl: process.env.SF_URL!,
    clientId: 'bench',
    flow: 'client_credentials' as const,
    clientSecret: 'bench-secret',
  },
  ...demoSyncSettings,
};
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir }, log);
try {
  await migrate(db);
  const { conn, breaker } = await connectSalesforce(settings, log);
  const crm = salesforceCrm(conn, breaker, log);
  // Writes to make: one scorecard per key account, queued before the sync as the month close would.
  const accountIds: string[] = [];
  for await (const page of crm.query(
    'Account',
    'SELECT Id, Name, OwnerId, AnnualRevenue, Industry, Type, SystemModstamp FROM Account WHERE Key_Account__c = true',
  ))
    accountIds.push(...page.records.map((r) => r.Id));
  const outbox = outboxStore(db);
  for (const id of accountIds)
    await queueSalesforceUpsert(outbox, 'Pulse_Scorecard__c', `${id}-2026-10`, {
      Account__c: id,
      Period__c: '2026-10',
      Status__c: 'Developing',
    });
  const callsBefore = crm.calls;
  let lastReport = 0;
  const summary = await runSync(
    { db, crm, settings, log, now: systemClock },
    {
      full: true,
      onProgress: (p) => {
        if (Date.now() - lastReport > 2000) {
          lastReport = Date.now();
          const where =
            p.phase === 'read'
              ? `read ${p.object} ${p.stepDone}/${p.stepTotal}`
              : p.phase === 'write'
                ? `write ${p.sent}/${p.total}`
                : `calendars ${p.done}/${p.total}`;
          process.stderr.write(`  ${where}\n`);
        }
      },
    },
  );
  const records = Object.values(summary.read).reduce((a, b) => a + (b ?? 0), 0);
  process.stdout.write(
    `${JSON.stringify({
      records,
      read: summary.read,
      writes: summary.writes.sent,
      apiCalls: crm.calls - callsBefore,
      wallMs: summary.durationMs,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
} finally {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
