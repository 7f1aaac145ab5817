import { createHash } from 'node:crypto';
import type { MeetingWindow } from '../../core/domain/local-time.ts';
import {
  domainOf,
  isCompanyDomain,
  withoutErased,
  type CalendarDirectory,
  type CalendarMeeting,
  type ContactRef,
} from '../../core/domain/calendar-meeting.ts';
import type { Queryable } from './database.ts';
import { addressHash } from './personal-data-store.ts';
import { windowParameters } from './meetings-store.ts';

/** Where a manager's calendar read stands. */
interface CalendarReadState {
  mailbox: string;
  windowFrom: Date;
  windowTo: Date;
  timeZone: string;
  deltaLink: string | null;
  /** The digest of the directory the round was read against (`directory().digest`); null before it was kept. */
  directory: string | null;
}

interface MeetingRow {
  event_id: string;
  account_id: string;
  ical_uid: string | null;
  start_at: Date | string;
  end_at: Date | string;
  is_all_day: boolean;
  local_date: string;
  subject: string | null;
  minutes: number;
  face_to_face: boolean;
  video_call: boolean;
  contact_ids: string[];
  our_attendees: number;
  strangers: string[];
  reasons: string[];
}

/** Client meetings read from managers' calendars, and where each manager's read stands. */
export function calendarStore(db: Queryable) {
  return {
    /** Who is who for reading calendars: key accounts' contacts by address, their domains, our people. */
    /** Who is who for reading calendars, and a digest of it that changes when any contact or user does. */
    async directory(): Promise<CalendarDirectory & { digest: string }> {
      const contacts = await db.query<{ id: string; account_id: string; name: string; email: string }>(
        `SELECT c.id, c.account_id, c.name, lower(c.email) AS email
           FROM sf_contacts c JOIN sf_accounts a ON a.id = c.account_id AND a.is_key
          WHERE c.email IS NOT NULL AND c.email <> '' ORDER BY c.id`,
      );
      const users = await db.query<{ email: string }>(
        `SELECT DISTINCT lower(email) AS email FROM sf_users WHERE email IS NOT NULL AND email <> ''`,
      );
      const ourAddresses = new Set(users.map((u) => u.email));
      const ourDomains = new Set([...ourAddresses].map(domainOf).filter(isCompanyDomain));
      const byAddress = new Map<string, ContactRef>();
      const clientDomains = new Map<string, Set<string>>();
      for (const c of contacts) {
        // An address two contacts share is nobody's for certain: it counts for the first, by id.
        if (!byAddress.has(c.email)) byAddress.set(c.email, { id: c.id, accountId: c.account_id, name: c.name });
        const domain = domainOf(c.email);
        if (!isCompanyDomain(domain) || ourDomains.has(domain)) continue;
        const set = clientDomains.get(c.account_id) ?? new Set<string>();
        set.add(domain);
        clientDomains.set(c.account_id, set);
      }
      // People erased on request (by address): left out of what the read keeps, never named again.
      const erased = new Set(
        (await db.query<{ address_hash: string }>('SELECT address_hash FROM erased_addresses')).map(
          (r) => r.address_hash,
        ),
      );
      const forgotten = (address: string) => erased.size > 0 && erased.has(addressHash(address));
      const digest = createHash('sha256')
        .update(JSON.stringify([contacts.map((c) => [c.id, c.account_id, c.name, c.email]), [...ourAddresses].sort()]))
        .digest('base64url');
      return { contacts: byAddress, clientDomains, ourAddresses, ourDomains, forgotten, digest };
    },

    async readState(amUserId: string): Promise<CalendarReadState | undefined> {
      const rows = await db.query<{
        mailbox: string;
        window_from: Date | string;
        window_to: Date | string;
        time_zone: string;
        delta_link: string | null;
        directory: string | null;
      }>(
        'SELECT mailbox, window_from, window_to, time_zone, delta_link, directory FROM calendar_reads WHERE am_user_id = $1',
        [amUserId],
      );
      const r = rows[0];
      return (
        r && {
          mailbox: r.mailbox,
          windowFrom: new Date(r.window_from),
          windowTo: new Date(r.window_to),
          timeZone: r.time_zone,
          deltaLink: r.delta_link,
          directory: r.directory,
        }
      );
    },

    /** Records a read: the round's window and delta link (null while a round is under way), or why it failed. */
    async saveState(amUserId: string, state: CalendarReadState, readAt: Date, failure: string | null = null) {
      await db.query(
        `INSERT INTO calendar_reads
           (am_user_id, mailbox, window_from, window_to, time_zone, delta_link, read_at, failure, directory)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (am_user_id) DO UPDATE SET mailbox = $2, window_from = $3, window_to = $4, time_zone = $5,
           delta_link = $6, read_at = $7, failure = $8, directory = $9`,
        [
          amUserId,
          state.mailbox,
          state.windowFrom.toISOString(),
          state.windowTo.toISOString(),
          state.timeZone,
          state.deltaLink,
          readAt.toISOString(),
          failure,
          state.directory,
        ],
      );
    },

    /** Puts an event's client meetings in place of what was kept of it (none: it is no client meeting now). */
    async replaceEvent(
      amUserId: string,
      eventId: string,
      meetings: readonly CalendarMeeting[],
      readAt: Date,
      keepSubject: boolean,
    ) {
      await db.query('DELETE FROM calendar_meetings WHERE am_user_id = $1 AND event_id = $2', [amUserId, eventId]);
      // Checked again as it is written: someone erased while the read was under way is not named again.
      const named = [...new Set(meetings.flatMap((m) => m.strangers))];
      const erased = named.length
        ? new Set(
            (
              await db.query<{ address_hash: string }>(
                'SELECT address_hash FROM erased_addresses WHERE address_hash = ANY($1::text[])',
                [named.map(addressHash)],
              )
            ).map((r) => r.address_hash),
          )
        : new Set<string>();
      for (const read of meetings) {
        const m = erased.size
          ? { ...read, ...withoutErased(read.strangers, read.reasons, (a) => erased.has(addressHash(a))) }
          : read;
        await db.query(
          `INSERT INTO calendar_meetings (am_user_id, event_id, account_id, ical_uid, start_at, end_at, is_all_day,
             local_date, subject, minutes, face_to_face, video_call, contact_ids, our_attendees, strangers, reasons, read_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
          [
            amUserId,
            eventId,
            m.accountId,
            m.iCalUId,
            m.start.toISOString(),
            m.end.toISOString(),
            m.isAllDay,
            m.date,
            keepSubject ? m.subject : null,
            m.minutes,
            m.faceToFace,
            m.videoCall,
            m.contacts.map((c) => c.id),
            m.ourAttendees,
            m.strangers,
            m.reasons,
            readAt.toISOString(),
          ],
        );
      }
    },

    async removeEvents(amUserId: string, eventIds: readonly string[]): Promise<void> {
      if (eventIds.length)
        await db.query('DELETE FROM calendar_meetings WHERE am_user_id = $1 AND event_id = ANY($2::text[])', [
          amUserId,
          eventIds,
        ]);
    },

    /**
     * Forgets the calendars of everyone but `amUserIds` (a manager who left, or every one when calendars are off):
     * their meetings and read state. The number of meetings forgotten.
     */
    async forgetAllBut(amUserIds: readonly string[]): Promise<number> {
      const gone = await db.query('DELETE FROM calendar_meetings WHERE NOT am_user_id = ANY($1::text[]) RETURNING 1', [
        amUserIds,
      ]);
      await db.query('DELETE FROM calendar_reads WHERE NOT am_user_id = ANY($1::text[])', [amUserIds]);
      return gone.length;
    },

    /** Forgets a manager's calendar meetings (a new round puts what it read in their place). */
    async clear(amUserId: string): Promise<void> {
      await db.query('DELETE FROM calendar_meetings WHERE am_user_id = $1', [amUserId]);
    },

    /** An account's calendar meetings in a month's window, by start (the check-in's "Found in your calendar"). */
    async meetingsOf(accountId: string, window: MeetingWindow): Promise<(CalendarMeeting & { amUserId: string })[]> {
      const rows = await db.query<MeetingRow & { am_user_id: string; names: (string | null)[] }>(
        `SELECT m.*, ARRAY(SELECT c.name FROM unnest(m.contact_ids) WITH ORDINALITY AS x(id, n)
                        LEFT JOIN sf_contacts c ON c.id = x.id ORDER BY x.n) AS names
           FROM calendar_meetings m
          WHERE m.account_id = $1
            AND (NOT m.is_all_day AND m.start_at >= $2 AND m.start_at < $3 OR m.is_all_day AND m.start_at >= $4 AND m.start_at < $5)
          ORDER BY m.start_at, m.event_id`,
        [accountId, ...windowParameters(window)],
      );
      return rows.map((r) => ({
        amUserId: r.am_user_id,
        eventId: r.event_id,
        iCalUId: r.ical_uid,
        accountId: r.account_id,
        start: new Date(r.start_at),
        end: new Date(r.end_at),
        isAllDay: r.is_all_day,
        date: r.local_date,
        subject: r.subject ?? '',
        minutes: r.minutes,
        faceToFace: r.face_to_face,
        videoCall: r.video_call,
        contacts: r.contact_ids.map((id, i) => ({ id, accountId: r.account_id, name: r.names[i] ?? 'a contact' })),
        ourAttendees: r.our_attendees,
        strangers: r.strangers,
        reasons: r.reasons,
      }));
    },
  };
}
