import type { Queryable } from './database.ts';
import type { Period } from '../../core/domain/period.ts';
import type { MeetingWindow } from '../../core/domain/local-time.ts';
import type { MeetingWithPeople } from '../../core/domain/count-meeting.ts';
import { byTeamsUserSql, type MappedRow, type MappedUser, toMapped } from './people-store.ts';
import { type MeetingRow, meetingsSql, toMeetingWithPeople, windowParameters } from './meetings-store.ts';
import type { AccountRef } from './returns-store.ts';
import { num } from './return-rows.ts';
import type { MonthlyReturn } from '../../core/domain/monthly-return.ts';

/** What a check-in card needs besides the return. */
interface CheckinContext {
  /** The key account (undefined if it is not one). */
  account: AccountRef | undefined;
  periodStatus: 'open' | 'closed' | undefined;
  /** Last month's submitted client man-hours, for the verdict. */
  lastMonthHours: number | null;
}

/** The columns of a check-in's context, from `checkinContextJoins`. */
const CHECKIN_CONTEXT_COLUMNS =
  'a.id, a.name, a.owner_id, p.status AS period_status, r.status AS last_status, r.client_man_hours AS last_hours';

/** A row of `CHECKIN_CONTEXT_COLUMNS`. */
interface CheckinContextRow {
  id: string | null;
  name: string | null;
  owner_id: string | null;
  period_status: 'open' | 'closed' | null;
  last_status: MonthlyReturn['status'] | null;
  last_hours: string | number | null;
}

/**
 * The joins that give a check-in's context, each argument a $n placeholder: the key account `a` (none if it is not
 * one), the period's row `p`, and the account's return of the last period `r`.
 */
const checkinContextJoins = ($account: string, $period: string, $lastPeriod: string) =>
  `LEFT JOIN sf_accounts a ON a.is_key AND a.id = ${$account}
   LEFT JOIN cycle_periods p ON p.period = ${$period}
   LEFT JOIN monthly_returns r ON r.period = ${$lastPeriod} AND r.account_id = ${$account}`;

/** A `CHECKIN_CONTEXT_COLUMNS` row (none: no row) as the context. */
const toCheckinContext = (r: CheckinContextRow | undefined): CheckinContext => ({
  account: r?.id ? { id: r.id, name: r.name!, ownerId: r.owner_id! } : undefined,
  periodStatus: r?.period_status ?? undefined,
  lastMonthHours: r?.last_status === 'submitted' ? num(r.last_hours) : null,
});

/** What a save of the monthly return reads before it validates the answers: the check-in's context, and more. */
interface SaveContext extends CheckinContext {
  /** The Salesforce user the asker maps to (`byTeamsUserSql`), if any. */
  me: MappedUser | undefined;
  /** The account's meetings in `window` as Salesforce has them now, oldest first (`meetingsSql`). */
  meetings: MeetingWithPeople[];
}

/** The read's one statement (built once: its text is the prepared statement's key). */
const READ_SAVE_CONTEXT = `SELECT to_jsonb(me) AS me, ${CHECKIN_CONTEXT_COLUMNS},
        coalesce((SELECT jsonb_agg(to_jsonb(m) ORDER BY m.start_at, m.id)
                    FROM (${meetingsSql('$2', '$5', '$6', '$7', '$8')}) m), '[]'::jsonb) AS meetings
   FROM (SELECT 1) one
   LEFT JOIN LATERAL (${byTeamsUserSql('$1')}) me ON true
   ${checkinContextJoins('$2', '$3', '$4')}`;

/**
 * What a save reads, in one statement (issue 28: each statement cost a save about 0.18 ms of CPU on PostgreSQL and
 * 0.43 ms on PGlite): who is asking, the account, the period's status, last month's hours, and the meetings. The
 * meetings' window is read before the asker's calendar is known, so a caller passes one that holds every calendar's
 * month (`anyZoneMeetingWindow`) and keeps the month's own with `inMeetingWindow`.
 */
export function saveContextStore(db: Queryable) {
  return {
    async read(
      teamsUserId: string,
      period: Period,
      lastPeriod: Period,
      accountId: string,
      window: MeetingWindow,
    ): Promise<SaveContext> {
      const [r] = await db.query<CheckinContextRow & { me: MappedRow | null; meetings: MeetingRow[] }>(
        READ_SAVE_CONTEXT,
        [teamsUserId, accountId, period, lastPeriod, ...windowParameters(window)],
      );
      return {
        ...toCheckinContext(r),
        me: r?.me ? toMapped(r.me) : undefined,
        meetings: (r?.meetings ?? []).map(toMeetingWithPeople),
      };
    },
  };
}
