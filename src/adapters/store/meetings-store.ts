import type { MeetingWindow } from '../../core/domain/local-time.ts';
import type { Queryable } from './database.ts';
import type { MeetingFacts, MeetingPerson } from '../../core/domain/count-meeting.ts';

/** One stored meeting with every person linked to it, as `countMeeting` takes them. */
interface StoredMeeting {
  meeting: MeetingFacts;
  people: MeetingPerson[];
}

/** A meeting window as the four parameters `$2`..`$5` of a query: timed from, to; all-day from, to. */
export const windowParameters = (w: MeetingWindow): string[] =>
  [w.from, w.to, w.allDayFrom, w.allDayTo].map((d) => d.toISOString());

/** Reads the synced meetings and who was linked to them; the counting rules live in `domain/count-meeting.ts`. */
export function meetingsStore(db: Queryable) {
  return {
    /**
     * The account's meetings as Salesforce has them now (not those it deleted), oldest first, each with its WhoId and
     * EventRelation people: the account's meetings in a month's window (`meetingWindow`: timed ones on the AM's calendar, all-day by date).
     */
    async meetingsOf(accountId: string, window: MeetingWindow): Promise<StoredMeeting[]> {
      const events = await db.query<{
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
      }>(
        `SELECT e.id, e.account_id, e.owner_id, e.subject, e.start_at, e.duration_minutes, e.is_all_day, e.type, e.location, e.who_id,
                w.account_id AS who_account, w.name AS who_name
           FROM sf_events e LEFT JOIN sf_contacts w ON w.id = e.who_id
          WHERE e.account_id = $1 AND e.deleted_at IS NULL
            AND (NOT e.is_all_day AND e.start_at >= $2 AND e.start_at < $3 OR e.is_all_day AND e.start_at >= $4 AND e.start_at < $5)
          ORDER BY e.start_at, e.id`,
        [accountId, ...windowParameters(window)],
      );
      if (!events.length) return [];
      const rows = await db.query<{
        event_id: string;
        relation_id: string;
        is_invitee: boolean;
        is_parent: boolean;
        status: string | null;
        contact_account: string | null;
        contact_name: string | null;
      }>(
        `SELECT a.event_id, a.relation_id, a.is_invitee, a.is_parent, a.status, c.account_id AS contact_account, c.name AS contact_name
           FROM sf_event_attendees a LEFT JOIN sf_contacts c ON c.id = a.relation_id
          WHERE a.event_id = ANY($1::text[]) AND a.deleted_at IS NULL
          ORDER BY a.event_id, a.id`,
        [events.map((e) => e.id)],
      );
      const byEvent = new Map<string, MeetingPerson[]>();
      for (const r of rows) {
        const list = byEvent.get(r.event_id) ?? [];
        list.push({
          relationId: r.relation_id,
          source: r.is_parent && !r.is_invitee ? 'parent' : 'invitee',
          status: r.status,
          contactAccountId: r.contact_account,
          contactName: r.contact_name,
        });
        byEvent.set(r.event_id, list);
      }
      return events.map((e) => ({
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
          ...(byEvent.get(e.id) ?? []),
        ],
      }));
    },
  };
}
