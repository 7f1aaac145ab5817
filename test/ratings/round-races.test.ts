/**
 * Races of a rating round on the store (issue 11, one response per person per round; issue 14, replicas on one
 * PostgreSQL): two saves of the same person at once, a save while the round closes, two replicas closing at once.
 * The PostgreSQL cases hold a save's transaction open while the other side runs, as a slow replica would.
 */
import { PINNED_AT } from '../support/test-clock.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ratingsStore, type SavedResponse } from '../../src/store/ratings-store.ts';
import { DEFAULT_ELEMENTS } from '../../src/scoring/round-results.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';

const ACCOUNT = '001RACE0000000001';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDatabaseKinds())('A rating round under races (%s)', (kind) => {
  let tdb: TestDatabase;
  let roundId: string;
  let response: (performance: number) => SavedResponse;

  beforeAll(async () => {
    tdb = await openTestDatabase(kind);
  });
  beforeEach(async () => {
    await tdb.db.exec('DELETE FROM rating_answers; DELETE FROM rating_responses; DELETE FROM rating_rounds');
    const store = ratingsStore(tdb.db);
    const [element] = await store.activeElements(ACCOUNT, DEFAULT_ELEMENTS);
    roundId = (await store.openRound(ACCOUNT, 'test', new Date(PINNED_AT), new Date(Date.parse(PINNED_AT) + 3600_000)))!
      .id;
    response = (performance) => ({
      side: 'client',
      comment: null,
      commentElementId: null,
      answers: [{ elementId: element!.id, performance, importance: 5 }],
    });
  });
  afterAll(() => tdb?.close());

  it('When a save reaches the store after the round closed, then nothing is stored', async () => {
    expect(await ratingsStore(tdb.db).closeRound(roundId, new Date(PINNED_AT))).toBe(true);
    const saved = await tdb.db.transaction((tx) => ratingsStore(tx).saveResponse(roundId, 'aad-c1', response(2)));
    expect(saved).toBe(false);
    expect(await ratingsStore(tdb.db).roundRatings(roundId)).toEqual([]);
  });

  it('When two replicas close the same round at once, then exactly one of them closes it', async () => {
    const other = kind === 'postgres' ? tdb.openReplica() : tdb.db;
    const closes = await Promise.all([
      ratingsStore(tdb.db).closeRound(roundId, new Date(PINNED_AT)),
      ratingsStore(other).closeRound(roundId, new Date(PINNED_AT)),
    ]);
    expect(closes.filter(Boolean)).toHaveLength(1);
  });

  it.runIf(kind === 'postgres')(
    'When the same person saves twice at once on two replicas, then both saves succeed and the later one is kept',
    async () => {
      const other = tdb.openReplica();
      let secondStarted!: () => void;
      const started = new Promise<void>((r) => (secondStarted = r));
      const first = tdb.db.transaction(async (tx) => {
        await ratingsStore(tx).saveResponse(roundId, 'aad-c1', response(2));
        await started;
        await sleep(300); // the second save is now waiting (or, without the round's lock, has run into this one)
        return true;
      });
      await sleep(100);
      const second = other.transaction((tx) => ratingsStore(tx).saveResponse(roundId, 'aad-c1', response(4)));
      secondStarted();
      expect(await Promise.all([first, second])).toEqual([true, true]);
      const rows = await ratingsStore(tdb.db).roundRatings(roundId);
      expect(rows.map((r) => [r.raterKey, r.performance])).toEqual([['aad-c1', 4]]);
    },
  );

  it.runIf(kind === 'postgres')(
    'When the round closes while a save is under way on another replica, then the close waits and counts that answer',
    async () => {
      const other = tdb.openReplica();
      let closeStarted!: () => void;
      const started = new Promise<void>((r) => (closeStarted = r));
      const save = tdb.db.transaction(async (tx) => {
        const ok = await ratingsStore(tx).saveResponse(roundId, 'aad-c1', response(3));
        await started;
        await sleep(300);
        return ok;
      });
      await sleep(100);
      // The close takes the round's results as soon as it has closed it, as `closeRound` in rating-rounds.ts does.
      const close = ratingsStore(other)
        .closeRound(roundId, new Date(PINNED_AT))
        .then(async (closed) => ({ closed, rows: await ratingsStore(other).roundRatings(roundId) }));
      closeStarted();
      const [saved, closed] = await Promise.all([save, close]);
      expect(saved).toBe(true);
      expect(closed.closed).toBe(true);
      expect(closed.rows.map((r) => r.performance)).toEqual([3]);
    },
  );
});
