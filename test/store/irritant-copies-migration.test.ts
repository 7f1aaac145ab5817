/**
 * Migration 013 puts a unique key on an irritant's origin (its round and comment text). A live database may already
 * hold copies that two replicas publishing one round added: the migration keeps the oldest of each (its place in the
 * numbered backlog), with what the account team last set on any copy, before it adds the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';
import { loadMigrations, migrate } from '../../src/adapters/store/migrate.ts';
import { irritantsStore } from '../../src/adapters/store/irritants-store.ts';

const ACCOUNT = '001COPIES00000001';

describe.each(testDatabaseKinds())('Migrating irritant copies (%s)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind, { migrated: false });
  });
  afterAll(() => t?.close());

  it('When the database holds copies of an irritant, then migrating keeps the oldest, with the status and owner last set on any copy', async () => {
    const all = await loadMigrations();
    await migrate(t.db, all.slice(0, 12));
    await t.db.exec(`
      INSERT INTO rating_rounds (id, account_id, opened_by, opened_at, closes_at, closed_at)
        VALUES ('r1', '${ACCOUNT}', 'test', now() - interval '20 days', now() - interval '6 days', now() - interval '6 days'),
               ('r2', '${ACCOUNT}', 'test', now() - interval '5 days', now() - interval '1 day', now() - interval '1 day');
      INSERT INTO irritants (id, account_id, round_id, title, raised_by, owner, status, created_at, updated_at) VALUES
        ('b-copy', '${ACCOUNT}', 'r1', 'Slow answers', 'client', NULL, 'fixed', '2026-01-01T10:00:01Z', '2026-01-05T00:00:00Z'),
        ('a-first', '${ACCOUNT}', 'r1', 'Slow answers', 'client', 'Dana', 'open', '2026-01-01T10:00:00Z', '2026-01-03T00:00:00Z'),
        ('c-copy', '${ACCOUNT}', 'r1', 'Slow answers', 'client', NULL, 'open', '2026-01-01T10:00:02Z', '2026-01-01T10:00:02Z'),
        ('d-alone', '${ACCOUNT}', 'r1', 'Invoices arrive late', 'client', NULL, 'in_progress', '2026-01-01T10:00:03Z', '2026-01-04T00:00:00Z'),
        ('e-next', '${ACCOUNT}', 'r2', 'Slow answers', 'client', NULL, 'open', '2026-01-20T10:00:00Z', '2026-01-20T10:00:00Z');`);

    expect(await migrate(t.db, all)).toEqual(all.slice(12).map((m) => m.version));

    const rows = await t.db.query('SELECT id, round_id, title, owner, status FROM irritants ORDER BY created_at, id');
    expect(rows).toEqual([
      { id: 'a-first', round_id: 'r1', title: 'Slow answers', owner: 'Dana', status: 'fixed' },
      { id: 'd-alone', round_id: 'r1', title: 'Invoices arrive late', owner: null, status: 'in_progress' },
      { id: 'e-next', round_id: 'r2', title: 'Slow answers', owner: null, status: 'open' },
    ]);
    // From now on the key holds: publishing the round again adds nothing.
    await irritantsStore(t.db).addIrritant({
      accountId: ACCOUNT,
      roundId: 'r1',
      elementId: null,
      title: 'Slow answers',
      raisedBy: 'client',
      raisedAt: new Date('2026-11-04T10:00:00Z'),
    });
    expect(await irritantsStore(t.db).irritants(ACCOUNT)).toHaveLength(3);
  });
});
