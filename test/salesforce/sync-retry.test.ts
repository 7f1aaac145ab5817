import { testClock } from '../support/test-clock.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createSyncService } from '../../src/features/sync/sync-service.ts';
import { deferredCrm } from '../../src/adapters/salesforce/deferred-crm.ts';
import type { SalesforceSettings } from '../../src/platform/config/config.ts';
import type { Crm } from '../../src/adapters/salesforce/salesforce-crm.ts';
import { manualTimers } from '../support/manual-timers.ts';
import { until } from '../support/until.ts';

/**
 * A scheduled sync that meets a passing Salesforce fault runs again within its retry delays, not at the next
 * interval: with `SF_SYNC_INTERVAL_MINUTES=0` (sync on demand) the first sync at start would otherwise be the only one.
 * The stand-in's token endpoint answers 503 `temporarily_unavailable` as during a maintenance window
 * (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm); a wrong
 * secret (400 `invalid_client`) is not retried: it fails the same way until someone fixes the setting.
 * The retries' timers are fired by the tests (manualTimers), so the production delays are checked, not waited out.
 */
let s: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;
const logs = captureLogs();

beforeAll(async () => {
  s = await startSalesforce();
  t = await openTestDatabase();
});
beforeEach(() => {
  // A test that failed half-way leaves no faults for the next.
  s.sf.faults.length = 0;
});
afterAll(async () => {
  await s.sf.stop();
  await t.close();
});

const accounts = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sf_accounts'))[0]!.n;

/** Waits until a log line since `before` holds `text`. */
const untilLogged = (before: number, text: string, what: string) =>
  until(what, () => logs.lines.slice(before).some((l) => String(l.msg).includes(text)));

/**
 * A sync service on the schedule (interval 0: on demand) over a connection made with `settings` (through `connect`,
 * when a test holds one on its way), its retries on timers the test fires, started.
 */
function startScheduledSync(
  settings: SalesforceSettings,
  connect: () => Promise<Crm> = () => s.connect(logs.log, settings),
) {
  const timers = manualTimers();
  const sync = createSyncService({
    db: t.db,
    crm: deferredCrm(connect),
    settings,
    log: logs.log,
    now: testClock().now,
    setTimer: timers.setTimer,
  });
  sync.start();
  return { sync, timers };
}

/** Waits for the next retry to be set, checks its delay, and fires it. */
async function fireRetry(timers: ReturnType<typeof manualTimers>, delayMs: number, what: string): Promise<void> {
  await until(what, () => timers.pending.length > 0);
  expect(timers.pending).toEqual([delayMs]);
  timers.fire();
}

describe('Scheduled sync retry', () => {
  it('When Salesforce answers 503 to the first two connections, then the scheduled sync runs again after 5 s, then 30 s, and syncs', async () => {
    s.sf.faults.push({ route: 'token', status: 503, errorCode: 'temporarily_unavailable', times: 2 });
    const settings = { ...s.settings.clientCredentials, syncIntervalMinutes: 0 };
    const { sync, timers } = startScheduledSync(settings);
    try {
      await fireRetry(timers, 5_000, 'the first retry');
      await fireRetry(timers, 30_000, 'the second retry');
      await until('the retried sync', async () => (await accounts()) > 0);
      const retries = logs.lines.filter((l) => String(l.msg).includes('it runs again shortly'));
      expect(retries.map((l) => l.attempt)).toEqual([1, 2]);
      expect(logs.lines.some((l) => String(l.msg).includes('scheduled sync failed;'))).toBe(false);
      expect(timers.pending).toEqual([]);
    } finally {
      await sync.stop();
    }
  });

  it('When the outage outlasts every retry delay, then the sync keeps trying at the last delay until Salesforce is back', async () => {
    s.sf.faults.push({ route: 'token', status: 503, errorCode: 'temporarily_unavailable', times: 5 });
    const settings = { ...s.settings.clientCredentials, syncIntervalMinutes: 0 };
    const before = logs.lines.length;
    const { sync, timers } = startScheduledSync(settings);
    try {
      for (const [i, delayMs] of [5_000, 30_000, 120_000, 600_000, 600_000].entries())
        await fireRetry(timers, delayMs, `retry ${i + 1}`);
      await untilLogged(before, 'sync finished', 'the sync after the outage');
      const retries = logs.lines.slice(before).filter((l) => String(l.msg).includes('it runs again shortly'));
      expect(retries.map((l) => l.attempt)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await sync.stop();
    }
  });

  it(
    'When a retry falls while another sync runs (npm run sync) and that one fails too, then the retry ' +
      'stays due and syncs once Salesforce is back',
    async () => {
      s.sf.faults.push({ route: 'token', status: 503, errorCode: 'temporarily_unavailable', times: 2 });
      const settings = { ...s.settings.clientCredentials, syncIntervalMinutes: 0 };
      const before = logs.lines.length;
      // The operator's sync makes the second connection: it is held on its way to Salesforce while the retry falls.
      let connections = 0;
      let operatorConnecting!: () => void;
      const operatorRunning = new Promise<void>((r) => (operatorConnecting = r));
      let letGo!: () => void;
      const held = new Promise<void>((r) => (letGo = r));
      const { sync, timers } = startScheduledSync(settings, async () => {
        connections += 1;
        if (connections === 2) {
          operatorConnecting();
          await held;
        }
        return s.connect(logs.log, settings);
      });
      try {
        await until("the start's failure", () => timers.pending.length > 0);
        const operator = sync.syncNow();
        await operatorRunning;
        timers.fire();
        await untilLogged(before, 'scheduled sync skipped', 'the retry to find the sync busy');
        expect(timers.pending).toEqual([5_000]);
        letGo();
        await expect(operator).rejects.toThrow(/temporarily_unavailable/);
        timers.fire();
        await untilLogged(before, 'sync finished', 'the retry after the busy one');
      } finally {
        letGo();
        await sync.stop();
      }
    },
  );

  it('When the secret is wrong, then the scheduled sync fails once and is not retried', async () => {
    const good = s.settings.clientCredentials;
    const settings = {
      ...good,
      syncIntervalMinutes: 0,
      connection: { ...good.connection!, clientSecret: 'not-the-secret' } as typeof good.connection,
    };
    const before = logs.lines.length;
    const { sync, timers } = startScheduledSync(settings);
    try {
      await untilLogged(before, 'scheduled sync failed', 'the failure');
      // The failure is logged where a retry would be set: with none pending, none can come.
      expect(timers.pending).toEqual([]);
      const after = logs.lines.slice(before).filter((l) => String(l.msg).includes('scheduled sync failed'));
      expect(after.map((l) => l.msg)).toEqual([
        'scheduled sync failed; it runs again when one is asked for (npm run sync)',
      ]);
    } finally {
      await sync.stop();
    }
  });
});
