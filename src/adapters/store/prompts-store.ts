import type { ConversationRef } from '../../core/ports/conversation-ref.ts';
import type { Queryable } from './database.ts';
import type { Period } from '../../core/domain/period.ts';

/** One account manager's prompt for a period. */
interface Prompt {
  period: Period;
  sfUserId: string;
  teamsUserId: string | null;
  status: 'queued' | 'sent' | 'unreachable' | 'unknown';
  unreachableReason: string | null;
  reminders: number;
  cardActivityId: string | null;
}

/** A row of cycle_prompts. */
interface PromptRow {
  period: Period;
  sf_user_id: string;
  teams_user_id: string | null;
  status: Prompt['status'];
  unreachable_reason: string | null;
  reminders: number;
  card_activity_id: string | null;
}

function toPrompt(r: PromptRow): Prompt {
  return {
    period: r.period,
    sfUserId: r.sf_user_id,
    teamsUserId: r.teams_user_id,
    status: r.status,
    unreachableReason: r.unreachable_reason,
    reminders: r.reminders,
    cardActivityId: r.card_activity_id,
  };
}

/** Who has been asked for a month's returns, and what became of each prompt (sent, unreachable, reminded). */
export function promptsStore(db: Queryable) {
  return {
    /** Records that an account manager is being asked; false if they already were (so nobody is asked twice). */
    async insertPrompt(
      period: Period,
      sfUserId: string,
      teamsUserId: string | null,
      status: Prompt['status'],
      reason: string | null,
    ): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO cycle_prompts (period, sf_user_id, teams_user_id, status, unreachable_reason) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [period, sfUserId, teamsUserId, status, reason],
      );
      return rows.length === 1;
    },
    /** Someone recorded as unreachable only for want of a Teams mapping, who now has one, is asked after all. */
    async reviveUnmapped(period: Period, sfUserId: string, teamsUserId: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE cycle_prompts SET status = 'queued', teams_user_id = $3, unreachable_reason = NULL, updated_at = now()
         WHERE period = $1 AND sf_user_id = $2 AND status = 'unreachable' AND teams_user_id IS NULL RETURNING 1`,
        [period, sfUserId, teamsUserId],
      );
      return rows.length === 1;
    },
    async markPrompt(
      period: Period,
      sfUserId: string,
      update: {
        status: Prompt['status'];
        reason?: string | null;
        activityId?: string | null;
        reference?: ConversationRef | null;
      },
    ): Promise<void> {
      await db.query(
        `UPDATE cycle_prompts SET status = $3, unreachable_reason = $4, card_activity_id = COALESCE($5, card_activity_id),
           card_reference = COALESCE($6, card_reference), updated_at = now() WHERE period = $1 AND sf_user_id = $2`,
        [
          period,
          sfUserId,
          update.status,
          update.reason ?? null,
          update.activityId ?? null,
          update.reference ? JSON.stringify(update.reference) : null,
        ],
      );
    },
    async countReminder(period: Period, sfUserId: string): Promise<void> {
      await db.query(
        'UPDATE cycle_prompts SET reminders = reminders + 1, updated_at = now() WHERE period = $1 AND sf_user_id = $2',
        [period, sfUserId],
      );
    },
    async prompt(period: Period, sfUserId: string): Promise<Prompt | undefined> {
      const [r] = await db.query<PromptRow>('SELECT * FROM cycle_prompts WHERE period = $1 AND sf_user_id = $2', [
        period,
        sfUserId,
      ]);
      return r && toPrompt(r);
    },
    async prompts(period: Period): Promise<Prompt[]> {
      const rows = await db.query<PromptRow>('SELECT * FROM cycle_prompts WHERE period = $1 ORDER BY sf_user_id', [
        period,
      ]);
      return rows.map(toPrompt);
    },
    /** Where each account manager reporting to `managerSfUserId` stands this period. */
    async teamStatus(
      period: Period,
      managerSfUserId: string,
    ): Promise<
      {
        name: string;
        status: Prompt['status'] | 'not asked';
        reason: string | null;
        answered: number;
        accounts: number;
      }[]
    > {
      return db.query(
        `SELECT u.name, COALESCE(p.status, 'not asked') AS status, p.unreachable_reason AS reason,
                (SELECT count(*)::int FROM monthly_returns r WHERE r.period = $1 AND r.am_sf_user_id = u.id AND r.status = 'submitted') AS answered,
                (SELECT count(*)::int FROM sf_accounts a WHERE a.owner_id = u.id AND a.is_key) AS accounts
           FROM sf_users u LEFT JOIN cycle_prompts p ON p.period = $1 AND p.sf_user_id = u.id
          WHERE u.manager_id = $2 AND EXISTS (SELECT 1 FROM sf_accounts a WHERE a.owner_id = u.id AND a.is_key)
          ORDER BY u.name`,
        [period, managerSfUserId],
      );
    },
  };
}
