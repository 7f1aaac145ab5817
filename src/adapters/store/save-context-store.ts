import type { Queryable } from './database.ts';
import type { Period } from '../../core/domain/period.ts';
import type { MeetingWindow } from '../../core/domain/local-time.ts';
import { byTeamsUserSql, type MappedRow, type MappedUser, toMapped } from './people-store.ts';
import {
  type MeetingRow,
  meetingsSql,
  type StoredMeeting,
  toStoredMeeting,
  windowParameters,
} from './meetings-store.ts';
import {
  CHECKIN_CONTEXT_COLUMNS,
  type CheckinContext,
  type CheckinContextRow,
  checkinContextJoins,
  toCheckinContext,
} from './returns-store.ts';

/** What a save of the monthly return reads before it validates the answers: the check-in's context, and more. */
interface SaveContext extends CheckinContext {
  /** The Salesforce user the asker maps to (`byTeamsUserSql`), if any. */
  me: MappedUser | undefined;
  /** The account's meetings in `window` as Salesforce has them now, oldest first (`meetingsSql`). */
  meetings: StoredMeeting[];
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
        meetings: (r?.meetings ?? []).map(toStoredMeeting),
      };
    },
  };
}
