import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.ts';
import type { ActionStatus, OwnerSide, PlanAction, Side, Visibility } from '../../core/domain/action-plan.ts';
import type { DigestCadence } from '../../core/domain/plan-digest.ts';

/** A stored action: the plan's view of it, with the account and what it answers by id. */
export interface StoredAction extends PlanAction {
  accountId: string;
  ownerKey: string;
  ownerTeamsId: string | null;
  createdAt: Date;
}

/** What creating an action records. */
interface NewAction {
  accountId: string;
  actionKey: string;
  elementId: string | null;
  irritantId: string | null;
  title: string;
  ownerSide: OwnerSide;
  ownerKey: string;
  ownerTeamsId: string | null;
  ownerName: string;
  dueOn: string;
  status: ActionStatus;
  visibility: Visibility;
  createdBySide: Side;
  at: Date;
}

const SELECT = `SELECT a.*, to_char(a.due_on, 'YYYY-MM-DD') AS due, e.name AS element, i.title AS irritant
  FROM plan_actions a LEFT JOIN rating_elements e ON e.id = a.element_id LEFT JOIN irritants i ON i.id = a.irritant_id`;

const toAction = (r: Record<string, unknown>): StoredAction => ({
  id: String(r.id),
  accountId: String(r.account_id),
  title: String(r.title),
  element: (r.element as string | null) ?? null,
  irritant: (r.irritant as string | null) ?? null,
  ownerSide: r.owner_side as OwnerSide,
  ownerKey: String(r.owner_key),
  ownerTeamsId: (r.owner_teams_id as string | null) ?? null,
  ownerName: String(r.owner_name),
  dueOn: String(r.due),
  status: r.status as ActionStatus,
  visibility: r.visibility as Visibility,
  doneAt: r.done_at ? new Date(r.done_at as string) : null,
  createdAt: new Date(r.created_at as string),
});

/** The accounts' action plans; the only place that knows their SQL. */
export function actionsStore(db: Queryable) {
  return {
    /** Adds an action once per card action (`actionKey`): its id, or undefined when that card action added it already. */
    async add(a: NewAction): Promise<string | undefined> {
      // The action and its first state in one statement: neither is ever stored without the other.
      const rows = await db.query<{ id: string }>(
        `WITH added AS (
           INSERT INTO plan_actions (id, account_id, action_key, element_id, irritant_id, title, owner_side, owner_key,
             owner_name, due_on, status, visibility, created_by_side, created_at, updated_at, done_at, owner_teams_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::date, $11, $12, $13, $14, $14, NULL, $15)
           ON CONFLICT (account_id, action_key) DO NOTHING RETURNING id, created_at, status, due_on)
         INSERT INTO plan_action_history (action_id, at, status, due_on)
           SELECT id, created_at, status, due_on FROM added RETURNING action_id AS id`,
        [
          randomUUID(),
          a.accountId,
          a.actionKey,
          a.elementId,
          a.irritantId,
          a.title,
          a.ownerSide,
          a.ownerKey,
          a.ownerName,
          a.dueOn,
          a.status,
          a.visibility,
          a.createdBySide,
          a.at,
          a.ownerTeamsId,
        ],
      );
      return rows[0]?.id;
    },
    /** The account's actions in the order they were added (the order their numbers follow). */
    async ofAccount(accountId: string): Promise<StoredAction[]> {
      const rows = await db.query<Record<string, unknown>>(`${SELECT} WHERE a.account_id = $1 ORDER BY a.seq`, [
        accountId,
      ]);
      return rows.map(toAction);
    },
    /**
     * Sets an action's status (and its due date), only if it is still in the status the asker saw: two people
     * closing the same action at once change it once. `done_at` is set when it becomes done, cleared otherwise.
     */
    async change(
      accountId: string,
      id: string,
      from: ActionStatus,
      to: ActionStatus,
      dueOn: string | null,
      at: Date,
    ): Promise<boolean> {
      const rows = await db.query(
        `WITH changed AS (
           UPDATE plan_actions SET status = $4, due_on = coalesce($5::date, due_on), updated_at = $6,
                  done_at = CASE WHEN $4 = 'done' THEN coalesce(done_at, $6) ELSE NULL END
            WHERE account_id = $1 AND id = $2 AND status = $3 RETURNING id, updated_at, status, due_on)
         INSERT INTO plan_action_history (action_id, at, status, due_on)
           SELECT id, updated_at, status, due_on FROM changed RETURNING 1`,
        [accountId, id, from, to, dueOn, at],
      );
      return rows.length === 1;
    },
    /**
     * Our open actions due on or before `lastDate` (`YYYY-MM-DD`), of every account: whom to remind (not an owner
     * erased at their request: there is nobody to write to).
     */
    async oursOpenDueBy(lastDate: string): Promise<StoredAction[]> {
      const rows = await db.query<Record<string, unknown>>(
        `${SELECT} WHERE a.owner_side = 'ours' AND a.status = 'open' AND a.due_on <= $1::date
            AND a.owner_key <> 'erased' ORDER BY a.seq`,
        [lastDate],
      );
      return rows.map(toAction);
    },
    /** The action a card action or form added (its key), to answer a copy of it with what was stored. */
    async byKey(accountId: string, actionKey: string): Promise<StoredAction | undefined> {
      const [r] = await db.query<Record<string, unknown>>(`${SELECT} WHERE a.account_id = $1 AND a.action_key = $2`, [
        accountId,
        actionKey,
      ]);
      return r && toAction(r);
    },
    /** How often the account's shared channel gets the plan's digest (weekly unless the team chose monthly). */
    async digestOf(accountId: string): Promise<DigestCadence> {
      const [r] = await db.query<{ cadence: DigestCadence }>('SELECT cadence FROM plan_digest WHERE account_id = $1', [
        accountId,
      ]);
      return r?.cadence ?? 'weekly';
    },
    async setDigest(accountId: string, cadence: DigestCadence): Promise<void> {
      await db.query(
        `INSERT INTO plan_digest (account_id, cadence) VALUES ($1, $2)
         ON CONFLICT (account_id) DO UPDATE SET cadence = EXCLUDED.cadence`,
        [accountId, cadence],
      );
    },
    /**
     * The accounts whose shared channel gets the plan's digest: a joint action still open or proposed, or done since
     * `since` (the digest before at the latest); a plan all done and quiet gets none.
     */
    async accountsWithJointPlan(since: Date): Promise<{ accountId: string; digest: DigestCadence }[]> {
      const rows = await db.query<{ account_id: string; cadence: DigestCadence | null }>(
        `SELECT DISTINCT a.account_id, d.cadence FROM plan_actions a LEFT JOIN plan_digest d USING (account_id)
          WHERE a.visibility = 'joint' AND (a.status IN ('open', 'proposed') OR a.done_at >= $1) ORDER BY 1`,
        [since],
      );
      return rows.map((r) => ({ accountId: r.account_id, digest: r.cadence ?? 'weekly' }));
    },
    /** Actions done after `since` (the last round's close): "you said, we did". */
    async doneSince(accountId: string, since: Date): Promise<StoredAction[]> {
      const rows = await db.query<Record<string, unknown>>(
        `${SELECT} WHERE a.account_id = $1 AND a.status = 'done' AND a.done_at > $2 ORDER BY a.done_at, a.seq`,
        [accountId, since],
      );
      return rows.map(toAction);
    },
    /** Every state each action of the account has been in, in order, with its element: what the measures read. */
    async historyOf(
      accountId: string,
    ): Promise<{ actionId: string; element: string | null; at: Date; status: ActionStatus; dueOn: string }[]> {
      const rows = await db.query<Record<string, unknown>>(
        `SELECT h.action_id, e.name AS element, h.at, h.status, to_char(h.due_on, 'YYYY-MM-DD') AS due
           FROM plan_action_history h JOIN plan_actions a ON a.id = h.action_id
           LEFT JOIN rating_elements e ON e.id = a.element_id
          WHERE a.account_id = $1 ORDER BY h.action_id, h.seq`,
        [accountId],
      );
      return rows.map((r) => ({
        actionId: String(r.action_id),
        element: (r.element as string | null) ?? null,
        at: new Date(r.at as string),
        status: r.status as ActionStatus,
        dueOn: String(r.due),
      }));
    },
  };
}
