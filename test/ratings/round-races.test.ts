/**
 * Races of a rating round on the store (issue 11, one response per person per round; issue 14, replicas on one
 * PostgreSQL): two saves of the same person at once, a save while the round closes, two replicas closing at once.
 * The PostgreSQL cases hold a save's transaction open, as a slow replica would, until pg_locks shows the other side
 * waiting for the round's row: the interleaving each names is observed, not assumed from a sleep.
 */
import { PINNED_AT } from '../support/test-clock.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ratingsStore, type SavedResponse } from '../../src/adapters/store/ratings-store.ts';
import { DEFAULT_ELEMENTS } from '../../src/core/scoring/round-results.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';
import { holdTransaction, untilBlockedOnRowOf } from '../support/held-transaction.ts';

const ACCOUNT = '001RACE0000000001';

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

  it.runIf(kind === 'pglite')('When the same round is closed twice, then only the first close closes it', async () => {
    // PGlite is one process on one connection: two closes can only follow each other (replicas need PostgreSQL).
    const closes = await Promise.all([
      ratingsStore(tdb.db).closeRound(roundId, new Date(PINNED_AT)),
      ratingsStore(tdb.db).closeRound(roundId, new Date(PINNED_AT)),
    ]);
    expect(closes).toEqual([true, false]);
  });

  it.runIf(kind === 'postgres')(
    'When two replicas close the same round at once, then the second waits for the first and does not close it again',
    async () => {
      const first = await holdTransaction(tdb.db, (tx) => ratingsStore(tx).closeRound(roundId, new Date(PINNED_AT)));
      const second = ratingsStore(tdb.openReplica()).closeRound(roundId, new Date(PINNED_AT));
      try {
        await untilBlockedOnRowOf(tdb.db, first.pid, 'rating_rounds', 'the second close to wait for the first');
      } finally {
        first.release();
      }
      expect([await first.committed, await second]).toEqual([true, false]);
    },
  );

  it.runIf(kind === 'postgres')(
    'When the same person saves twice at once on two replicas, then the second waits for the round the first holds, both succeed and the later one is kept',
    async () => {
      const first = await holdTransaction(tdb.db, (tx) =>
        ratingsStore(tx).saveResponse(roundId, 'aad-c1', response(2)),
      );
      const second = tdb
        .openReplica()
        .transaction((tx) => ratingsStore(tx).saveResponse(roundId, 'aad-c1', response(4)));
      try {
        // Without the round's lock the second save would run into this one's row instead (and fail on it at commit).
        await untilBlockedOnRowOf(tdb.db, first.pid, 'rating_rounds', 'the second save to wait for the round');
      } finally {
        first.release();
      }
      expect(await Promise.all([first.committed, second])).toEqual([true, true]);
      const rows = await ratingsStore(tdb.db).roundRatings(roundId);
      expect(rows.map((r) => [r.raterKey, r.performance])).toEqual([['aad-c1', 4]]);
    },
  );

  it.runIf(kind === 'postgres')(
    'When the round closes while a save is under way on another replica, then the close waits and counts that answer',
    async () => {
      const save = await holdTransaction(tdb.db, (tx) => ratingsStore(tx).saveResponse(roundId, 'aad-c1', response(3)));
      const other = tdb.openReplica();
      // The close takes the round's results as soon as it has closed it, as `closeRound` in rating-rounds.ts does.
      const close = ratingsStore(other)
        .closeRound(roundId, new Date(PINNED_AT))
        .then(async (closed) => ({ closed, rows: await ratingsStore(other).roundRatings(roundId) }));
      try {
        await untilBlockedOnRowOf(tdb.db, save.pid, 'rating_rounds', 'the close to wait for the save under way');
      } finally {
        save.release();
      }
      const [saved, closed] = await Promise.all([save.committed, close]);
      expect(saved).toBe(true);
      expect(closed.closed).toBe(true);
      expect(closed.rows.map((r) => r.performance)).toEqual([3]);
    },
  );
});
