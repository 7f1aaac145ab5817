import type { Queryable } from './database.ts';

/** A Salesforce user (account owner or manager) with the Teams user they map to, if any. */
export interface MappedUser {
  sfUserId: string;
  name: string;
  email: string | null;
  timeZone: string | null;
  isActive: boolean;
  teamsUserId: string | null;
  aadObjectId: string | null;
  tenantId: string | null;
  matchedBy: 'federationId' | 'email' | null;
}

/** A row of `MAPPED_COLUMNS`. */
export interface MappedRow {
  sf_user_id: string;
  name: string;
  email: string | null;
  time_zone: string | null;
  is_active: boolean;
  teams_user_id: string | null;
  aad_object_id: string | null;
  tenant_id: string | null;
  matched_by: 'federationId' | 'email' | null;
}

/** The best Teams user of each Salesforce user `u`: federation id first, then e-mail (shared by both queries). */
const BEST_TEAMS_MATCH = `
      LATERAL (
        SELECT tu.id, 'federationId' AS matched_by, 1 AS rank FROM teams_users tu
         WHERE u.federation_id IS NOT NULL AND lower(tu.upn) = lower(u.federation_id)
        UNION ALL
        SELECT tu.id, 'email', 2 FROM teams_users tu
         WHERE u.email IS NOT NULL AND (lower(tu.email) = lower(u.email) OR lower(tu.upn) = lower(u.email))
        ORDER BY rank LIMIT 1
      ) m`;
const MAPPED_COLUMNS = `u.id AS sf_user_id, u.name, u.email, u.time_zone, u.is_active,
           t.id AS teams_user_id, t.aad_object_id, t.tenant_id, m.matched_by`;

/** A `MAPPED_COLUMNS` row as the mapped user. */
export const toMapped = (r: MappedRow): MappedUser => ({
  sfUserId: r.sf_user_id,
  name: r.name,
  email: r.email,
  timeZone: r.time_zone,
  isActive: r.is_active,
  teamsUserId: r.teams_user_id,
  aadObjectId: r.aad_object_id,
  tenantId: r.tenant_id,
  matchedBy: r.matched_by,
});

/**
 * The Salesforce user the Teams user `$teamsUser` (a $n placeholder) maps to, at most one row of `MAPPED_COLUMNS`:
 * from the Teams user to the few Salesforce users that could map to it (by index), each then checked to map to it.
 * Every request starts here, and matching every Salesforce user first cost O(users) per request. A tie goes to the
 * owner of a key account, asked with LIMIT 1 so that it is an index probe per candidate: as EXISTS, PostgreSQL's
 * generic plan at a few hundred key accounts hashed every key account's owner on each execution (issue 28: with
 * it, a card save cost PostgreSQL 0.9 ms of CPU; without, 0.7).
 */
export const byTeamsUserSql = ($teamsUser: string) =>
  `SELECT ${MAPPED_COLUMNS}
     FROM teams_users t
     JOIN sf_users u ON (u.federation_id IS NOT NULL AND lower(u.federation_id) = lower(t.upn))
                     OR (u.email IS NOT NULL AND lower(u.email) IN (lower(t.email), lower(t.upn)))
     CROSS JOIN ${BEST_TEAMS_MATCH}
    WHERE t.id = ${$teamsUser} AND m.id = t.id
    ORDER BY m.rank, (SELECT true FROM sf_accounts a WHERE a.owner_id = u.id AND a.is_key LIMIT 1) IS NOT NULL DESC,
             u.is_active DESC LIMIT 1`;

/**
 * Salesforce users joined to the Teams users the bot has met: by FederationIdentifier against the Entra UPN
 * first (what SSO uses), else by e-mail against the Teams e-mail or UPN, case-insensitively.
 */
export function peopleStore(db: Queryable) {
  const select = `
    SELECT ${MAPPED_COLUMNS}
      FROM sf_users u
      LEFT JOIN ${BEST_TEAMS_MATCH} ON true
      LEFT JOIN teams_users t ON t.id = m.id`;
  return {
    /** Owners of key accounts (the account managers the monthly check-in asks), mapped to Teams. */
    async accountManagers(): Promise<MappedUser[]> {
      const rows = await db.query<MappedRow>(
        `${select} WHERE u.id IN (SELECT owner_id FROM sf_accounts WHERE is_key) ORDER BY u.name`,
      );
      return rows.map(toMapped);
    },
    /** The Salesforce user a Teams user maps to (the reverse of the mapping above). */
    async byTeamsUser(teamsUserId: string): Promise<MappedUser | undefined> {
      const rows = await db.query<MappedRow>(byTeamsUserSql('$1'), [teamsUserId]);
      return rows[0] && toMapped(rows[0]);
    },
    async byId(sfUserId: string): Promise<MappedUser | undefined> {
      const rows = await db.query<MappedRow>(`${select} WHERE u.id = $1`, [sfUserId]);
      return rows[0] && toMapped(rows[0]);
    },
  };
}
