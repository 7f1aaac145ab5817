import pg from 'pg';
import type { Database, Queryable } from './database.ts';

/** Named statements per process; SQL beyond this many distinct texts runs unnamed. */
const MAX_NAMED = 500;
const names = new Map<string, string>();
let named = 0;

/** PostgreSQL's "cached plan must not change result type": a table a prepared `SELECT *` reads was altered. */
const PLAN_CHANGED_RESULT_TYPE = '0A000';

/**
 * Each distinct statement text gets a name, so every connection parses and plans it once (node-postgres prepares
 * a named statement on first use per connection) instead of on every call: the server's CPU, which on a small
 * host is shared with this process, went mostly to parsing and planning the save path's short statements.
 */
function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (!name && names.size < MAX_NAMED) {
    name = `pulse_${++named}`;
    names.set(sql, name);
  }
  return name;
}

function wrap(conn: pg.Pool | pg.PoolClient, inTransaction: boolean): Queryable {
  const run = <R extends object>(sql: string, params: readonly unknown[]) =>
    conn.query<R & pg.QueryResultRow>({ name: statementName(sql), text: sql, values: [...params] });
  return {
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      try {
        return (await run<R>(sql, params)).rows;
      } catch (error) {
        if ((error as { code?: string }).code !== PLAN_CHANGED_RESULT_TYPE) throw error;
        // Another replica's migration changed a table under a statement prepared on these connections (a rolling
        // deploy): give the text a new name, so every connection prepares it afresh, and run it again once.
        names.set(sql, `pulse_${++named}`);
        if (inTransaction) throw error;
        return (await run<R>(sql, params)).rows;
      }
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
  };
}

/** Connects to a PostgreSQL server; several replicas may share one database. */
export function openPostgresDatabase(
  url: string,
  options: { schema?: string; max?: number; onIdleError?: (error: Error) => void } = {},
): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client losing its server connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.onIdleError?.(error));
  // Nor a new one, in the moment between the pool handing it out (dropping its listener) and `transaction` taking
  // it: the statement or transaction that holds a client learns of its loss through its own failure.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const base = wrap(pool, false);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      // The pool listens for a connection's errors only while it is idle. Lent out, a connection lost (a reset, a
      // terminated backend) makes node-postgres emit 'error', which with no listener crashes the process: kept here
      // instead, the transaction's next statement fails, and the client is destroyed, not reused.
      let lost: Error | undefined;
      const onLost = (error: Error) => {
        lost = error;
      };
      client.on('error', onLost);
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client, true));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (!lost) await client.query('ROLLBACK').catch((rollback: Error) => (lost = rollback));
        throw error;
      } finally {
        // A lost client keeps the listener: it is being destroyed, and its socket may report more on the way out.
        if (!lost) client.off('error', onLost);
        client.release(lost);
      }
    },
    close: () => pool.end(),
  };
}
