import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromPglite } from '../../src/adapters/store/pglite-database.ts';
import type { Database } from '../../src/adapters/store/database.ts';

/**
 * PGlite statements run as named prepared statements in one protocol message (src/adapters/store/pglite-database.ts).
 * These hold them to what PGlite's own `query` did: types both ways, errors, a table altered under a prepared
 * statement, and no statement landing inside another caller's transaction.
 */
describe('Prepared statements on PGlite', () => {
  let pg: PGlite;
  let db: Database;
  beforeAll(async () => {
    pg = await PGlite.create();
    db = fromPglite(pg);
  });
  // Each test starts from its own empty table: none relies on rows or columns another left behind.
  beforeEach(async () => {
    await db.exec(
      `DROP TABLE IF EXISTS t;
      CREATE TABLE t (id text PRIMARY KEY, n numeric, at timestamptz, tags text[], doc jsonb, ok boolean)`,
    );
  });
  afterAll(async () => db.close());

  const at = new Date('2026-10-05T12:30:00.000Z');
  /** Row `a`, with a value of every kind. */
  const insertA = () =>
    db.query<Record<string, unknown>>(
      'INSERT INTO t (id, n, at, tags, doc, ok) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
      ['a', 2.5, at, ['x', 'y, z'], { k: [1, 'two'] }, true],
    );

  it('When values of every kind go in and come out, then they read as PGlite parses them', async () => {
    const [row] = await insertA();
    expect(row).toEqual({ id: 'a', n: '2.5', at, tags: ['x', 'y, z'], doc: { k: [1, 'two'] }, ok: true });
    expect(await db.query('SELECT id FROM t WHERE id = ANY($1::text[]) AND n IS NOT NULL', [['a', 'b']])).toEqual([
      { id: 'a' },
    ]);
    expect(await db.query('SELECT $1::text IS NULL AS missing', [null])).toEqual([{ missing: true }]);
  });

  it('When a statement fails, then it rejects with PostgreSQL’s code and the next one runs', async () => {
    await insertA();
    await expect(db.query('INSERT INTO t (id) VALUES ($1)', ['a'])).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1 }]);
  });

  it('When a table changes shape under a prepared SELECT *, then the statement is prepared again', async () => {
    await insertA();
    const before = await db.query('SELECT * FROM t WHERE id = $1', ['a']);
    expect(Object.keys(before[0]!)).not.toContain('extra');
    await db.exec(`ALTER TABLE t ADD COLUMN extra text DEFAULT 'new'`);
    const [after] = await db.query<{ extra: string }>('SELECT * FROM t WHERE id = $1', ['a']);
    expect(after?.extra).toBe('new');
  });

  it('When another caller runs a statement during a transaction, then it waits for the transaction to end', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const order: string[] = [];
    const tx = db.transaction(async (q) => {
      await q.query('INSERT INTO t (id) VALUES ($1)', ['in-tx']);
      await held;
      await q.query('DELETE FROM t WHERE id = $1', ['in-tx']);
      order.push('transaction done');
    });
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE id = $1', ['in-tx']).then((r) => {
      order.push('outside read');
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual([]);
    release();
    await tx;
    // It never saw the row the transaction inserted and then removed.
    expect(await outside).toEqual([{ n: 0 }]);
    expect(order).toEqual(['transaction done', 'outside read']);
  });

  it('When a transaction throws, then its statements are rolled back', async () => {
    await expect(
      db.transaction(async (q) => {
        await q.query('INSERT INTO t (id) VALUES ($1)', ['rolled-back']);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await db.query('SELECT id FROM t WHERE id = $1', ['rolled-back'])).toEqual([]);
  });
});
