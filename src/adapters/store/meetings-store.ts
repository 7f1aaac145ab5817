import type { MeetingWindow } from '../../core/domain/local-time.ts';
import type { Queryable } from './database.ts';
import type { MeetingWithPeople } from '../../core/domain/count-meeting.ts';

/** A meeting window as the four parameters `$2`..`$5` of a query: timed from, to; all-day from, to. */
export const windowParameters = (w: MeetingWindow): string[] =>
  [w.from, w.to, w.allDayFrom, w.allDayTo].map((d) => d.toISOString());

/** A meeting row of `meetingsSql`: the Event's fields, its WhoId's contact, and its EventRelation rows. */
export interface MeetingRow {
  id: string;
  account_id: string;
  owner_id: string;
  subject: string | null;
  start_at: Date | string;
  duration_minutes: number;
  is_all_day: boolean;
  type: string | null;
  location: string | null;
  who_id: string | null;
  who_account: string | null;
  who_name: string | null;
  attendees: {
    relation_id: string;
    is_invitee: boolean;
    is_parent: boolean;
    status: string | null;
    contact_account: string | null;
    contact_name: string | null;
  }[];
}

/**
 * The account's meetings as Salesforce has them now (not those it deleted) whose start falls in the given bounds
 * (each argument a $n placeholder: the account; timed from, to; all-day from, to), oldest first, each with its WhoId's
 * contact and its EventRelation rows (`attendees`), in one statement.
 */
export const meetingsSql = ($account: string, $from: string, $to: string, $allDayFrom: string, $allDayTo: string) =>
  `SELECT e.id, e.account_id, e.owner_id, e.subject, e.start_at, e.duration_minutes, e.is_all_day, e.type, e.location, e.who_id,
          w.account_id AS who_account, w.name AS who_name,
          coalesce((SELECT jsonb_agg(jsonb_build_object('relation_id', a.relation_id, 'is_invitee', a.is_invitee, 'is_parent', a.is_parent,
                                                        'status', a.status, 'contact_account', c.account_id, 'contact_name', c.name) ORDER BY a.id)
                      FROM sf_event_attendees a LEFT JOIN sf_contacts c ON c.id = a.relation_id
                     WHERE a.event_id = e.id AND a.deleted_at IS NULL), '[]'::jsonb) AS attendees
     FROM sf_events e LEFT JOIN sf_contacts w ON w.id = e.who_id
    WHERE e.account_id = ${$account} AND e.deleted_at IS NULL
      AND (NOT e.is_all_day AND e.start_at >= ${$from} AND e.start_at < ${$to} OR e.is_all_day AND e.start_at >= ${$allDayFrom} AND e.start_at < ${$allDayTo})`;

/** A `meetingsSql` row as `countMeeting` takes it: the meeting, and every person linked to it (its WhoId first). */
export function toMeetingWithPeople(e: MeetingRow): MeetingWithPeople {
  return {
    meeting: {
      id: e.id,
      accountId: e.account_id,
      ownerId: e.owner_id,
      subject: e.subject,
      start: new Date(e.start_at),
      durationMinutes: e.duration_minutes,
      isAllDay: e.is_all_day,
      type: e.type,
      location: e.location,
      whoId: e.who_id,
    },
    people: [
      ...(e.who_id
        ? [
            {
              relationId: e.who_id,
              source: 'who' as const,
              status: null,
              contactAccountId: e.who_account,
              contactName: e.who_name,
            },
          ]
        : []),
      ...e.attendees.map((a) => ({
        relationId: a.relation_id,
        source: a.is_parent && !a.is_invitee ? ('parent' as const) : ('invitee' as const),
        status: a.status,
        contactAccountId: a.contact_account,
        contactName: a.contact_name,
      })),
    ],
  };
}

/** Reads the synced meetings and who was linked to them; the counting rules live in `domain/count-meeting.ts`. */
export function meetingsStore(db: Queryable) {
  return {
    /**
     * The account's meetings in a month's window (`meetingWindow`: timed ones on the AM's calendar, all-day by date),
     * as `meetingsSql` reads them.
     */
    async meetingsOf(accountId: string, window: MeetingWindow): Promise<MeetingWithPeople[]> {
      const rows = await db.query<MeetingRow>(
        `${meetingsSql('$1', '$2', '$3', '$4', '$5')} ORDER BY e.start_at, e.id`,
        [accountId, ...windowParameters(window)],
      );
      return rows.map(toMeetingWithPeople);
    },
  };
}
