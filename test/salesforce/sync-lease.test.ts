import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../support/test-clock.ts';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createSyncService } from '../../src/features/sync/sync-service.ts';
import { deferredCrm } from '../../src/adapters/salesforce/deferred-crm.ts';

/**
 * The sync runs under a 30-minute database lease, so that one replica syncs at a time and a crashed one blocks the
 * others for 30 minutes at most. Reading a thousand managers' calendars after Salesforce can take longer: the read
 * renews the lease as it goes (every 5 minutes of the injected clock), and stops if the lease was lost to another
 * replica meanwhile, rather than run twice. The calendar read here stands for the managers of a long read: it moves
 * the clock 10 minutes a manager and calls the heartbeat the real read calls after each.
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

const lease = async () =>
  (
    await t.db.query<{ holder: string; expires_at: Date }>(
      "SELECT holder, expires_at FROM leases WHERE name = 'salesforce-sync'",
    )
  )[0];

function syncWith(readCalendars: (heartbeat: () => Promise<void>) => Promise<void>) {
  const clock = testClock();
  const settings = { ...s.settings.clientCredentials, syncIntervalMinutes: 0 };
  const sync = createSyncService({
    db: t.db,
    crm: deferredCrm(() => s.connect(logs.log, settings)),
    settings,
    log: logs.log,
    now: clock.now,
    readCalendars: async (_progress, heartbeat) => {
      await readCalendars(async () => {
        clock.advance(10 * 60_000);
        await heartbeat!();
      });
      return { managers: 3, read: 3, meetings: 0, failed: [], noMailbox: 0, graphCalls: 3 };
    },
  });
  return sync;
}

describe('The sync lease during a long calendar read', () => {
  it('When the read runs past the lease, then each heartbeat 5 minutes on renews it, and it is freed at the end', async () => {
    const liveAfter: boolean[] = [];
    const summary = await syncWith(async (heartbeat) => {
      for (let i = 0; i < 3; i++) {
        // The database's clock passes the lease's end (the read outlasted it), then the heartbeat comes.
        await t.db.query("UPDATE leases SET expires_at = now() - interval '1 second'");
        await heartbeat();
        const [row] = await t.db.query<{ live: boolean }>(
          "SELECT expires_at > now() + interval '29 minutes' AS live FROM leases WHERE name = 'salesforce-sync'",
        );
        liveAfter.push(row!.live);
      }
    }).syncNow();
    expect(summary.calendars).toMatchObject({ read: 3 });
    // Renewed each time: 30 minutes from the renewal.
    expect(liveAfter).toEqual([true, true, true]);
    expect(await lease()).toBeUndefined();
  });

  it('When another replica took the lease after it expired, then the read stops at the next heartbeat and says so', async () => {
    let managersRead = 0;
    const summary = await syncWith(async (heartbeat) => {
      for (let i = 0; i < 3; i++) {
        // Between two heartbeats the lease lapsed (a stalled process) and another replica took it.
        if (i === 1)
          await t.db.query("UPDATE leases SET holder = 'replica-2:1', expires_at = now() + interval '30 minutes'");
        await heartbeat();
        managersRead += 1;
      }
    }).syncNow();
    expect(managersRead).toBe(1);
    expect(summary.calendars).toMatchObject({ error: expect.stringContaining('another process took it') });
    // The other replica's lease is left alone.
    expect(await lease()).toMatchObject({ holder: 'replica-2:1' });
    await t.db.query('DELETE FROM leases');
  });
});
