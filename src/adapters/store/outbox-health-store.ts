import type { Queryable } from './database.ts';

/** How far behind one outbox target is: messages not yet done and how long the oldest has waited. */
interface OutboxHealth {
  target: 'salesforce' | 'teams';
  depth: number;
  /** Seconds since the oldest not-done message was queued (a re-queued key counts from its previous completion). */
  oldestAgeSeconds: number;
}

/** Reads the outbox's backlog per target, for /metrics and the doctor; both targets are always answered. */
export function outboxHealthStore(db: Queryable) {
  return {
    async byTarget(): Promise<OutboxHealth[]> {
      const rows = await db.query<{ target: 'salesforce' | 'teams'; depth: string; oldest: number | string | null }>(
        `SELECT target, count(*)::text AS depth,
                EXTRACT(EPOCH FROM now() - min(COALESCE(done_at, created_at)))::float8 AS oldest
           FROM outbox WHERE status IN ('pending', 'in_flight') GROUP BY target`,
      );
      return (['salesforce', 'teams'] as const).map((target) => {
        const row = rows.find((r) => r.target === target);
        return {
          target,
          depth: Number(row?.depth ?? 0),
          oldestAgeSeconds: row?.oldest == null ? 0 : Math.max(0, Number(row.oldest)),
        };
      });
    },
  };
}
