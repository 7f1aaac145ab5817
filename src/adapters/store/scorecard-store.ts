import type { Queryable } from './database.ts';
import type { Period } from '../../core/domain/period.ts';
import { addMonths, periodBounds } from '../../core/domain/period.ts';
import type { PersonMet } from '../../core/scoring/breadth.ts';
import type { OpenOpportunity } from '../../core/scoring/stake.ts';
import type { ContactLevel } from '../../core/domain/contact-level.ts';
import type { MeetingWindow } from '../../core/domain/local-time.ts';
import { type PeopleMetAsk, peopleMetSql, peopleMetWindows } from './people-met-sql.ts';

/**
 * An amount column in the org's currency (`oc`: the sf_org_currency row, joined beside it). A record without a
 * currency of its own (a single-currency org) or in the org's currency is as stored; another is divided by its
 * CurrencyType rate (units of it per unit of the corporate currency); with no rate known it is null, so two
 * currencies are never added up unconverted.
 */
const inOrgCurrency = (amount: string, code: string) =>
  `CASE WHEN ${code} IS NULL OR ${code} = oc.currency THEN ${amount}
        ELSE ${amount} / NULLIF((oc.rates ->> ${code})::numeric, 0) END`;

const WEEK_MS = 7 * 86_400_000;
const CASE_WEEKS = 9;

/** How many of `created` (epoch ms) fell in each of the CASE_WEEKS weeks ending at `end`, oldest first. */
function weeklyCounts(created: readonly number[], end: number): number[] {
  const weeks = Array.from({ length: CASE_WEEKS }, () => 0);
  for (const at of created) {
    if (at >= end || at < end - CASE_WEEKS * WEEK_MS) continue;
    weeks[CASE_WEEKS - 1 - Math.floor((end - 1 - at) / WEEK_MS)]! += 1;
  }
  return weeks;
}

const numberOrNull = (v: string | number | null) => (v === null ? null : Number(v));

/** The stored facts a scorecard is computed from; the only place that knows their SQL. */
export function scorecardStore(db: Queryable) {
  const store = {
    /** The key account, with its owner's Salesforce time zone (whose calendar cuts its months). */
    async account(
      accountId: string,
    ): Promise<{ id: string; name: string; annualRevenue: number | null; ownerTimeZone: string | null } | undefined> {
      const [r] = await db.query<{
        id: string;
        name: string;
        annual_revenue: string | number | null;
        owner_time_zone: string | null;
      }>(
        `SELECT a.id, a.name, ${inOrgCurrency('a.annual_revenue', 'a.currency_iso_code')} AS annual_revenue,
                u.time_zone AS owner_time_zone
           FROM sf_accounts a LEFT JOIN sf_users u ON u.id = a.owner_id LEFT JOIN sf_org_currency oc ON true
          WHERE a.id = $1 AND a.is_key`,
        [accountId],
      );
      return (
        r && {
          id: r.id,
          name: r.name,
          annualRevenue: numberOrNull(r.annual_revenue),
          ownerTimeZone: r.owner_time_zone,
        }
      );
    },
    /**
     * Key accounts whose name is `text` (any case) or contains it, the exact match first; at most `limit`. An empty
     * `text` lists the key accounts by name.
     */
    async keyAccountsNamed(text: string, limit = 20): Promise<{ id: string; name: string }[]> {
      const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return db.query<{ id: string; name: string }>(
        `SELECT id, name FROM sf_accounts WHERE is_key AND lower(name) LIKE $1
          ORDER BY lower(name) = $2 DESC, name LIMIT $3`,
        [pattern, text.toLowerCase(), limit],
      );
    },
    /** The key accounts' annual revenue added up in the org's currency (an account with no rate known left out). */
    async totalKeyAccountRevenue(): Promise<number> {
      const [r] = await db.query<{ total: string | number | null }>(
        `SELECT sum(${inOrgCurrency('a.annual_revenue', 'a.currency_iso_code')}) AS total
           FROM sf_accounts a LEFT JOIN sf_org_currency oc ON true WHERE a.is_key`,
      );
      return Number(r?.total ?? 0);
    },
    /** The org's currency as the last sync read it; null before the first sync that did. */
    async orgCurrency(): Promise<string | null> {
      const [r] = await db.query<{ currency: string }>('SELECT currency FROM sf_org_currency');
      return r?.currency ?? null;
    },
    /** Client man-hours of submitted returns over the `months` periods ending at `period`. */
    async hoursByPeriod(accountId: string, period: Period, months = 7): Promise<Map<Period, number>> {
      return store.hoursBetween(accountId, addMonths(period, -months), period);
    },
    /** Client man-hours of submitted returns in the periods after `after`, through `through`. */
    async hoursBetween(accountId: string, after: Period, through: Period): Promise<Map<Period, number>> {
      const rows = await db.query<{ period: Period; h: string | number }>(
        `SELECT period, client_man_hours AS h FROM monthly_returns WHERE account_id = $1 AND status = 'submitted' AND period > $2 AND period <= $3`,
        [accountId, after, through],
      );
      return new Map(rows.map((r) => [r.period, Number(r.h)]));
    },
    /**
     * Distinct client contacts met in the period's Salesforce meetings (those kept in the return, if it names them),
     * as Salesforce has them now; `includeDeleted` counts what it deleted since, as a return saved before people met
     * were stored at the save still counts them.
     */
    async peopleMet(
      accountId: string,
      window: MeetingWindow,
      keptEventIds: readonly string[] | null,
      includeDeleted = false,
      /** Contacts met in meetings found in the calendar (the return names them), counted with Salesforce's. */
      calendarContactIds: readonly string[] = [],
    ): Promise<PersonMet[]> {
      const [met] = await store.peopleMetIn(accountId, [{ window, keptEventIds, includeDeleted, calendarContactIds }]);
      return met!;
    },
    /** `peopleMet` for several windows of one account in one statement, in the order asked. */
    async peopleMetIn(accountId: string, asks: readonly PeopleMetAsk[]): Promise<PersonMet[][]> {
      if (!asks.length) return [];
      const rows = await db.query<{ i: string | number; id: string; level: ContactLevel | null }>(
        `${peopleMetSql('$1', '$2')} ORDER BY 1, 2`,
        [accountId, peopleMetWindows(asks)],
      );
      const met: PersonMet[][] = asks.map(() => []);
      for (const r of rows) met[Number(r.i) - 1]!.push({ id: r.id, level: r.level });
      return met;
    },
    /** Cases per week for the nine weeks ending with the period's last day, oldest first. */
    async casesPerWeek(accountId: string, period: Period): Promise<number[]> {
      const [weeks] = await store.casesPerWeekIn(accountId, [period]);
      return weeks!;
    },
    /** `casesPerWeek` for several periods of one account in one statement, in the order asked. */
    async casesPerWeekIn(accountId: string, periods: readonly Period[]): Promise<number[][]> {
      if (!periods.length) return [];
      const ends = periods.map((p) => periodBounds(p)[1].getTime());
      const rows = await db.query<{ created_at: Date | string }>(
        'SELECT created_at FROM sf_cases WHERE account_id = $1 AND created_at >= $2 AND created_at < $3',
        [
          accountId,
          new Date(Math.min(...ends) - CASE_WEEKS * WEEK_MS).toISOString(),
          new Date(Math.max(...ends)).toISOString(),
        ],
      );
      const created = rows.map((r) => new Date(r.created_at).getTime());
      return ends.map((end) => weeklyCounts(created, end));
    },
    /** The account's open opportunities, amounts in the org's currency (and the currency each was converted from). */
    async openOpportunities(accountId: string): Promise<OpenOpportunity[]> {
      const rows = await db.query<{
        amount: string | number | null;
        original_amount: string | number | null;
        converted_from: string | null;
        close_date: Date | string;
        type: string | null;
        name: string;
      }>(
        `SELECT ${inOrgCurrency('o.amount', 'o.currency_iso_code')} AS amount, o.amount AS original_amount,
                CASE WHEN o.currency_iso_code IS DISTINCT FROM oc.currency THEN o.currency_iso_code END AS converted_from,
                o.close_date, o.type, o.name
           FROM sf_opportunities o LEFT JOIN sf_org_currency oc ON true WHERE o.account_id = $1 AND NOT o.is_closed`,
        [accountId],
      );
      return rows.map((r) => ({
        amount: numberOrNull(r.amount),
        convertedFrom: r.converted_from,
        noRate: r.amount === null && r.original_amount !== null,
        closeDate: new Date(r.close_date).toISOString().slice(0, 10),
        isRenewal: r.type === 'Renewal' || /renewal/i.test(r.name),
      }));
    },
    /** Whether an executive contact has left the client (the sponsor-left signal from Salesforce). */
    async sponsorLeft(accountId: string): Promise<boolean> {
      return (
        (
          await db.query(
            `SELECT 1 FROM sf_contacts WHERE account_id = $1 AND left_company AND level = 'executive' LIMIT 1`,
            [accountId],
          )
        ).length === 1
      );
    },
  };
  return store;
}
