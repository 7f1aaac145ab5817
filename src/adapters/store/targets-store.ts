import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.ts';

/** A target performance for one element: proposed by the account team, counted once the client agreed it. */
interface ElementTarget {
  elementId: string;
  element: string;
  target: number;
  proposedAt: Date;
  agreedAt: Date | null;
}

const toTarget = (r: Record<string, unknown>): ElementTarget => ({
  elementId: String(r.element_id),
  element: String(r.element),
  target: Number(r.target),
  proposedAt: new Date(r.proposed_at as string),
  agreedAt: r.agreed_at ? new Date(r.agreed_at as string) : null,
});

/** The accounts' element targets; the only place that knows their SQL. */
export function targetsStore(db: Queryable) {
  return {
    /** Proposes a target for an element, replacing the one not yet agreed (the unique key keeps one draft each). */
    async propose(accountId: string, elementId: string, target: number, at: Date): Promise<void> {
      await db.query(
        `INSERT INTO element_targets (id, account_id, element_id, target, proposed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id, element_id) WHERE agreed_at IS NULL
         DO UPDATE SET target = excluded.target, proposed_at = excluded.proposed_at`,
        [randomUUID(), accountId, elementId, target, at],
      );
    },
    /** Agrees every proposed target of the account; which (element and target), so the answer can name each one. */
    async agree(accountId: string, at: Date): Promise<{ element: string; target: number }[]> {
      const rows = await db.query<{ element: string; target: string | number }>(
        `UPDATE element_targets t SET agreed_at = $2 FROM rating_elements e
          WHERE t.account_id = $1 AND t.agreed_at IS NULL AND e.id = t.element_id RETURNING e.name AS element, t.target`,
        [accountId, at],
      );
      return rows.map((r) => ({ element: r.element, target: Number(r.target) }));
    },
    /** Every target of the account, oldest first: the drafts and the agreed ones (their history). */
    async ofAccount(accountId: string): Promise<ElementTarget[]> {
      const rows = await db.query<Record<string, unknown>>(
        `SELECT t.*, e.name AS element FROM element_targets t JOIN rating_elements e ON e.id = t.element_id
          WHERE t.account_id = $1 ORDER BY coalesce(t.agreed_at, t.proposed_at), t.id`,
        [accountId],
      );
      return rows.map(toTarget);
    },
  };
}
