import { createHash } from 'node:crypto';
import type { Queryable } from './database.ts';
import { withoutErased } from '../../core/domain/calendar-meeting.ts';

/**
 * The digest an erased address is remembered by (`erased_addresses`): SHA-256 of the lower-case address, so the
 * calendar read can leave the person out without the address being held.
 */
export const addressHash = (address: string): string =>
  createHash('sha256').update(address.trim().normalize('NFC').toLowerCase()).digest('hex');

/**
 * One place that holds a person's data: what an export reads (every row that names them) and what an erasure does
 * (delete the row, or remove their name from a row that is the organisation's record; each statement returns one row
 * per row it touched). `$1` is the person's Teams
 * user ids (one per tenant the bot knows them in), or, for an entry `by: 'aadObjectId'`, their Entra object id (a client
 * rater may have no Teams user row of ours). The entries run in this order; `teams_users` comes last because
 * the others refer to it.
 *
 * A new table with personal data is one more entry here, placed before `teams_users`.
 */
/** The account managers whose calendar is the person's mailbox: by Entra object id, or the e-mail or UPN Teams knows. */
const CALENDAR_OWNERS = `SELECT r.am_user_id FROM calendar_reads r
  WHERE lower(r.mailbox) = lower($1)
     OR lower(r.mailbox) IN (SELECT lower(x) FROM teams_users t, LATERAL (VALUES (t.email), (t.upn)) v(x)
                             WHERE lower(t.aad_object_id) = lower($1) AND x IS NOT NULL)`;

const SOURCES = [
  {
    name: 'installations',
    about: 'The bot in your 1:1 chat (its conversation reference), and installs you made in teams or chats.',
    read: 'SELECT * FROM installations WHERE user_id = ANY($1) OR installed_by = ANY($1) ORDER BY installed_at',
    erase: [
      'DELETE FROM installations WHERE user_id = ANY($1) RETURNING 1',
      // The stored conversation reference of a team install may name the installer (`userId`; `user` in rows before migration 015): it goes with the name.
      `UPDATE installations SET installed_by = NULL, reference = reference - 'user' - 'userId', updated_at = now()
       WHERE installed_by = ANY($1) RETURNING 1`,
    ],
  },
  {
    name: 'monthlyReturns',
    about:
      'Monthly returns you submitted. Erasure removes you as their author; the return stays as the account record.',
    read: 'SELECT * FROM monthly_returns WHERE submitted_by = ANY($1) ORDER BY period, account_id',
    erase: [
      'UPDATE monthly_returns SET submitted_by = NULL, updated_at = now() WHERE submitted_by = ANY($1) RETURNING 1',
    ],
  },
  {
    name: 'cyclePrompts',
    about: 'The monthly prompts sent to you. Erasure removes the link to your Teams account and the card reference.',
    read: 'SELECT * FROM cycle_prompts WHERE teams_user_id = ANY($1) ORDER BY period',
    erase: [
      `UPDATE cycle_prompts SET teams_user_id = NULL, card_activity_id = NULL, card_reference = NULL, updated_at = now()
       WHERE teams_user_id = ANY($1) RETURNING 1`,
    ],
  },
  {
    name: 'channelLinks',
    about: 'Channels you linked to a key account. Erasure keeps the link and removes your name from it.',
    read: 'SELECT * FROM channel_links WHERE linked_by = ANY($1) ORDER BY linked_at',
    erase: [`UPDATE channel_links SET linked_by = 'erased' WHERE linked_by = ANY($1) RETURNING 1`],
  },
  {
    name: 'ratingRounds',
    about: 'Rating rounds you opened (start rating round). Erasure keeps the round and removes your name from it.',
    read: 'SELECT id, account_id, opened_at, closes_at FROM rating_rounds WHERE opened_by = ANY($1) ORDER BY opened_at',
    erase: [`UPDATE rating_rounds SET opened_by = 'erased' WHERE opened_by = ANY($1) RETURNING 1`],
  },
  {
    name: 'ratings',
    by: 'aadObjectId',
    about:
      'Your answers in rating rounds (performance and importance per element, your comment), kept under ' +
      'your Entra object id and never shown to anyone. Erasure deletes them; aggregates already written to ' +
      "Salesforce hold no one's answers and stay.",
    read: `SELECT r.round_id, r.side, r.comment, r.saved_at,
              coalesce(json_agg(json_build_object('elementId', a.element_id, 'performance', a.performance, 'importance', a.importance)
                ORDER BY a.element_id) FILTER (WHERE a.element_id IS NOT NULL), '[]') AS answers
       FROM rating_responses r LEFT JOIN rating_answers a ON a.round_id = r.round_id AND a.rater_key = r.rater_key
       WHERE lower(r.rater_key) = lower($1) GROUP BY r.round_id, r.side, r.comment, r.saved_at ORDER BY r.saved_at`,
    erase: ['DELETE FROM rating_responses WHERE lower(rater_key) = lower($1) RETURNING 1'],
  },
  {
    name: 'actionOwners',
    by: 'aadObjectId',
    about:
      "Actions of an account's plan you own (title, due date, status, your name as Teams showed it). Erasure keeps " +
      'the action, which is the plan both sides agreed, and removes your name and ids from it.',
    read: `SELECT id, account_id, title, owner_name, due_on, status, visibility, created_at FROM plan_actions
           WHERE lower(owner_key) = lower($1) ORDER BY seq`,
    erase: [
      `UPDATE plan_actions SET owner_key = 'erased', owner_name = 'a former member', owner_teams_id = NULL
        WHERE lower(owner_key) = lower($1) RETURNING 1`,
    ],
  },
  {
    name: 'calendarMeetings',
    by: 'aadObjectId',
    about:
      'Client meetings found in your Outlook calendar (time, the client contacts who attended, face to face, ' +
      'the subject unless your organisation keeps none). Erasure deletes them; returns you saved keep what you saved.',
    read: `SELECT * FROM calendar_meetings WHERE am_user_id IN (${CALENDAR_OWNERS}) ORDER BY start_at, event_id`,
    erase: [`DELETE FROM calendar_meetings WHERE am_user_id IN (${CALENDAR_OWNERS}) RETURNING 1`],
  },
  {
    name: 'calendarReads',
    by: 'aadObjectId',
    about:
      'Where reading your calendar stands: your mailbox, the window read and the last failure. Erasure deletes it ' +
      "(with its delta link); the next sync reads your calendar again unless your admin takes your mailbox out of the app's scope.",
    read: `SELECT am_user_id, mailbox, window_from, window_to, time_zone, read_at, failure FROM calendar_reads
           WHERE am_user_id IN (${CALENDAR_OWNERS})`,
    erase: [`DELETE FROM calendar_reads WHERE am_user_id IN (${CALENDAR_OWNERS}) RETURNING 1`],
  },
  {
    name: 'teamsUsers',
    about: 'Who you are in Teams: ids, name, e-mail, user principal name, tenant.',
    read: 'SELECT * FROM teams_users WHERE id = ANY($1) ORDER BY first_seen_at',
    erase: ['DELETE FROM teams_users WHERE id = ANY($1) RETURNING 1'],
  },
] as const;

const byObjectId = (s: (typeof SOURCES)[number]) => 'by' in s && s.by === 'aadObjectId';

/** The name of each kind of personal data we hold. */
export type PersonalDataSource = (typeof SOURCES)[number]['name'];

/** Everything held about one person, by source, each with what it is. */
export type PersonalDataExport = Record<PersonalDataSource, { about: string; rows: Record<string, unknown>[] }>;

/** Reads and erases one person's data; call within one transaction. */
export function personalDataStore(db: Queryable) {
  const teamsIdsOf = async (aadObjectId: string) =>
    (
      await db.query<{ id: string }>('SELECT id FROM teams_users WHERE lower(aad_object_id) = lower($1)', [aadObjectId])
    ).map((r) => r.id);
  return {
    /** Every row that names the person with this Entra object id; empty lists when we hold nothing. */
    async export(aadObjectId: string): Promise<PersonalDataExport> {
      const ids = await teamsIdsOf(aadObjectId);
      const out = {} as PersonalDataExport;
      for (const s of SOURCES) {
        const rows = byObjectId(s)
          ? await db.query(s.read, [aadObjectId])
          : ids.length
            ? await db.query(s.read, [ids])
            : [];
        out[s.name] = { about: s.about, rows };
      }
      return out;
    },
    /**
     * What names someone known by e-mail address only (no Entra id of ours, no Salesforce contact): the calendar
     * meetings where they were seen as an attendee at a client's domain, with when and for which account.
     */
    async exportAddress(address: string) {
      const rows = await db.query(
        `SELECT account_id, start_at, end_at, local_date, $1::text AS address FROM calendar_meetings
          WHERE $1 = ANY(strangers) OR strpos(lower(subject), $1) > 0 ORDER BY start_at, account_id`,
        [address.toLowerCase()],
      );
      return {
        calendarAttendee: {
          about:
            "Client meetings in an account manager's Outlook calendar you attended at your company's address, " +
            'while you were not a Salesforce contact: shown to the account manager, never counted.',
          rows,
        },
      };
    },
    /**
     * Erases an address known only from calendars: removed from every meeting's strangers and reasons, and its
     * digest kept so the next calendar read leaves it out. How many meetings named it.
     */
    async eraseAddress(address: string, at: Date): Promise<{ calendarAttendee: number }> {
      const a = address.toLowerCase();
      // The digest first: a calendar read that writes after this leaves the address out (`replaceEvent`).
      await db.query(
        'INSERT INTO erased_addresses (address_hash, erased_at) VALUES ($1, $2) ON CONFLICT (address_hash) DO NOTHING',
        [addressHash(a), at],
      );
      const rows = await db.query<{
        am_user_id: string;
        event_id: string;
        account_id: string;
        strangers: string[];
        reasons: string[];
      }>(
        `SELECT am_user_id, event_id, account_id, strangers, reasons FROM calendar_meetings WHERE $1 = ANY(strangers)`,
        [a],
      );
      for (const r of rows) {
        const left = withoutErased(r.strangers, r.reasons, (x) => x === a);
        await db.query(
          `UPDATE calendar_meetings SET strangers = $4, reasons = $5
            WHERE am_user_id = $1 AND event_id = $2 AND account_id = $3`,
          [r.am_user_id, r.event_id, r.account_id, left.strangers, left.reasons],
        );
      }
      // A subject may name them too ("Lunch with j.doe@…"): such a meeting keeps no subject.
      await db.query(`UPDATE calendar_meetings SET subject = NULL WHERE strpos(lower(subject), $1) > 0`, [a]);
      return { calendarAttendee: rows.length };
    },
    /** Erases the person: how many rows each source deleted or changed. */
    async erase(aadObjectId: string): Promise<Record<PersonalDataSource, number>> {
      const ids = await teamsIdsOf(aadObjectId);
      const out = {} as Record<PersonalDataSource, number>;
      for (const s of SOURCES) {
        out[s.name] = 0;
        if (byObjectId(s)) for (const sql of s.erase) out[s.name] += (await db.query(sql, [aadObjectId])).length;
        else if (ids.length) for (const sql of s.erase) out[s.name] += (await db.query(sql, [ids])).length;
      }
      return out;
    },
  };
}
