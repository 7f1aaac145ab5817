import type { Crm } from '../../adapters/salesforce/salesforce-crm.ts';
import { SalesforceError } from '../../adapters/salesforce/salesforce-errors.ts';
import { currencyReadFields } from '../../adapters/salesforce/sf-schema.ts';
import type { OrgCurrency } from '../../adapters/store/sync-store.ts';

const select = (object: keyof typeof currencyReadFields) =>
  `SELECT ${currencyReadFields[object].join(', ')} FROM ${object}`;

/**
 * The org's currency and, in a multi-currency org, every currency's rate against the corporate one. Salesforce has
 * CurrencyType only in a multi-currency org ("This object is not available in single-currency organizations": the
 * CurrencyType object reference), so INVALID_TYPE for it means a single-currency org, whose amounts are all in
 * Organization.DefaultCurrencyIsoCode. In a multi-currency org the corporate currency (`IsCorporate`) is the one the
 * rates are relative to, and the one amounts are shown in. Any other error stops the sync.
 */
export async function readOrgCurrency(crm: Pick<Crm, 'query'>): Promise<OrgCurrency | undefined> {
  let orgDefault: string | undefined;
  for await (const page of crm.query('Organization', select('Organization')))
    orgDefault ??= page.records[0]?.DefaultCurrencyIsoCode;
  const rates: Record<string, number> = {};
  let corporate: string | undefined;
  try {
    for await (const page of crm.query('CurrencyType', select('CurrencyType'))) {
      for (const c of page.records) {
        rates[c.IsoCode] = c.ConversionRate;
        if (c.IsCorporate) corporate = c.IsoCode;
      }
    }
  } catch (error) {
    const code = error instanceof SalesforceError && (error.cause as { errorCode?: string } | undefined)?.errorCode;
    if (code !== 'INVALID_TYPE') throw error;
    return orgDefault ? { currency: orgDefault, multiCurrency: false, rates: {} } : undefined;
  }
  const currency = corporate ?? orgDefault;
  return currency ? { currency, multiCurrency: true, rates } : undefined;
}
