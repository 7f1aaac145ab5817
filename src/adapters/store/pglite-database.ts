import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { parse, PGlite, protocol } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.ts';

/** Named statements kept per database; SQL beyond this many distinct texts runs unprepared. */
const MAX_PREPARED = 500;

/** PostgreSQL's "cached plan must not change result type" (a table a prepared `SELECT *` reads was altered). */
const PLAN_CHANGED_RESULT_TYPE = '0A000';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Statements as named prepared statements, each run in one protocol message (bind, describe, execute, sync).
 * PGlite's own `query` sends six messages per statement and parses and plans it every time: about 0.58 ms of CPU
 * for a small join, against 0.12 ms prepared (bench/scratch measurement, and the save path's 8 statements were
 * most of a save's cost on PGlite). Parameters are serialised and rows parsed with PGlite's own type handlers,
 * as its `query` does. PGlite's two locks are taken as its `query` takes them: the transaction lock outside a
 * transaction (so no statement lands inside another caller's transaction), the query lock always.
 */
function preparedStatements(pg: PGlite) {
  const prepared = new Map<string, { name: string; types: number[] }>();
  let named = 0;
  const run = (message: Uint8Array, syncToFs: boolean) => pg.execProtocol(message, { syncToFs });

  async function prepare(sql: string, syncToFs: boolean) {
    const known = prepared.get(sql);
    if (known) return known;
    const name = `pulse_${++named}`;
    const { messages } = await run(
      concat([
        protocol.serialize.parse({ name, text: sql }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      syncToFs,
    );
    const description = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs?: number[] };
    const entry = { name, types: description?.dataTypeIDs ?? [] };
    prepared.set(sql, entry);
    return entry;
  }

  /** Binds and runs a statement (a prepared one by name, else `unnamed` parsed in the same message). */
  async function bindAndRun<R>(
    statement: { name: string; types: number[] } | { unnamed: string },
    params: readonly unknown[],
    syncToFs: boolean,
  ): Promise<R[]> {
    const types = 'types' in statement ? statement.types : [];
    const parts = 'unnamed' in statement ? [protocol.serialize.parse({ text: statement.unnamed })] : [];
    parts.push(
      protocol.serialize.bind({
        statement: 'name' in statement ? statement.name : '',
        values: serialise(params, types),
      }),
      protocol.serialize.describe({ type: 'P' }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    );
    return rowsOf<R>((await run(concat(parts), syncToFs)).messages);
  }

  async function execute<R>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<R[]> {
    const syncToFs = !inTransaction;
    if (prepared.size >= MAX_PREPARED && !prepared.has(sql)) return bindAndRun<R>({ unnamed: sql }, params, syncToFs);
    try {
      return await bindAndRun<R>(await prepare(sql, syncToFs), params, syncToFs);
    } catch (error) {
      if ((error as { code?: string }).code !== PLAN_CHANGED_RESULT_TYPE || inTransaction) throw error;
      // A table the statement reads changed shape under it: prepare it again, once.
      const stale = prepared.get(sql);
      prepared.delete(sql);
      if (stale)
        await run(
          concat([protocol.serialize.close({ type: 'S', name: stale.name }), protocol.serialize.sync()]),
          syncToFs,
        );
      return bindAndRun<R>(await prepare(sql, syncToFs), params, syncToFs);
    }
  }

  function serialise(params: readonly unknown[], types: number[]): (string | null)[] {
    return params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pg.serializers[types[i] ?? -1];
      return serializer ? serializer(value) : String(value);
    });
  }

  function rowsOf<R>(messages: Parameters<typeof parse.parseResults>[0]): R[] {
    return (parse.parseResults(messages, pg.parsers)[0]?.rows ?? []) as R[];
  }

  return {
    /** One statement outside any transaction. */
    query: async <R>(sql: string, params: readonly unknown[]) => {
      await pg._checkReady();
      return pg._runExclusiveTransaction(() => pg._runExclusiveQuery(() => execute<R>(sql, params, false)));
    },
    /** One statement inside the transaction this caller holds. */
    queryInTransaction: <R>(sql: string, params: readonly unknown[]) =>
      pg._runExclusiveQuery(() => execute<R>(sql, params, true)),
  };
}

/**
 * PGlite runs each statement synchronously on the event loop and hands results back as already-settled promises,
 * so under load whole chains of requests ran statement after statement in one turn of the loop (hundreds of ms)
 * while new connections and requests waited for the next: the first request on a new connection was answered
 * seconds late (bench:request's p99 was 15 times its p50). Every statement first yields to the loop, so I/O
 * (accepting, reading, answering) is served between statements.
 */
function wrap(
  run: <R>(sql: string, params: readonly unknown[]) => Promise<R[]>,
  exec: (sql: string) => Promise<unknown>,
): Queryable {
  return {
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      await nextLoopTurn();
      return run<R>(sql, params);
    },
    async exec(sql: string) {
      await nextLoopTurn();
      await exec(sql);
    },
  };
}

/**
 * Opens the embedded database. `dataDir` undefined keeps it in memory (tests); a folder makes it file-backed.
 * The caller must hold the data-dir lock: PGlite takes none, and two processes on one folder corrupt it.
 */
export async function openPgliteDatabase(dataDir: string | undefined): Promise<Database> {
  const options = { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`] };
  const pg = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  return fromPglite(pg);
}

/**
 * The embedded database's buffer pool, set at every open (a command-line setting wins over the folder's own files,
 * so folders made before are covered too). initdb gives PostgreSQL's 128 MB, which a server shares between many
 * backends, and PGlite touched it at start (about 100 MB of RSS); here one process is the only backend, its files
 * sit in the operating system's cache all the same, and every buffer it has touched stays in the process's memory
 * (WebAssembly memory never shrinks). A full sync of 20,000 key accounts peaked at 433 and 441 MB with 16 MB,
 * 484 and 459 MB with 32 MB (issue 28, `npm run bench:sync`). The embedded database is for one team's data,
 * PostgreSQL (DATABASE_URL) for more.
 */
const EMBEDDED_SHARED_BUFFERS = '16MB';

/** Wraps an already-open PGlite instance (tests share one per worker). */
export function fromPglite(pg: PGlite, onClose?: () => Promise<void>): Database {
  const statements = preparedStatements(pg);
  const base = wrap(statements.query, (sql) => pg.exec(sql));
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(statements.queryInTransaction, (sql) => tx.exec(sql)))),
    async close() {
      if (onClose) await onClose();
      else if (!pg.closed) await pg.close();
    },
  };
}
