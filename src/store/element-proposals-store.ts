import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.ts';

/** An element the client proposed, waiting for the account team (or decided). */
export interface ElementProposal {
  id: string;
  name: string;
  status: 'pending' | 'accepted' | 'declined';
}

/** The client's element proposals; the only place that knows their SQL. */
export function elementProposalsStore(db: Queryable) {
  return {
    async propose(accountId: string, name: string): Promise<void> {
      await db.query(
        `INSERT INTO rating_element_proposals (id, account_id, name)
         SELECT $1, $2, $3 WHERE NOT EXISTS (
           SELECT 1 FROM rating_element_proposals WHERE account_id = $2 AND lower(name) = lower($3) AND status = 'pending')`,
        [randomUUID(), accountId, name],
      );
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
