import type { Queryable } from './database.ts';
import type { Period } from '../../core/domain/period.ts';
import type { MeetingWindow } from '../../core/domain/local-time.ts';
import type { MonthlyReturn, ReturnAnswers, ReturnMeetingEntry } from '../../core/domain/monthly-return.ts';
import { DEFAULT_MEETING_RULES, type MeetingRules, prefillOf } from '../../core/domain/count-meeting.ts';
import { meetingsStore } from './meetings-store.ts';
import { type ReturnRow, toReturn } from './return-rows.ts';
import { submitReturn, type QueuedWrite, type SavedFromSalesforce } from './return-submit.ts';

/** A key account as the check-in shows it. */
export interface AccountRef {
  id: string;
  name: string;
  ownerId: string;
}

/** Reads and writes the monthly returns and the key accounts they are about; the only place that knows their SQL. */
export function returnsStore(db: Queryable) {
  return {
    /** The key accounts an account manager owns in Salesforce. */
    async keyAccountsOf(sfUserId: string): Promise<AccountRef[]> {
      const rows = await db.query<{ id: string; name: string; owner_id: string }>(
        'SELECT id, name, owner_id FROM sf_accounts WHERE is_key AND owner_id = $1 ORDER BY name',
        [sfUserId],
      );
      return rows.map((r) => ({ id: r.id, name: r.name, ownerId: r.owner_id }));
    },
    /** The key accounts of several account managers at once (the cycle's open), ordered by name. */
    async keyAccountsOfMany(sfUserIds: readonly string[]): Promise<AccountRef[]> {
      const rows = await db.query<{ id: string; name: string; owner_id: string }>(
        'SELECT id, name, owner_id FROM sf_accounts WHERE is_key AND owner_id = ANY($1::text[]) ORDER BY name',
        [sfUserIds],
      );
      return rows.map((r) => ({ id: r.id, name: r.name, ownerId: r.owner_id }));
    },
    /** The returns of a period for several accounts at once. */
    async returnsOfAccounts(period: Period, accountIds: readonly string[]): Promise<MonthlyReturn[]> {
      return (
        await db.query<ReturnRow>('SELECT * FROM monthly_returns WHERE period = $1 AND account_id = ANY($2::text[])', [
          period,
          accountIds,
        ])
      ).map(toReturn);
    },
    async keyAccount(accountId: string): Promise<AccountRef | undefined> {
      const [r] = await db.query<{ id: string; name: string; owner_id: string }>(
        'SELECT id, name, owner_id FROM sf_accounts WHERE is_key AND id = $1',
        [accountId],
      );
      return r && { id: r.id, name: r.name, ownerId: r.owner_id };
    },
    /**
     * Salesforce's meetings of the month on an account, for the prefill: each counted by the organisation's
     * meeting rules (who of the client was there, the hours of all-day and multi-day events, a blank Type).
     */
    async salesforceMeetings(
      accountId: string,
      window: MeetingWindow,
      rules: MeetingRules = DEFAULT_MEETING_RULES,
    ): Promise<ReturnMeetingEntry[]> {
      return prefillOf(await meetingsStore(db).meetingsOf(accountId, window), window, rules);
    },
    async getReturn(period: Period, accountId: string): Promise<MonthlyReturn | undefined> {
      const [r] = await db.query<ReturnRow>('SELECT * FROM monthly_returns WHERE period = $1 AND account_id = $2', [
        period,
        accountId,
      ]);
      return r && toReturn(r);
    },
    /** The account's returns of the periods from `from` through `to`, by period. */
    async returnsBetween(accountId: string, from: Period, to: Period): Promise<Map<Period, MonthlyReturn>> {
      const rows = await db.query<ReturnRow>(
        'SELECT * FROM monthly_returns WHERE account_id = $1 AND period >= $2 AND period <= $3',
        [accountId, from, to],
      );
      return new Map(rows.map((r) => [r.period, toReturn(r)]));
    },
    async returnsOf(period: Period, sfUserId: string): Promise<MonthlyReturn[]> {
      return (
        await db.query<ReturnRow>('SELECT * FROM monthly_returns WHERE period = $1 AND am_sf_user_id = $2', [
          period,
          sfUserId,
        ])
      ).map(toReturn);
    },
    /**
     * Saves the answers as submitted (`submitReturn`): whether stored data changed, the return as it now stands,
     * and how many key activities it had before; `queue` goes to the outbox in the same statement if it changed.
     */
    submit(
      period: Period,
      accountId: string,
      amSfUserId: string,
      answers: ReturnAnswers,
      hours: { client: number; ours: number },
      submittedBy: string,
      submittedAt: Date,
      atSave: SavedFromSalesforce,
      queue: readonly QueuedWrite[] = [],
    ) {
      return submitReturn(
        db,
        { period, accountId, amSfUserId, answers, hours, submittedBy, submittedAt, atSave },
        queue,
      );
    },
    /**
     * Adds a meeting to the month's draft return (made if need be), in one statement: not when the meeting's
     * `actionKey` is there already (the same action delivered again), nor past `max` meetings, nor to a return
     * that is no longer a draft (submitted, or missing once its month closed). Says which.
     */
    async appendDraftMeeting(
      period: Period,
      accountId: string,
      amSfUserId: string,
      meeting: ReturnMeetingEntry,
      max: number,
    ): Promise<'added' | 'added before' | 'full' | 'submitted' | 'missing'> {
      const logged = meeting.actionKey ? JSON.stringify([{ actionKey: meeting.actionKey }]) : null;
      // The outer SELECT reads the row as it was before this statement: what stopped the append, if it did not run.
      const [r] = await db.query<{ added: boolean; status: string | null; n: number | null; before: boolean | null }>(
        `WITH up AS (
           INSERT INTO monthly_returns (period, account_id, am_sf_user_id, status, meetings) VALUES ($1, $2, $3, 'draft', $4)
           ON CONFLICT (period, account_id) DO UPDATE SET meetings = monthly_returns.meetings || EXCLUDED.meetings, updated_at = now()
           WHERE monthly_returns.status = 'draft' AND jsonb_array_length(monthly_returns.meetings) < $6
             AND NOT coalesce(monthly_returns.meetings @> $5::jsonb, false)
           RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM up) AS added, r.status, jsonb_array_length(r.meetings) AS n, r.meetings @> $5::jsonb AS before
           FROM (SELECT 1) one LEFT JOIN monthly_returns r ON r.period = $1 AND r.account_id = $2`,
        [period, accountId, amSfUserId, JSON.stringify([meeting]), logged, max],
      );
      if (!r || r.added) return 'added';
      if (r.before) return 'added before';
      return r.status === 'submitted' || r.status === 'missing' ? r.status : 'full';
    },
    /** Submitted returns over some periods (response rates). */
    async submittedCount(periods: readonly Period[]): Promise<number> {
      const [r] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM monthly_returns WHERE status = 'submitted' AND period = ANY($1::text[])`,
        [periods],
      );
      return r?.n ?? 0;
    },
    async keyAccountCount(): Promise<number> {
      const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sf_accounts WHERE is_key');
      return r?.n ?? 0;
    },
    /** At close: every key account without a submitted return gets a 'missing' one (no data, never zero). */
    async recordMissing(period: Period): Promise<number> {
      const rows = await db.query(
        `INSERT INTO monthly_returns (period, account_id, am_sf_user_id, status)
         SELECT $1, a.id, a.owner_id, 'missing' FROM sf_accounts a WHERE a.is_key
         ON CONFLICT (period, account_id) DO UPDATE SET status = 'missing', updated_at = now() WHERE monthly_returns.status = 'draft'
         RETURNING 1`,
        [period],
      );
      return rows.length;
    },
    /**
     * At close, for a month without a return: the contacts its meetings in Salesforce met then, which the closed
     * month keeps whatever Salesforce does later (DOMAIN.md, measure 1). Set once.
     */
    async keepPeopleMet(period: Period, accountId: string, peopleMet: NonNullable<MonthlyReturn['peopleMet']>) {
      await db.query(
        `UPDATE monthly_returns SET people_met = $3, updated_at = now()
          WHERE period = $1 AND account_id = $2 AND status = 'missing' AND people_met IS NULL`,
        [period, accountId, JSON.stringify(peopleMet)],
      );
    },
    /** The accounts whose return of `period` is recorded missing (ids only: the close reads no return's answers). */
    async missingAccountIds(period: Period): Promise<string[]> {
      const rows = await db.query<{ account_id: string }>(
        `SELECT account_id FROM monthly_returns WHERE period = $1 AND status = 'missing' ORDER BY account_id`,
        [period],
      );
      return rows.map((r) => r.account_id);
    },
    async allReturns(period: Period): Promise<MonthlyReturn[]> {
      return (
        await db.query<ReturnRow>('SELECT * FROM monthly_returns WHERE period = $1 ORDER BY account_id', [period])
      ).map(toReturn);
    },
  };
}
