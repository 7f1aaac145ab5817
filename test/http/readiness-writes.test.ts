import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/platform/config/config.ts';
import { createApp } from '../../src/app/app.ts';
import { openPostgresDatabase } from '../../src/adapters/store/postgres-database.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { testClock } from '../support/test-clock.ts';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-database.ts';

// Issue 24, defect 8: /readyz stayed 200 while every write failed (a full disk). A session PostgreSQL holds read-only
// refuses writes the same way while reads go on: a hot standby after a failover (writes answer "cannot execute
// INSERT in a read-only transaction", https://www.postgresql.org/docs/current/hot-standby.html), or a role set
// `default_transaction_read_only`, as here. The readiness probe must see it; reading the schema version cannot.

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** The app on `db`, listening on loopback; its /readyz answer. */
async function readyz(db: Database) {
  const logs = captureLogs();
  const app = await createApp({ config: readConfig({ PORT: '0' }), now: testClock().now, log: logs.log, db });
  const { port } = await app.server.listen(0, '127.0.0.1');
  cleanups.push(() => app.server.close(1000));
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, body: (await res.json()) as { reason?: string }, logs };
}

describe.skipIf(!postgresAvailable())('Readiness reflects whether the database accepts writes', () => {
  it('When the database reads but refuses every write, then /readyz answers 503 "database does not accept writes" and the log says why', async () => {
    const tdb: TestDatabase = await openTestDatabase('postgres');
    cleanups.push(() => tdb.close());
    const [{ schema }] = (await tdb.db.query<{ schema: string }>('SELECT current_schema() AS schema')) as [
      { schema: string },
    ];
    // The same schema through a role whose sessions are read-only: every grant, only the writes refused.
    const role = `${schema}_ro`;
    await tdb.db.exec(`CREATE ROLE ${role} LOGIN; ALTER ROLE ${role} SET default_transaction_read_only = on;
      GRANT USAGE ON SCHEMA ${schema} TO ${role}; GRANT ALL ON ALL TABLES IN SCHEMA ${schema} TO ${role};`);
    cleanups.push(async () => {
      await tdb.db.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    });
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.username = role;
    const readOnly = openPostgresDatabase(url.toString(), { schema, max: 2 });
    cleanups.push(() => readOnly.close());
    expect(await readOnly.query('SELECT count(*) FROM schema_migrations')).toHaveLength(1);

    const writable = await readyz(tdb.db);
    expect(writable.status).toBe(200);
    const refused = await readyz(readOnly);
    expect(refused.status).toBe(503);
    expect(refused.body.reason).toBe('database does not accept writes');
    expect(refused.logs.text()).toContain('read-only transaction');
  });
});
