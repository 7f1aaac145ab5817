import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../src/adapters/store/pglite-database.ts';
import { openPgliteThreadDatabase } from '../../src/adapters/store/pglite-thread-database.ts';
import { fromThreadError, toThreadError } from '../../src/adapters/store/pglite-thread-protocol.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { spawnSyncWatched } from '../support/watched-child.ts';

/**
 * The server opens its embedded database in a thread of its own (src/adapters/store/pglite-thread-database.ts).
 * These hold the thread to what the same PGlite gives in the calling thread: values of every kind, errors with
 * PostgreSQL's fields, transactions and what waits for them, and a database that is closed or left open.
 */
describe('The embedded database in its own thread', () => {
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-thread-db-'));
    dirs.push(dir);
    return dir;
  };
  let db: Database;
  let here: Database;
  beforeAll(async () => {
    db = await openPgliteThreadDatabase(folder());
    here = await openPgliteDatabase(folder());
  });
  beforeEach(async () => {
    for (const d of [db, here])
      await d.exec(
        `DROP TABLE IF EXISTS t;
         CREATE TABLE t (id text PRIMARY KEY, n numeric, at timestamptz, tags text[], doc jsonb, ok boolean, big int8, raw bytea)`,
      );
  });
  afterAll(async () => {
    await db.close();
    await here.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('When values of every kind go in and come out, then they are what the same PGlite gives in this thread', async () => {
    const at = new Date('2026-10-05T12:30:00.123Z');
    const insert = 'INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *';
    const values = [
      'a',
      2.5,
      at,
      ['x', 'y, "z"'],
      { k: [1, 'two', null] },
      true,
      '9007199254740993',
      new Uint8Array([0, 1, 255]),
    ];
    const [fromThread] = await db.query<Record<string, unknown>>(insert, values);
    const [fromHere] = await here.query<Record<string, unknown>>(insert, values);
    expect(fromThread).toStrictEqual(fromHere);
    expect(fromThread!.at).toEqual(at);
    const nulls = 'SELECT NULL::text AS a, NULL::jsonb AS b, $1::text AS c, $2::int AS d';
    expect(await db.query(nulls, [null, undefined])).toStrictEqual(await here.query(nulls, [null, undefined]));
  });

  it('When a statement fails, then the error keeps its message and PostgreSQL fields, and the next one runs', async () => {
    await db.query(`INSERT INTO t (id) VALUES ('a')`);
    const error = await db.query(`INSERT INTO t (id) VALUES ('a')`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't' });
    expect((error as Error).message).toMatch(/duplicate key value violates unique constraint "t_pkey"/);
    await expect(db.exec('SELECT * FROM nowhere')).rejects.toMatchObject({ code: '42P01' });
    expect(await db.query(`SELECT count(*)::int AS n FROM t`)).toEqual([{ n: 1 }]);
  });

  it('When a transaction commits, then its writes stay; when its function throws, then none do and the error is the caller’s', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO t (id) VALUES ('kept')`);
      await tx.exec(`INSERT INTO t (id) VALUES ('kept too')`);
      return (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM t`))[0]!.n;
    });
    expect(result).toBe(2);
    const mine = new Error('changed my mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO t (id) VALUES ('dropped')`);
        throw mine;
      }),
    ).rejects.toBe(mine);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO t (id) VALUES ('dropped too')`);
        await tx.query(`INSERT INTO t (id) VALUES ('kept')`);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await db.query(`SELECT id FROM t ORDER BY id`)).toEqual([{ id: 'kept' }, { id: 'kept too' }]);
  });

  it('When a statement is sent outside an open transaction, then it runs after the transaction ends, never inside it', async () => {
    let outside: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO t (id) VALUES ('in')`);
      outside = db.query(`SELECT count(*)::int AS n FROM t`);
      // Run inside the transaction, the outside statement would count 1 row; after it, 2.
      await tx.query(`INSERT INTO t (id) VALUES ('in too')`);
    });
    expect(await outside).toEqual([{ n: 2 }]);
    let rolledBack: Promise<unknown> | undefined;
    await db
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO t (id) VALUES ('gone')`);
        // Inside, it would count the row the rollback removes.
        rolledBack = db.query(`SELECT count(*)::int AS n FROM t`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await rolledBack).toEqual([{ n: 2 }]);
  });

  it('When many statements are sent at once, then each gets its own answer', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => db.query<{ i: number }>('SELECT $1::int AS i', [i])),
    );
    expect(answers.map(([r]) => r!.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('When the database is closed, then a later statement fails with the reason instead of waiting', async () => {
    const other = await openPgliteThreadDatabase(folder());
    expect(await other.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow(/embedded database's thread stopped/);
    await other.close();
  });

  it('When the thread dies with statements in flight, then they and every later one fail with the reason, and close still returns', async () => {
    let thread: Worker | undefined;
    const dying = await openPgliteThreadDatabase(folder(), { started: (t) => (thread = t) });
    await dying.exec('CREATE TABLE slow (n int)');
    const inFlight = [dying.query('INSERT INTO slow SELECT generate_series(1, 200000)'), dying.query('SELECT 1')];
    await thread!.terminate();
    for (const statement of inFlight) await expect(statement).rejects.toThrow(/embedded database's thread stopped/);
    await expect(dying.query('SELECT 1')).rejects.toThrow(/embedded database's thread stopped/);
    await dying.close();
  });

  it('When a parameter is not plain data, then the statement is refused naming it, and the database goes on', async () => {
    // A structured clone would drop its prototype: a URL would be stored as "[object Object]".
    await expect(db.query('SELECT $1::text', [new URL('https://contoso.example/')])).rejects.toThrow(
      /parameter \$1 is not plain data \(URL\)/,
    );
    await expect(db.query('SELECT $1::text, $2::jsonb', ['a', { when: [() => 1] }])).rejects.toThrow(/parameter \$2/);
    await expect(db.query('SELECT $1::text', [Symbol('s')])).rejects.toThrow(/parameter \$1/);
    expect(await db.query('SELECT $1::jsonb AS doc', [{ a: [1, null, { b: new Date(0) }] }])).toHaveLength(1);
  });

  it('When a process leaves its database open, then it still exits once its work is done', () => {
    // As with PGlite in the calling thread: only a statement in flight keeps the process alive.
    const script = `
      import { openPgliteThreadDatabase } from ${JSON.stringify(new URL('../../src/adapters/store/pglite-thread-database.ts', import.meta.url).href)};
      const db = await openPgliteThreadDatabase(${JSON.stringify(folder())});
      await db.query('SELECT $1::text', [() => 1]).catch(() => undefined);
      const [row] = await db.query('SELECT 41 + 1 AS n');
      process.stdout.write(String(row.n));`;
    const child = spawnSyncWatched(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('42');
    expect(child.status).toBe(0);
  });

  it('When an error crosses the threads, then only plain fields come with it, and none reaches its prototype', () => {
    const source = Object.assign(new Error('boom'), { code: '23505', position: 7, hidden: true, query: { sql: 'x' } });
    Object.defineProperty(source, '__proto__', { value: { polluted: true }, enumerable: true });
    const rebuilt = fromThreadError(structuredClone(toThreadError(source)));
    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt.message).toBe('boom');
    expect(rebuilt).toMatchObject({ code: '23505', position: 7, hidden: true });
    expect(Object.getPrototypeOf(rebuilt)).toBe(Error.prototype);
    expect('query' in rebuilt).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
