import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.ts';

/** An irritant on the shared backlog. */
export interface Irritant {
  id: string;
  accountId: string;
  title: string;
  element: string | null;
  elementId: string | null;
  raisedBy: 'client' | 'internal';
  owner: string | null;
  status: 'open' | 'in_progress' | 'fixed';
  /** When it was raised (its round's close, on the app's clock) and when it was marked fixed (null while not). */
  raisedAt: Date;
  fixedAt: Date | null;
}

/** The irritant backlog both sides of an account see and update; the only place that knows its SQL. */
/** An irritant's title is at most this long: the unique key (round, title) must fit a btree index entry. */
const IRRITANT_TITLE_MAX = 200;

export function irritantsStore(db: Queryable) {
  return {
    /**
     * Adds a round's comment to the account's backlog, once per round and text (its unique key, migration 013): two
     * replicas publishing the same round at once add it once.
     */
    async addIrritant(i: {
      accountId: string;
      roundId: string;
      elementId: string | null;
      title: string;
      raisedBy: 'client' | 'internal';
      raisedAt: Date;
    }): Promise<void> {
      await db.query(
        `WITH raised AS (
           INSERT INTO irritants (id, account_id, round_id, element_id, title, raised_by, raised_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (round_id, title) DO NOTHING RETURNING id, raised_at)
         INSERT INTO irritant_history (irritant_id, at, status) SELECT id, raised_at, 'open' FROM raised`,
        [
          randomUUID(),
          i.accountId,
          i.roundId,
          i.elementId,
          i.title.slice(0, IRRITANT_TITLE_MAX),
          i.raisedBy,
          i.raisedAt,
        ],
      );
    },
    async irritants(accountId: string): Promise<Irritant[]> {
      const rows = await db.query<Record<string, unknown>>(
        `SELECT i.*, e.name AS element FROM irritants i LEFT JOIN rating_elements e ON e.id = i.element_id
          WHERE i.account_id = $1 ORDER BY i.created_at, i.id`,
        [accountId],
      );
      return rows.map((r) => ({
        id: String(r.id),
        accountId: String(r.account_id),
        title: String(r.title),
        element: (r.element as string | null) ?? null,
        elementId: (r.element_id as string | null) ?? null,
        raisedBy: r.raised_by as Irritant['raisedBy'],
        owner: (r.owner as string | null) ?? null,
        status: r.status as Irritant['status'],
        raisedAt: new Date(r.raised_at as string),
        fixedAt: r.fixed_at ? new Date(r.fixed_at as string) : null,
      }));
    },
    /** Names who owns fixing an irritant (a person or team on either side, as typed). */
    async setIrritantOwner(accountId: string, id: string, owner: string): Promise<boolean> {
      return (
        (
          await db.query(
            'UPDATE irritants SET owner = $3, updated_at = now() WHERE account_id = $1 AND id = $2 RETURNING 1',
            [accountId, id, owner],
          )
        ).length === 1
      );
    },
    /** Sets an irritant's status; `fixed_at` (the app's clock) says when it was fixed, for "you said, we did". */
    async setIrritantStatus(accountId: string, id: string, status: Irritant['status'], at: Date): Promise<boolean> {
      return (
        (
          await db.query(
            `WITH changed AS (
               UPDATE irritants SET status = $3, updated_at = $4,
                      fixed_at = CASE WHEN $3 = 'fixed' THEN coalesce(fixed_at, $4) ELSE NULL END
                WHERE account_id = $1 AND id = $2 RETURNING id, status)
             INSERT INTO irritant_history (irritant_id, at, status) SELECT id, $4, status FROM changed RETURNING 1`,
            [accountId, id, status, at],
          )
        ).length === 1
      );
    },
    /** Every status each irritant of the account has had, from when, in order: what the measures read. */
    async historyOf(accountId: string): Promise<{ irritantId: string; at: Date; status: Irritant['status'] }[]> {
      const rows = await db.query<Record<string, unknown>>(
        `SELECT h.irritant_id, h.at, h.status FROM irritant_history h JOIN irritants i ON i.id = h.irritant_id
          WHERE i.account_id = $1 ORDER BY h.irritant_id, h.seq`,
        [accountId],
      );
      return rows.map((r) => ({
        irritantId: String(r.irritant_id),
        at: new Date(r.at as string),
        status: r.status as Irritant['status'],
      }));
    },
    /** The irritants marked fixed after `since` (the last round's close), with their element. */
    async fixedSince(accountId: string, since: Date): Promise<{ title: string; element: string | null }[]> {
      return db.query<{ title: string; element: string | null }>(
        `SELECT i.title, e.name AS element FROM irritants i LEFT JOIN rating_elements e ON e.id = i.element_id
          WHERE i.account_id = $1 AND i.status = 'fixed' AND i.fixed_at > $2 ORDER BY i.fixed_at, i.id`,
        [accountId, since],
      );
    },
  };
}
