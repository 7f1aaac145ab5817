import type { Queryable } from './database.ts';

/** Named leases in the database: with several replicas, one holder at a time runs a scheduled job. */
export function leasesStore(db: Queryable) {
  return {
    /** Takes (or renews) the lease if it is free, expired, or already ours; true when we hold it. */
    async tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3::float8 / 1000))
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE leases.expires_at < now() OR leases.holder = EXCLUDED.holder
         RETURNING 1`,
        [name, holder, ttlMs],
      );
      return rows.length === 1;
    },
    /**
     * Frees every named lease; the names freed. Only for the embedded database at start, whose data-folder lock
     * proves the holders are gone (a killed predecessor would otherwise block the sync and the cycle for the TTL).
     */
    async releaseAll(): Promise<string[]> {
      const rows = await db.query<{ name: string }>('DELETE FROM leases RETURNING name');
      return rows.map((r) => r.name);
    },
    async release(name: string, holder: string): Promise<void> {
      await db.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
    },
  };
}
