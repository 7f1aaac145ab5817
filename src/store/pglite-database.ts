import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.ts';

interface PgliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<unknown>;
}

/**
 * PGlite runs each statement synchronously on the event loop and hands results back as already-settled promises,
 * so under load whole chains of requests ran statement after statement in one turn of the loop (hundreds of ms)
 * while new connections and requests waited for the next: the first request on a new connection was answered
 * seconds late (bench:request's p99 was 15 times its p50). Every statement first yields to the loop, so I/O
 * (accepting, reading, answering) is served between statements.
 */
function wrap(conn: PgliteLike): Queryable {
  return {
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      await nextLoopTurn();
      return (await conn.query<R>(sql, [...params])).rows;
    },
    async exec(sql: string) {
      await nextLoopTurn();
      await conn.exec(sql);
    },
  };
}

/**
 * Opens the embedded database. `dataDir` undefined keeps it in memory (tests); a folder makes it file-backed.
 * The caller must hold the data-dir lock: PGlite takes none, and two processes on one folder corrupt it.
 */
export async function openPgliteDatabase(dataDir: string | undefined): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return fromPglite(pg);
}

/** Wraps an already-open PGlite instance (tests share one per worker). */
export function fromPglite(pg: PGlite, onClose?: () => Promise<void>): Database {
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async close() {
      if (onClose) await onClose();
      else if (!pg.closed) await pg.close();
    },
  };
}
