import type { Queryable } from './database.ts';

/**
 * Writes one row and commits, changing nothing: it fails where every save would (no space for the write-ahead log, a
 * read-only session or standby, a lost grant), which reading the schema version cannot show.
 */
export async function probeWrite(db: Queryable): Promise<void> {
  await db.query('INSERT INTO readiness_probe (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id');
}
