import pg from 'pg';
import type { Database, Queryable } from './database.ts';

/** Named statements per process; SQL beyond this many distinct texts runs unnamed. */
const MAX_NAMED = 500;
const names = new Map<string, string>();

/**
 * Each distinct statement text gets a name, so every connection parses and plans it once (node-postgres prepares
 * a named statement on first use per connection) instead of on every call: the server's CPU, which on a small
 * host is shared with this process, went mostly to parsing and planning the save path's short statements.
 */
function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (!name && names.size < MAX_NAMED) {
    name = `pulse_${names.size + 1}`;
    names.set(sql, name);
  }
  return name;
}

function wrap(conn: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      return (await conn.query<R & pg.QueryResultRow>({ name: statementName(sql), text: sql, values: [...params] }))
        .rows;
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
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
