import { PINNED_AT, testClock } from '../support/test-clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { seedDemoRound } from '../../src/app/demo/seed-demo-round.ts';
import { buildScorecard } from '../../src/features/scorecards/build-scorecard.ts';
import { clientSafe } from '../../src/core/scoring/scorecard.ts';
import { lastEndedPeriod } from '../../src/core/domain/period.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { tabStore } from '../../src/adapters/store/tab-store.ts';
import { ratingsStore } from '../../src/adapters/store/ratings-store.ts';

/** The instant this file runs at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;

let tdb: TestDatabase;
let sf: Awaited<ReturnType<typeof startSalesforce>>;
beforeAll(async () => {
  tdb = await openTestDatabase();
  sf = await startSalesforce();
  const log = captureLogs().log;
  await runSync({ db: tdb.db, crm: await sf.connect(log), settings: sf.settings.jwt, log, now: pinned });
});
afterAll(async () => {
  await sf.sf.stop();
  await tdb.close();
});

describe('The demo ships a finished rating round (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it(
    'When the demo is seeded, then Northwind has a closed round whose scorecard shows priorities, the ' +
      'perception gap and the irritant; seeding again adds nothing',
    async () => {
      expect(await seedDemoRound(tdb.db, new Date(PINNED_AT))).toBe(true);
      expect(await seedDemoRound(tdb.db, new Date(PINNED_AT))).toBe(false);
      const northwind = (await tabStore(tdb.db).keyAccountIdByName('Northwind Logistics'))!;
      const s = (await buildScorecard(
        { db: tdb.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: pinned },
        lastEndedPeriod(pinned()),
        northwind,
      ))!;
      // Responsiveness: client 1.75 (2, 2, 1, 2), internal 4.5 (4, 5): the largest gap, and the first priority.
      // The gap is the difference of the averages as shown (4.5 - 1.8), not of the unrounded ones (2.75).
      expect(s.ratings!.gaps[0]).toEqual({ element: 'Responsiveness', internal: 4.5, client: 1.8, gap: 2.7 });
      expect(s.ratings!.priorities[0]!.element).toBe('Responsiveness');
      expect(clientSafe(s).irritants).toEqual([
        { title: 'Support tickets wait days for a first answer', element: 'Responsiveness', status: 'open' },
      ]);
    },
  );

  it('When the cadence ticks after the demo was seeded, then the past round counts as published: nothing is posted or written again', async () => {
    // Long after its close (past any grace period): a round closed without results would be published now.
    const later = new Date(Date.parse(PINNED_AT) + 24 * 3_600_000);
    expect(await ratingsStore(tdb.db).unpublishedRounds(later, 120_000)).toEqual([]);
  });
});
