import { cyclePeriodsStore } from '../../src/adapters/store/cycle-periods-store.ts';
import { promptsStore } from '../../src/adapters/store/prompts-store.ts';
import { PINNED_AT, testClock } from '../support/test-clock.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { syncStore } from '../../src/adapters/store/sync-store.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { createCycleService } from '../../src/features/cycle/cycle-service.ts';
import { keyAccountRow, salesforceUserRow } from '../support/salesforce-rows.ts';

let t: TestDatabase;
const { log } = captureLogs();

// A database of its own for each test, with two account managers in two time zones.
beforeEach(async () => {
  t = await openTestDatabase();
  const now = new Date(PINNED_AT);
  const sync = syncStore(t.db);
  const people = [
    { id: '005000000000IN1AAA', name: 'Priya (Kolkata)', tz: 'Asia/Kolkata', email: 'priya@x.example' },
    { id: '005000000000UK1AAA', name: 'Dana (London)', tz: 'Europe/London', email: 'dana@x.example' },
  ];
  await sync.upsert(
    'User',
    people.map((p) => salesforceUserRow({ id: p.id, name: p.name, email: p.email, time_zone: p.tz }, now)),
    now,
  );
  await sync.upsert(
    'Account',
    people.map((p, i) => keyAccountRow({ id: `001000000000AC${i}AAA`, name: `Client ${i}`, owner_id: p.id }, now)),
    now,
  );
  for (const p of people)
    await usersStore(t.db).upsert({
      id: `29:${p.email}`,
      aadObjectId: `aad-${p.email}`,
      tenantId: 'tenant-1',
      name: p.name,
      email: p.email,
      upn: p.email,
    });
});
afterEach(() => t.close());

/** The cycle service of an organisation in London, as the server runs it. */
const londonCycle = () =>
  createCycleService({
    db: t.db,
    log,
    now: testClock().now,
    scoringSettings: DEFAULT_SCORING_SETTINGS,
    defaultServiceUrl: 'https://smba.example/',
    orgTimeZone: 'Europe/London',
  });

describe('The cycle schedule', () => {
  it(
    'When the first business day starts in Kolkata but not yet in London, then only the Kolkata account ' +
      'manager is prompted; later ticks catch London up, once',
    async () => {
      const cycle = londonCycle();
      // Monday 2 November 2026, 07:30 UTC: 13:00 in Kolkata, 07:30 in London.
      await cycle.tick(new Date('2026-11-02T07:30:00Z'));
      let prompts = await promptsStore(t.db).prompts('2026-10' as never);
      expect(prompts.map((p) => p.sfUserId)).toEqual(['005000000000IN1AAA']);
      await cycle.tick(new Date('2026-11-02T09:15:00Z'));
      await cycle.tick(new Date('2026-11-02T09:30:00Z'));
      prompts = await promptsStore(t.db).prompts('2026-10' as never);
      expect(prompts.map((p) => p.sfUserId).sort()).toEqual(['005000000000IN1AAA', '005000000000UK1AAA']);
      expect((await outboxStore(t.db).counts('teams')).pending).toBe(2);
    },
  );

  it('When another replica holds the cycle lease, then a tick does nothing', async () => {
    // October's cycle is open, both account managers prompted (Monday 2 November 2026, London's morning).
    await londonCycle().tick(new Date('2026-11-02T09:30:00Z'));
    await t.db.query(
      `INSERT INTO leases (name, holder, expires_at) VALUES ('monthly-cycle', 'other-replica', now() + ` +
        `interval '5 minutes') ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = ` +
        `EXCLUDED.expires_at`,
    );
    const cycle = londonCycle();
    expect(await cycle.tick(new Date('2026-11-13T10:00:00Z'))).toEqual([]);
    expect(await cyclePeriodsStore(t.db).periodStatus('2026-10' as never)).toBe('open');
    await t.db.query(`DELETE FROM leases`);
    const summaries = await cycle.tick(new Date('2026-11-13T10:00:00Z'));
    expect(summaries.map((s) => s.step).sort()).toEqual(['close', 'open', 'remind1', 'remind2']);
    expect(summaries.find((s) => s.step === 'open')!.queued).toBe(0);
    expect(await cyclePeriodsStore(t.db).periodStatus('2026-10' as never)).toBe('closed');
  });
});
