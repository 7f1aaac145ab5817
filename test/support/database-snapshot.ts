import type { Queryable } from '../../src/adapters/store/database.ts';

/** Every row of every table of the database (its current schema), as text per table. */
export type DatabaseSnapshot = Record<string, string>;

/**
 * What "nothing was stored" is checked against: every table's rows, whole, in a stable order, so a row inserted,
 * changed (a timestamp refreshed included) or deleted anywhere shows. Tables are listed from the catalogue, so a table a
 * later migration adds is covered without naming it here.
 */
export async function databaseSnapshot(db: Queryable): Promise<DatabaseSnapshot> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  // One statement for all tables: the fuzz takes a snapshot before and after each of hundreds of requests.
  const perTable = tables.map(
    ({ name }, i) =>
      `SELECT $${i + 1}::text AS name, (SELECT coalesce(json_agg(t ORDER BY t::text), '[]')::text FROM "${name.replaceAll('"', '""')}" t) AS rows`,
  );
  const rows = await db.query<{ name: string; rows: string }>(
    perTable.join(' UNION ALL '),
    tables.map((t) => t.name),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.rows]));
}

/** The tables whose rows differ between two snapshots (empty when nothing was stored), for a short failure message. */
export function changedTables(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}
