import type { Queryable } from './database.ts';
import { storableText } from '../../core/domain/clean-text.ts';
import type { ReadObject } from '../salesforce/sf-schema.ts';

/** Salesforce meetings a submitted return kept: a saved month counts them whatever Salesforce does later. */
const KEPT_EVENT_IDS = `SELECT m->>'sfEventId' FROM monthly_returns r CROSS JOIN LATERAL jsonb_array_elements(r.meetings) m
  WHERE r.status = 'submitted' AND m->>'sfEventId' IS NOT NULL`;

/**
 * Marks the rows matching `where` ($1 is `param`) that a submitted return kept as deleted in Salesforce (an Event's
 * attendees with it), instead of removing them: `meetingsOf` leaves them out of the prefill.
 */
async function markKeptDeleted(
  db: Queryable,
  object: ReadObject,
  where: 'id = ANY($1::text[])' | 'synced_at < $1',
  param: unknown,
): Promise<void> {
  const table = object === 'Event' ? 'sf_events' : 'sf_event_attendees';
  const eventIds = object === 'Event' ? 'id' : 'event_id';
  await db.query(
    `UPDATE ${table} SET deleted_at = now() WHERE ${where} AND deleted_at IS NULL AND ${eventIds} IN (${KEPT_EVENT_IDS})`,
    [param],
  );
  if (object === 'Event')
    await db.query(
      `UPDATE sf_event_attendees SET deleted_at = now() WHERE deleted_at IS NULL AND event_id IN
         (SELECT id FROM sf_events WHERE ${where} AND id IN (${KEPT_EVENT_IDS}))`,
      [param],
    );
}

/** The local table of each object the sync reads, and its columns (all but synced_at). */
const syncTables = {
  Account: {
    table: 'sf_accounts',
    columns: [
      'id',
      'name',
      'owner_id',
      'annual_revenue',
      'currency_iso_code',
      'industry',
      'type',
      'is_key',
      'modstamp',
    ],
  },
  User: {
    table: 'sf_users',
    columns: ['id', 'name', 'email', 'federation_id', 'time_zone', 'manager_id', 'is_active', 'modstamp'],
  },
  Contact: {
    table: 'sf_contacts',
    columns: ['id', 'account_id', 'name', 'title', 'email', 'level', 'left_company', 'modstamp'],
  },
  Event: {
    table: 'sf_events',
    columns: [
      'id',
      'account_id',
      'owner_id',
      'subject',
      'start_at',
      'duration_minutes',
      'is_all_day',
      'type',
      'location',
      'face_to_face',
      'who_id',
      'via_case_id',
      'modstamp',
    ],
  },
  EventRelation: {
    table: 'sf_event_attendees',
    columns: ['id', 'event_id', 'relation_id', 'kind', 'status', 'is_invitee', 'is_parent', 'modstamp'],
  },
  Opportunity: {
    table: 'sf_opportunities',
    columns: [
      'id',
      'account_id',
      'name',
      'amount',
      'currency_iso_code',
      'close_date',
      'stage',
      'is_closed',
      'type',
      'modstamp',
    ],
  },
  Case: { table: 'sf_cases', columns: ['id', 'account_id', 'created_at', 'status', 'priority', 'modstamp'] },
  AccountTeamMember: { table: 'sf_account_team', columns: ['id', 'account_id', 'user_id', 'role', 'modstamp'] },
} as const satisfies Record<ReadObject, { table: string; columns: readonly string[] }>;

/**
 * The org's currency as the sync read it: the one every amount is shown in (the corporate currency of a
 * multi-currency org), and the rates of the others against it (CurrencyType.ConversionRate by ISO code).
 */
export interface OrgCurrency {
  currency: string;
  multiCurrency: boolean;
  rates: Record<string, number>;
}

/** A record read again is in Salesforce (undeleted, or its deletion was a window's edge): no longer marked deleted. */
const REVIVED: Partial<Record<ReadObject, string>> = {
  Event: ', deleted_at = NULL',
  EventRelation: ', deleted_at = NULL',
};

/** A row ready for a sync table: column name to value (dates as Date or ISO strings). */
export type SyncRow = Record<string, unknown>;

/** Reads and writes the sync tables, watermarks and runs; the only place that knows their SQL. */
export function syncStore(db: Queryable) {
  return {
    /** Inserts or updates a page of rows in one statement; `syncedAt` marks them seen by this run. */
    async upsert(object: ReadObject, rows: readonly SyncRow[], syncedAt: Date): Promise<void> {
      if (!rows.length) return;
      const { table, columns } = syncTables[object];
      const cols = columns.join(', ');
      const updates = columns
        .filter((c) => c !== 'id')
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ');
      await db.query(
        `INSERT INTO ${table} (${cols}, synced_at)
         SELECT ${cols}, $2::timestamptz FROM json_populate_recordset(NULL::${table}, $1::json)
         ON CONFLICT (id) DO UPDATE SET ${updates}, synced_at = EXCLUDED.synced_at${REVIVED[object] ?? ''}`,
        // One lone surrogate or NUL in a Salesforce text would make the whole page invalid json for PostgreSQL.
        [
          JSON.stringify(rows, (_key, value) => (typeof value === 'string' ? storableText(value) : value)),
          syncedAt.toISOString(),
        ],
      );
    },
    /** After a full read: rows this run did not see were deleted (or left the window) in Salesforce. */
    async deleteUnseen(object: ReadObject, runStartedAt: Date): Promise<number> {
      // Meetings a submitted return kept stay, with their attendees (as in deleteIds).
      const kept =
        object === 'Event'
          ? ` AND id NOT IN (${KEPT_EVENT_IDS})`
          : object === 'EventRelation'
            ? ` AND event_id NOT IN (${KEPT_EVENT_IDS})`
            : '';
      if (kept) await markKeptDeleted(db, object, `synced_at < $1`, runStartedAt.toISOString());
      const rows = await db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM ${syncTables[object].table} WHERE synced_at < $1${kept} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [runStartedAt.toISOString()],
      );
      return rows[0]?.n ?? 0;
    },
    /**
     * Removes records Salesforce deleted (an Event also loses its attendees, as Salesforce deletes its relations);
     * how many rows went. A meeting a submitted return kept stays, with its attendees, marked deleted: a saved month
     * does not change because Salesforce changed later (DOMAIN.md, measure 1), and its reopened form says so.
     */
    async deleteIds(object: 'Event' | 'EventRelation', ids: readonly string[]): Promise<number> {
      if (!ids.length) return 0;
      const eventIds = object === 'Event' ? 'id' : 'event_id';
      await markKeptDeleted(db, object, 'id = ANY($1::text[])', ids);
      if (object === 'Event')
        await db.query(
          `DELETE FROM sf_event_attendees WHERE event_id = ANY($1::text[]) AND event_id NOT IN (${KEPT_EVENT_IDS})`,
          [ids],
        );
      const rows = await db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM ${syncTables[object].table} WHERE id = ANY($1::text[]) AND ${eventIds} NOT IN (${KEPT_EVENT_IDS}) RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [ids],
      );
      return rows[0]?.n ?? 0;
    },
    /** The meetings about cases the sync holds (not deleted in Salesforce): their attendees are read by event. */
    async caseMeetingIds(): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        'SELECT id FROM sf_events WHERE via_case_id IS NOT NULL AND deleted_at IS NULL ORDER BY id',
      );
      return rows.map((r) => r.id);
    },
    /** When deletions of each object were last asked for (the sync's clock), if ever. */
    async deletionsCheckedAt(): Promise<Partial<Record<ReadObject, Date>>> {
      const rows = await db.query<{ object: ReadObject; at: Date | string }>(
        'SELECT object, deletions_checked_at AS at FROM sync_state WHERE deletions_checked_at IS NOT NULL',
      );
      return Object.fromEntries(rows.map((r) => [r.object, new Date(r.at)]));
    },
    /** Records that deletions of `objects` up to `at` have been seen (by a queryAll, or by a full read). */
    async markDeletionsChecked(objects: readonly ReadObject[], at: Date): Promise<void> {
      await db.query(
        `INSERT INTO sync_state (object, deletions_checked_at) SELECT o, $2 FROM unnest($1::text[]) AS o
         ON CONFLICT (object) DO UPDATE SET deletions_checked_at = GREATEST(sync_state.deletions_checked_at, EXCLUDED.deletions_checked_at),
           updated_at = now()`,
        [objects, at.toISOString()],
      );
    },
    /** Accounts not returned by this run's key-account read are no longer key accounts. */
    async unmarkKeyAccountsNotSeen(runStartedAt: Date): Promise<number> {
      const rows = await db.query<{ n: number }>(
        `WITH changed AS (UPDATE sf_accounts SET is_key = false WHERE is_key AND synced_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM changed`,
        [runStartedAt.toISOString()],
      );
      return rows[0]?.n ?? 0;
    },
    /** Replaces the org's currency and rates with what this sync read. */
    async saveOrgCurrency(c: OrgCurrency): Promise<void> {
      await db.query(
        `INSERT INTO sf_org_currency (id, currency, multi_currency, rates, read_at) VALUES (1, $1, $2, $3, now())
         ON CONFLICT (id) DO UPDATE SET currency = EXCLUDED.currency, multi_currency = EXCLUDED.multi_currency,
           rates = EXCLUDED.rates, read_at = EXCLUDED.read_at`,
        [c.currency, c.multiCurrency, JSON.stringify(c.rates)],
      );
    },
    async keyAccountIds(): Promise<Set<string>> {
      return new Set((await db.query<{ id: string }>('SELECT id FROM sf_accounts WHERE is_key')).map((r) => r.id));
    },
    async watermarks(): Promise<Partial<Record<ReadObject, Date>>> {
      const rows = await db.query<{ object: ReadObject; watermark: Date | string | null }>(
        'SELECT object, watermark FROM sync_state',
      );
      return Object.fromEntries(rows.filter((r) => r.watermark).map((r) => [r.object, new Date(r.watermark!)]));
    },
    /** Moves a watermark forward (never back) after a page is stored. */
    async advanceWatermark(object: ReadObject, to: Date, full: boolean): Promise<void> {
      await db.query(
        `INSERT INTO sync_state (object, watermark, last_full_at) VALUES ($1, $2, CASE WHEN $3 THEN now() END)
         ON CONFLICT (object) DO UPDATE SET watermark = GREATEST(sync_state.watermark, EXCLUDED.watermark),
           last_full_at = COALESCE(EXCLUDED.last_full_at, sync_state.last_full_at), updated_at = now()`,
        [object, to.toISOString(), full],
      );
    },
    async startRun(full: boolean, dryRun: boolean): Promise<{ id: number; startedAt: Date }> {
      const [row] = await db.query<{ id: string; started_at: Date | string }>(
        'INSERT INTO sync_runs (full_sync, dry_run, started_at) VALUES ($1, $2, clock_timestamp()) RETURNING id, started_at',
        [full, dryRun],
      );
      return { id: Number(row!.id), startedAt: new Date(row!.started_at) };
    },
    async finishRun(id: number, stats: object, error?: string): Promise<void> {
      await db.query('UPDATE sync_runs SET finished_at = now(), stats = $2, error = $3 WHERE id = $1', [
        id,
        JSON.stringify(stats),
        error ?? null,
      ]);
    },
    async count(object: ReadObject): Promise<number> {
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${syncTables[object].table}`);
      return row?.n ?? 0;
    },
  };
}
