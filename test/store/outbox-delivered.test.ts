import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';

const post = (n: number) => ({ activity: { type: 'message', text: `card ${n}` } });

describe.each(testDatabaseKinds())('Delivered writes are read a page at a time (%s)', (kind) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await openTestDatabase(kind);
  });
  beforeEach(() => tdb.db.exec('DELETE FROM outbox'));
  afterAll(() => tdb?.close());

  /** Queues `n` posts of `period` and marks all but the pending ones delivered. */
  async function delivered(period: string, n: number, pending: readonly number[] = []) {
    const outbox = outboxStore(tdb.db);
    for (let i = 0; i < n; i++) await outbox.enqueue('teams', 'scorecard', `${period}:acct-${i}`, post(i));
    await tdb.db.query(
      `UPDATE outbox SET status = 'done', result = '{"activityId":"x"}' WHERE starts_with(key, $1) AND NOT key = ANY($2)`,
      [period, pending.map((i) => `${period}:acct-${i}`)],
    );
  }

  const read = async (prefix: string, pageSize: number) => {
    const keys: string[] = [];
    for await (const row of outboxStore(tdb.db).delivered('teams', 'scorecard', prefix, pageSize)) keys.push(row.key);
    return keys;
  };

  it('When the posts fill whole pages and part of one, then each delivered post is read once, in key order', async () => {
    await delivered('2026-11', 7, [3]);
    await delivered('2026-10', 2);
    const keys = await read('2026-11:', 2);
    expect(keys).toEqual([0, 1, 2, 4, 5, 6].map((i) => `2026-11:acct-${i}`).sort());
  });

  it('When the posts fill exactly whole pages, then the last, empty page ends the read', async () => {
    await delivered('2026-11', 4);
    expect(await read('2026-11:', 2)).toHaveLength(4);
    expect(await read('2026-12:', 2)).toEqual([]);
  });
});
