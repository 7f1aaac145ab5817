import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../src/adapters/store/postgres-database.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { postgresAvailable } from '../support/test-database.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

/**
 * A connection the pool has lent out has no error listener of the pool's (pg-pool removes its idle listener at
 * checkout), and node-postgres emits 'error' on a client whose connection ends while no statement runs
 * (https://node-postgres.com/apis/pool, "error" event; https://node-postgres.com/apis/client, "error" event). A
 * connection lost between two statements of a transaction must fail that transaction, not crash the process: seen
 * in CI, where the database-cut chaos test's server exited 1 under a busy machine.
 */
describe.runIf(postgresAvailable())('A PostgreSQL connection lost in the middle of a transaction', () => {
  let proxy: TcpProxy;
  let db: Database;
  let admin: Database;
  beforeAll(async () => {
    admin = openPostgresDatabase(process.env.TEST_DATABASE_URL!, { max: 1 });
    const target = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }).start();
    const viaProxy = new URL(process.env.TEST_DATABASE_URL!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    db = openPostgresDatabase(viaProxy.toString(), { max: 2 });
  });
  afterAll(async () => {
    await admin?.close();
    await db?.close();
    await proxy?.stop();
  });

  it('When the connection is reset between two statements, then the transaction fails, the process lives, and the next one succeeds', async () => {
    const outcome = await db
      .transaction(async (tx) => {
        await tx.query('SELECT 1 AS one');
        // The connection goes while the transaction's own code runs (no statement in flight); the reset reaches the
        // client's socket within a turn or two of the event loop, before the next statement.
        proxy.cut();
        for (let turn = 0; turn < 50; turn++) await new Promise((r) => setImmediate(r));
        proxy.restore();
        return tx.query('SELECT 2 AS two');
      })
      .then(
        () => 'committed',
        (error: Error) => `failed: ${error.message}`,
      );
    expect(outcome).toMatch(/^failed: /);
    expect(await db.query('SELECT 3 AS three')).toEqual([{ three: 3 }]);
    expect(await db.transaction((tx) => tx.query('SELECT 4 AS four'))).toEqual([{ four: 4 }]);
  });

  it(
    'When the server ends the backend of an open transaction (an administrator, ' +
      'idle_in_transaction_session_timeout), then that transaction fails and the next one succeeds',
    async () => {
      const outcome = await db
        .transaction(async (tx) => {
          const [me] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          // PostgreSQL sends FATAL 57P01 to a client with no statement in flight
          // (https://www.postgresql.org/docs/current/functions-admin.html, pg_terminate_backend).
          await admin.query('SELECT pg_terminate_backend($1)', [me!.pid]);
          for (let turn = 0; turn < 50; turn++) await new Promise((r) => setImmediate(r));
          return tx.query('SELECT 2 AS two');
        })
        .then(
          () => 'committed',
          (error: Error) => `failed: ${error.message}`,
        );
      expect(outcome).toMatch(/^failed: /);
      expect(await db.transaction((tx) => tx.query('SELECT 4 AS four'))).toEqual([{ four: 4 }]);
    },
  );
});
