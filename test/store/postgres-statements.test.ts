import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-database.ts';

/**
 * Statements are named, so each connection prepares them once. A rolling deploy runs a new replica's migration while
 * old replicas hold prepared statements: PostgreSQL then refuses a prepared `SELECT *` whose result type changed
 * ("cached plan must not change result type", SQLSTATE 0A000:
 * https://www.postgresql.org/docs/current/sql-prepare.html, Notes). The old replica must go on answering.
 */
describe.runIf(postgresAvailable())('Named statements on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('postgres', { migrated: false });
    await t.db.exec('CREATE TABLE widgets (id int PRIMARY KEY)');
    await t.db.query('INSERT INTO widgets (id) VALUES (1)');
  });
  afterAll(() => t?.close());

  it('When another replica alters a table under a prepared SELECT *, then the next call prepares it again and answers', async () => {
    const read = () => t.db.query<Record<string, unknown>>('SELECT * FROM widgets ORDER BY id');
    // Prepare it on the connections the pool will hand out.
    await Promise.all([read(), read(), read()]);
    const other = t.openReplica();
    await other.exec("ALTER TABLE widgets ADD COLUMN colour text NOT NULL DEFAULT 'blue'");
    for (let i = 0; i < 6; i++) expect(await read()).toEqual([{ id: 1, colour: 'blue' }]);
  });

  it('When it happens inside a transaction, then that transaction fails and the next one succeeds', async () => {
    const read = (q: { query: typeof t.db.query }) => q.query<Record<string, unknown>>('SELECT * FROM widgets');
    await t.db.transaction((tx) => read(tx));
    await t.openReplica().exec('ALTER TABLE widgets ADD COLUMN size int');
    const attempt = () => t.db.transaction((tx) => read(tx));
    const first = await attempt().catch((e: { code?: string }) => e.code);
    expect(first === '0A000' || Array.isArray(first)).toBe(true);
    expect(await attempt()).toEqual([{ id: 1, colour: 'blue', size: null }]);
  });
});
