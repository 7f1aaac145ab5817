import type { Queryable } from '../../src/adapters/store/database.ts';

/**
 * The outbox's time, driven by a test. Retries and leases are measured by the database's now() (one clock for every
 * replica), so rather than wait one out, a test moves the instants the outbox compares with now() (when a write is
 * due again, when its lease runs out) back by the time it lets pass.
 */
export function outboxTime(db: Queryable) {
  return {
    /**
     * How many milliseconds must pass before the next undelivered write of `target` comes due (its retry's time, or
     * its lease running out); undefined when none is still to come. Writes already due are left out: one held back
     * behind an earlier message of its thread waits for that one's time, not its own.
     */
    async untilNextDue(target: 'salesforce' | 'teams'): Promise<number | undefined> {
      const [row] = await db.query<{ ms: number | null }>(
        `SELECT EXTRACT(EPOCH FROM min(due) - now())::float8 * 1000 AS ms
         FROM (SELECT CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END AS due
               FROM outbox WHERE target = $1 AND status IN ('pending', 'in_flight')) w
         WHERE due > now()`,
        [target],
      );
      // A lease has run out only once now() is past it: one millisecond more than the exact difference.
      return row?.ms === null || row?.ms === undefined ? undefined : Math.floor(row.ms) + 1;
    },
    /** Lets `ms` pass for the outbox: every write waiting for its time or its lease waits that much less. */
    async elapse(ms: number): Promise<void> {
      await db.query(
        `UPDATE outbox SET next_attempt_at = next_attempt_at - make_interval(secs => $1::float8 / 1000),
           lease_until = lease_until - make_interval(secs => $1::float8 / 1000)
         WHERE status IN ('pending', 'in_flight')`,
        [ms],
      );
    },
  };
}
