import type { Queryable } from './database.ts';

/**
 * One place that holds a person's data: what an export reads (every row that names them) and what an erasure does
 * (delete the row, or remove their name from a row that is the organisation's record; each statement returns one row
 * per row it touched). `$1` is the person's Teams
 * user ids (one per tenant the bot knows them in). The entries run in this order; `teams_users` comes last because
 * the others refer to it.
 *
 * A new table with personal data (ratings: who rated what) is one more entry here, placed before `teams_users`.
 */
const SOURCES = [
  {
    name: 'installations',
    about: 'The bot in your 1:1 chat (its conversation reference), and installs you made in teams or chats.',
    read: 'SELECT * FROM installations WHERE user_id = ANY($1) OR installed_by = ANY($1) ORDER BY installed_at',
    erase: [
      'DELETE FROM installations WHERE user_id = ANY($1) RETURNING 1',
      'UPDATE installations SET installed_by = NULL, updated_at = now() WHERE installed_by = ANY($1) RETURNING 1',
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
    name: 'teamsUsers',
    about: 'Who you are in Teams: ids, name, e-mail, user principal name, tenant.',
    read: 'SELECT * FROM teams_users WHERE id = ANY($1) ORDER BY first_seen_at',
    erase: ['DELETE FROM teams_users WHERE id = ANY($1) RETURNING 1'],
  },
] as const;

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
      for (const s of SOURCES) out[s.name] = { about: s.about, rows: ids.length ? await db.query(s.read, [ids]) : [] };
      return out;
    },
    /** Erases the person: how many rows each source deleted or changed. */
    async erase(aadObjectId: string): Promise<Record<PersonalDataSource, number>> {
      const ids = await teamsIdsOf(aadObjectId);
      const out = {} as Record<PersonalDataSource, number>;
      for (const s of SOURCES) {
        out[s.name] = 0;
        if (!ids.length) continue;
        for (const sql of s.erase) out[s.name] += (await db.query(sql, [ids])).length;
      }
      return out;
    },
  };
}
