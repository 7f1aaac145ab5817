/**
 * Two replicas on one PostgreSQL publishing the same closed round at once (issue 14): a manual close still adding
 * the round's irritants past its grace period, and another replica's tick that finishes the close it takes for
 * stopped. Each irritant is added once. Inserting an irritant is made slow (a trigger sleeps), as a loaded database
 * would, so the second replica looks for the irritant while the first one's insert is still under way.
 */
import { PINNED_AT } from '../support/test-clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-database.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { until } from '../support/until.ts';
import { ratingsStore } from '../../src/adapters/store/ratings-store.ts';
import { PUBLISH_GRACE_MS, ratingRounds } from '../../src/features/ratings/rating-rounds.ts';
import { DEFAULT_ELEMENTS } from '../../src/core/scoring/round-results.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import type { Database } from '../../src/adapters/store/database.ts';

const ACCOUNT = '001PUBLISH0000001';
const COMMENTS = { c1: 'Slow answers', c2: 'Invoices arrive late', c3: 'Nobody calls back', i1: 'Handover gaps' };

describe.runIf(postgresAvailable())(
  'Publishing a round on two replicas (postgres) (clock at 4 Nov 2026, 10:00 UTC)',
  () => {
    let tdb: TestDatabase;
    const { log } = captureLogs();
    const roundsOn = (db: Database, at = () => new Date(PINNED_AT)) =>
      ratingRounds({ db, log, scoringSettings: DEFAULT_SCORING_SETTINGS, now: at });

    beforeAll(async () => {
      tdb = await openTestDatabase('postgres');
    });
    afterAll(() => tdb?.close());

    it('When a manual close is still publishing and another replica publishes the same round, then each irritant is added once', async () => {
      const store = ratingsStore(tdb.db);
      const [element] = await store.activeElements(ACCOUNT, DEFAULT_ELEMENTS);
      const round = (await store.openRound(
        ACCOUNT,
        'test',
        new Date(PINNED_AT),
        new Date(Date.parse(PINNED_AT) + 3600_000),
      ))!;
      for (const [key, comment] of Object.entries(COMMENTS))
        await store.saveResponse(round.id, `aad-${key}`, {
          side: key.startsWith('c') ? 'client' : 'internal',
          comment,
          commentElementId: element!.id,
          answers: [{ elementId: element!.id, performance: 2, importance: 5 }],
        });
      await tdb.db.exec(`
      CREATE FUNCTION slow_irritant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$;
      CREATE TRIGGER slow_irritant BEFORE INSERT ON irritants FOR EACH ROW EXECUTE FUNCTION slow_irritant();`);

      const replica = tdb.openReplica();
      const close = roundsOn(tdb.db).close(ACCOUNT);
      // The other replica's tick runs once the round is closed, with its clock past the grace period.
      const closedAt = () =>
        replica.query<{ closed: boolean }>('SELECT closed_at IS NOT NULL AS closed FROM rating_rounds WHERE id = $1', [
          round.id,
        ]);
      await until('the round closed', async () => (await closedAt())[0]?.closed === true);
      const later = new Date(Date.parse(PINNED_AT) + PUBLISH_GRACE_MS + 1000);
      const [closed, tick] = await Promise.all([close, roundsOn(replica, () => later).tick()]);
      expect(closed.enough).toBe(true);
      expect(tick.closed).toBe(1);

      const rows = await tdb.db.query<{ title: string; n: number }>(
        'SELECT title, count(*)::int AS n FROM irritants WHERE round_id = $1 GROUP BY title ORDER BY title',
        [round.id],
      );
      expect(rows).toEqual(
        Object.values(COMMENTS)
          .sort()
          .map((title) => ({ title, n: 1 })),
      );
    });
  },
);
