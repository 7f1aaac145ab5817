/**
 * Every amount carries its currency: the org's, read at sync from Salesforce, and in a multi-currency org every
 * amount converted to the corporate currency before two are added up. Through the real sync against the stand-in on
 * loopback. The Salesforce behaviour the stand-in mirrors, and where it is documented:
 * - CurrencyType "is not available in single-currency organizations"; its ConversionRate is "against the corporate
 *   currency", IsCorporate marks that one (Object Reference, CurrencyType:
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_currencytype.htm).
 * - `CurrencyIsoCode` is on every record only once multiple currencies are enabled
 *   (https://salesforce.stackexchange.com/questions/75690/setting-a-multicurrency-field-in-apex, and PLATFORM.md);
 *   a single-currency org answers a query naming it INVALID_FIELD "No such column", as for any field it lacks.
 * - SOQL `convertCurrency()` converts "to the user's currency" (the integration user's, not the org's:
 *   https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-querying-currency-fields.md),
 *   which is why the sync converts with CurrencyType's rates instead.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testClock } from '../support/test-clock.ts';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { buildScorecard } from '../../src/features/scorecards/build-scorecard.ts';
import { buildReviewPack } from '../../src/features/reports/build-review-pack.ts';
import { scorecardCard } from '../../src/features/cards/scorecard-card.ts';
import { customerAssetValue } from '../../src/core/scoring/stake.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { addMonths, lastEndedPeriod } from '../../src/core/domain/period.ts';
import { SalesforceError } from '../../src/adapters/salesforce/salesforce-errors.ts';

/** The instant this file runs at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;
const period = lastEndedPeriod(pinned());
const logs = captureLogs();
const closing: { close(): Promise<void> }[] = [];
/** The errorCode Salesforce answered, wherever the adapter's errors keep it along their causes. */
const errorCodeOf = (e: unknown): string | undefined =>
  e && typeof e === 'object'
    ? ((e as { errorCode?: string }).errorCode ?? errorCodeOf((e as { cause?: unknown }).cause))
    : undefined;
afterAll(async () => {
  for (const c of closing) await c.close();
});

/** A stand-in org of `keyAccounts` accounts synced into a fresh test database. */
async function syncedOrg(options: Parameters<typeof startSalesforce>[0]) {
  const s = await startSalesforce({ keyAccounts: 2, meetingsPerAccount: 1, ...options });
  const t: TestDatabase = await openTestDatabase();
  closing.push({ close: () => s.sf.stop() }, t);
  const crm = await s.connect(logs.log);
  const northwind = s.sf.data.records('Account').find((a) => a.Name === 'Northwind Logistics')!;
  return {
    s,
    t,
    crm,
    northwind,
    sync: () => runSync({ db: t.db, crm, settings: s.settings.jwt, log: logs.log, now: pinned }),
    scorecard: async () =>
      (await buildScorecard(
        { db: t.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: pinned },
        period,
        northwind.Id,
      ))!,
  };
}

describe('Currencies (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When a single-currency org is synced, then its currency is read from Organization and every surface shows it', async () => {
    const org = await syncedOrg({});
    await org.sync();
    expect(await org.t.db.query('SELECT currency, multi_currency, rates FROM sf_org_currency')).toEqual([
      { currency: 'GBP', multi_currency: false, rates: {} },
    ]);
    // Nothing the sync sent named CurrencyIsoCode: the field does not exist in this org.
    const soql = org.s.sf.calls.flatMap((c) => (c.soql ? [c.soql] : []));
    expect(soql.filter((q) => /\bCurrencyIsoCode\b/.test(q))).toEqual([]);
    expect(soql).toContain('SELECT Id, DefaultCurrencyIsoCode FROM Organization');

    const s = await org.scorecard();
    expect(s.stake.currency).toBe('GBP');
    const card = JSON.stringify(scorecardCard(s));
    expect(card).toMatch(/asset value GBP [\d,]+; pipeline GBP [\d,]+/);
    expect(s.why.stake).toContain(
      `Open pipeline GBP ${new Intl.NumberFormat('en-GB').format(s.stake.openPipeline)} over 2 opportunities.`,
    );
    const pack = await buildReviewPack(
      { db: org.t.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: pinned },
      org.northwind.Id,
      addMonths(period, -1),
      period,
      'internal',
    );
    expect(pack.html).toMatch(/<td>Customer asset value<\/td><td>GBP [\d,]+<\/td>/);
    expect(pack.html).toMatch(/<td>Open pipeline<\/td><td>GBP [\d,]+<\/td>/);
  });

  it('When a single-currency org is asked for CurrencyIsoCode or CurrencyType, then it refuses both as Salesforce does', async () => {
    const org = await syncedOrg({});
    const first = async (object: 'Opportunity' | 'CurrencyType', soql: string) => {
      for await (const page of org.crm.query(object, soql)) return page;
    };
    const field = await first('Opportunity', 'SELECT Id, CurrencyIsoCode FROM Opportunity').catch((e: unknown) => e);
    expect(field).toBeInstanceOf(SalesforceError);
    expect(errorCodeOf(field)).toBe('INVALID_FIELD');
    expect((field as SalesforceError).message).toContain("No such column 'CurrencyIsoCode' on entity 'Opportunity'");
    const type = await first('CurrencyType', 'SELECT Id, IsoCode FROM CurrencyType').catch((e: unknown) => e);
    expect(type).toBeInstanceOf(SalesforceError);
    expect(errorCodeOf(type)).toBe('INVALID_TYPE');
  });

  it(
    'When a multi-currency org has opportunities in EUR and USD and revenue in GBP, then the scorecard adds them up ' +
      'converted to the corporate currency, and says from which',
    async () => {
      const org = await syncedOrg({ currency: { corporate: 'EUR', rates: { EUR: 1, USD: 1.1, GBP: 0.85 } } });
      // Northwind's revenue in pounds, its two open opportunities in euros and in dollars.
      Object.assign(org.northwind, { CurrencyIsoCode: 'GBP', AnnualRevenue: 850_000 });
      const [euros, dollars] = org.s.sf.data.records('Opportunity').filter((o) => o.AccountId === org.northwind.Id);
      Object.assign(euros!, { CurrencyIsoCode: 'EUR', Amount: 1_000_000 });
      Object.assign(dollars!, { CurrencyIsoCode: 'USD', Amount: 610_500 });
      await org.sync();
      expect(await org.t.db.query('SELECT currency, multi_currency FROM sf_org_currency')).toEqual([
        { currency: 'EUR', multi_currency: true },
      ]);

      const s = await org.scorecard();
      expect(s.stake).toMatchObject({
        currency: 'EUR',
        openPipeline: 1_555_000,
        customerAssetValue: customerAssetValue(
          1_000_000,
          DEFAULT_SCORING_SETTINGS.marginRate,
          DEFAULT_SCORING_SETTINGS.discountRate,
          DEFAULT_SCORING_SETTINGS.years,
        ),
      });
      expect(s.why.stake).toEqual(
        expect.arrayContaining([
          'Open pipeline EUR 1,555,000 over 2 opportunities.',
          "Amounts in USD converted to EUR at Salesforce's conversion rates.",
        ]),
      );
      expect(JSON.stringify(scorecardCard(s))).toContain('pipeline EUR 1,555,000');
      // Stored as Salesforce has them: the conversion happens where amounts are read together.
      expect(
        await org.t.db.query('SELECT amount::float AS amount, currency_iso_code FROM sf_opportunities WHERE id = $1', [
          dollars!.Id,
        ]),
      ).toEqual([{ amount: 610_500, currency_iso_code: 'USD' }]);
    },
  );
});
