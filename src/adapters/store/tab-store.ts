import type { Queryable } from './database.ts';
import type { Period } from '../../core/domain/period.ts';
import type { MonthlyReturn } from '../../core/domain/monthly-return.ts';

/** A key account as the tab lists it, with its owner. */
export interface TabAccount {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string | null;
}

/** One stored month of an account: what the history chart and timeline need. */
interface TabMonth {
  period: Period;
  status: MonthlyReturn['status'];
}

/** Who may see an account: its owner, its Salesforce account team, and the owner's managers up the chain. */
const VISIBLE = `a.is_key AND (a.owner_id = $1
  OR EXISTS (SELECT 1 FROM sf_account_team t WHERE t.account_id = a.id AND t.user_id = $1)
  OR a.owner_id IN (SELECT id FROM reports))`;
/** The people reporting to $1, directly or not (bounded, so a cycle in Salesforce's manager field cannot loop). */
const REPORTS = `WITH RECURSIVE reports(id, depth) AS (
  SELECT id, 1 FROM sf_users WHERE manager_id = $1
  UNION SELECT u.id, r.depth + 1 FROM sf_users u JOIN reports r ON u.manager_id = r.id WHERE r.depth < 12)`;

/** The tab's reads: who the signed-in user is in Salesforce, which accounts they see, and each account's months. */
export function tabStore(db: Queryable) {
  return {
    /**
     * The Salesforce user behind a sign-in: by FederationIdentifier, then e-mail, against the token's login name
     * or the UPN and e-mail Teams gave the bot for the same Entra object id and tenant.
     */
    async salesforceUserFor(
      login: string | null,
      oid: string | null,
      tenantId: string,
    ): Promise<{ sfUserId: string; name: string } | undefined> {
      const [r] = await db.query<{ id: string; name: string }>(
        `WITH logins AS (
           SELECT lower($1::text) AS l WHERE $1::text IS NOT NULL
           UNION SELECT lower(upn) FROM teams_users WHERE aad_object_id = $2 AND tenant_id = $3 AND upn IS NOT NULL
           UNION SELECT lower(email) FROM teams_users WHERE aad_object_id = $2 AND tenant_id = $3 AND email IS NOT NULL)
         SELECT u.id, u.name FROM sf_users u
          WHERE lower(u.federation_id) IN (SELECT l FROM logins) OR lower(u.email) IN (SELECT l FROM logins)
          ORDER BY (lower(u.federation_id) IN (SELECT l FROM logins)) DESC, u.is_active DESC, u.id LIMIT 1`,
        [login, oid, tenantId],
      );
      return r && { sfUserId: r.id, name: r.name };
    },
    /** The key accounts the user sees: their own, their account teams', and those of everyone reporting to them. */
    async visibleAccounts(sfUserId: string): Promise<TabAccount[]> {
      const rows = await db.query<{ id: string; name: string; owner_id: string; owner_name: string | null }>(
        `${REPORTS} SELECT a.id, a.name, a.owner_id, o.name AS owner_name FROM sf_accounts a
           LEFT JOIN sf_users o ON o.id = a.owner_id WHERE ${VISIBLE} ORDER BY a.name`,
        [sfUserId],
      );
      return rows.map((r) => ({ id: r.id, name: r.name, ownerId: r.owner_id, ownerName: r.owner_name }));
    },
    /** One key account if the user may see it (same rule as `visibleAccounts`). */
    async visibleAccount(sfUserId: string, accountId: string): Promise<TabAccount | undefined> {
      const [r] = await db.query<{ id: string; name: string; owner_id: string; owner_name: string | null }>(
        `${REPORTS} SELECT a.id, a.name, a.owner_id, o.name AS owner_name FROM sf_accounts a
           LEFT JOIN sf_users o ON o.id = a.owner_id WHERE a.id = $2 AND ${VISIBLE}`,
        [sfUserId, accountId],
      );
      return r && { id: r.id, name: r.name, ownerId: r.owner_id, ownerName: r.owner_name };
    },
    /** The account's stored returns from `from` to `to` (missing and draft ones too: the tab tells them apart). */
    /** Each month's return status (draft or submitted): the figures themselves are the month's scorecard. */
    async returnStatuses(accountId: string, from: Period, to: Period): Promise<TabMonth[]> {
      return db.query<TabMonth>(
        `SELECT period, status FROM monthly_returns WHERE account_id = $1 AND period >= $2 AND period <= $3 ORDER BY period`,
        [accountId, from, to],
      );
    },
    /** The latest period with a submitted return, per account. */
    async lastReturns(accountIds: readonly string[]): Promise<Map<string, Period>> {
      const rows = await db.query<{ account_id: string; period: Period }>(
        `SELECT account_id, max(period) AS period FROM monthly_returns
          WHERE status = 'submitted' AND account_id = ANY($1::text[]) GROUP BY account_id`,
        [accountIds],
      );
      return new Map(rows.map((r) => [r.account_id, r.period]));
    },
    /** A key account by its exact name (the local preview's demo shared channel belongs to Northwind Logistics). */
    async keyAccountIdByName(name: string): Promise<string | undefined> {
      const [r] = await db.query<{ id: string }>('SELECT id FROM sf_accounts WHERE is_key AND name = $1', [name]);
      return r?.id;
    },
    /** Whether any monthly return exists at all (the demo history is only added to an empty database). */
    async hasAnyReturn(): Promise<boolean> {
      return (await db.query('SELECT 1 FROM monthly_returns LIMIT 1')).length === 1;
    },
  };
}

/** The narrow port of the tab store. */
export type TabStore = ReturnType<typeof tabStore>;
