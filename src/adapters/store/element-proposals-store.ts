import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.ts';

/** An element the client proposed, waiting for the account team (or decided). */
interface ElementProposal {
  id: string;
  name: string;
  status: 'pending' | 'accepted' | 'declined';
}

/** The client's element proposals; the only place that knows their SQL. */
export function elementProposalsStore(db: Queryable) {
  return {
    /**
     * Proposes a name unless it is pending already or `max` proposals are pending, in one statement: whether it
     * was stored, and how many were pending before.
     */
    async propose(accountId: string, name: string, max: number): Promise<{ stored: boolean; pending: number }> {
      const [r] = await db.query<{ stored: boolean; pending: number }>(
        `WITH pending AS (
           SELECT count(*)::int AS n, bool_or(lower(name) = lower($3)) AS same FROM rating_element_proposals
            WHERE account_id = $1 AND status = 'pending'
         ), added AS (
           INSERT INTO rating_element_proposals (id, account_id, name)
           SELECT $2, $1, $3 FROM pending WHERE pending.n < $4 AND NOT coalesce(pending.same, false) RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM added) AS stored, n AS pending FROM pending`,
        [accountId, randomUUID(), name, max],
      );
      return { stored: r?.stored ?? false, pending: r?.pending ?? 0 };
    },
    async pending(accountId: string): Promise<ElementProposal[]> {
      return db.query<ElementProposal>(
        `SELECT id, name, status FROM rating_element_proposals WHERE account_id = $1 AND status = 'pending' ORDER BY created_at, id`,
        [accountId],
      );
    },
    /** Decides a pending proposal once: true only for the call that decided it. */
    async decide(accountId: string, id: string, status: 'accepted' | 'declined'): Promise<boolean> {
      return (
        (
          await db.query(
            `UPDATE rating_element_proposals SET status = $3 WHERE account_id = $1 AND id = $2 AND status = 'pending' RETURNING 1`,
            [accountId, id, status],
          )
        ).length === 1
      );
    },
  };
}
