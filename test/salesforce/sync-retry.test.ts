import { testClock } from '../support/test-clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createSyncService } from '../../src/sync/sync-service.ts';
import { deferredCrm } from '../../src/salesforce/deferred-crm.ts';
import type { SalesforceSettings } from '../../src/config/config.ts';

/**
 * A scheduled sync that meets a passing Salesforce fault runs again within its retry delays, not at the next
 * interval: with `SF_SYNC_INTERVAL_MINUTES=0` (sync on demand) the first sync at start would otherwise be the only one.
 * The stand-in's token endpoint answers 503 `temporarily_unavailable` as during a maintenance window
 * (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm); a wrong
 * secret (400 `invalid_client`) is not retried: it fails the same way until someone fixes the setting.
 */
let s: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;
const logs = captureLogs();

beforeAll(async () => {
  s = await startSalesforce();
  t = await openTestDatabase();
});
afterAll(async () => {
  await s.sf.stop();
  await t.close();
});

const accounts = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sf_accounts'))[0]!.n;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until a log line since `before` holds `text`. */
const untilLogged = (before: number, text: string, what: string) =>
  until(async () => logs.lines.slice(before).some((l) => String(l.msg).includes(text)), what);

/** A sync service on the schedule (interval 0: on demand) over a connection made with `settings`, started. */
function startScheduledSync(settings: SalesforceSettings, retryDelaysMs: number[]) {
  const sync = createSyncService({
    db: t.db,
    crm: deferredCrm(() => s.connect(logs.log, settings)),
    settings,
    log: logs.log,
    now: testClock().now,
    retryDelaysMs,
  });
  sync.start();
  return sync;
}

describe('Scheduled sync retry', () => {
  it('When Salesforce answers 503 to the first two connections, then the scheduled sync runs again after each short delay and syncs', async () => {
    s.sf.faults.push({ route: 'token', status: 503, errorCode: 'temporarily_unavailable', times: 2 });
    const settings = { ...s.settings.clientCredentials, syncIntervalMinutes: 0 };
    const sync = startScheduledSync(settings, [20, 20, 20]);
    try {
      await until(async () => (await accounts()) > 0, 'the retried sync');
      const retries = logs.lines.filter((l) => String(l.msg).includes('it runs again shortly'));
      expect(retries.map((l) => l.attempt)).toEqual([1, 2]);
      expect(logs.lines.some((l) => String(l.msg).includes('scheduled sync failed;'))).toBe(false);
    } finally {
      await sync.stop();
    }
  });

  it('When the outage outlasts every retry delay, then the sync keeps trying at the last delay until Salesforce is back', async () => {
    s.sf.faults.push({ route: 'token', status: 503, errorCode: 'temporarily_unavailable', times: 5 });
    const settings = { ...s.settings.clientCredentials, syncIntervalMinutes: 0 };
    const before = logs.lines.length;
    const sync = startScheduledSync(settings, [20, 20]);
    try {
      await untilLogged(before, 'sync finished', 'the sync after the outage');
      const retries = logs.lines.slice(before).filter((l) => String(l.msg).includes('it runs again shortly'));
      expect(retries.map((l) => l.attempt)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await sync.stop();
    }
  });

  it('When a retry falls while another sync runs (npm run sync) and that one fails too, then the retry stays due and syncs once Salesforce is back', async () => {
    // Each connection during the outage takes 800 ms and fails with 503. Once the start's sync has failed, its
    // retry is due 300 ms later, while the operator's sync, started at once, still waits for its own failure.
    s.sf.faults.push({ route: 'token', status: 503, errorCode: 'temporarily_unavailable', delayMs: 800, times: 3 });
    const settings = { ...s.settings.clientCredentials, syncIntervalMinutes: 0 };
    const before = logs.lines.length;
    const sync = startScheduledSync(settings, [300, 300, 300]);
    try {
      await untilLogged(before, 'it runs again shortly', "the start's failure");
      await expect(sync.syncNow()).rejects.toThrow(/temporarily_unavailable/);
      await untilLogged(before, 'sync finished', 'the retry after the busy one');
      expect(logs.lines.slice(before).some((l) => String(l.msg).includes('scheduled sync skipped'))).toBe(true);
    } finally {
      await sync.stop();
    }
  });

  it('When the secret is wrong, then the scheduled sync fails once and is not retried', async () => {
    const good = s.settings.clientCredentials;
    const settings = {
      ...good,
      syncIntervalMinutes: 0,
      connection: { ...good.connection!, clientSecret: 'not-the-secret' } as typeof good.connection,
    };
    const before = logs.lines.length;
    const sync = startScheduledSync(settings, [20, 20, 20]);
    try {
      await untilLogged(before, 'scheduled sync failed;', 'the failure');
      await new Promise((r) => setTimeout(r, 200));
      const after = logs.lines.slice(before);
      expect(after.filter((l) => String(l.msg).includes('scheduled sync failed'))).toHaveLength(1);
    } finally {
      await sync.stop();
    }
  });
});
