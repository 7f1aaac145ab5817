import type { Queryable } from './database.ts';
import type { Period } from '../../core/domain/period.ts';

/** The monthly cycle's periods: whether a month is open for returns or closed. */
export function cyclePeriodsStore(db: Queryable) {
  return {
    async periodStatus(period: Period): Promise<'open' | 'closed' | undefined> {
      const [row] = await db.query<{ status: 'open' | 'closed' }>(
        'SELECT status FROM cycle_periods WHERE period = $1',
        [period],
      );
      return row?.status;
    },
    /** Opens the period if it is new; false when it already exists (open or closed). */
    async openPeriod(period: Period): Promise<boolean> {
      return (
        (
          await db.query(
            `INSERT INTO cycle_periods (period, status) VALUES ($1, 'open') ON CONFLICT DO NOTHING RETURNING 1`,
            [period],
          )
        ).length === 1
      );
    },
    /** Closes the period; false when it was not open (already closed, or never opened). */
    async closePeriod(period: Period): Promise<boolean> {
      return (
        (
          await db.query(
            `UPDATE cycle_periods SET status = 'closed', closed_at = now() WHERE period = $1 AND status = 'open' RETURNING 1`,
            [period],
          )
        ).length === 1
      );
    },
  };
}
