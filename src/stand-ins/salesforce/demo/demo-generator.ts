import type { Clock } from '../../../core/domain/clock.ts';
import { Dataset, sfDateTime, STAND_IN_ORG_ID } from '../dataset.ts';
import { realOrgFields } from '../real-org-fields.ts';
import { customFieldsOnStandardObjects, customObjects, readFields } from '../../../adapters/salesforce/sf-schema.ts';

/** Size and clock of a generated org; the defaults are the demo org `npm start` shows. */
export interface DemoOrgOptions {
  keyAccounts?: number;
  meetingsPerAccount?: number;
  /** The org's "today": the demo's months are the ones before it. */
  now: Date;
  /** Salesforce's own time, which stamps records changed later (default: the machine's clock). */
  salesforceTime?: Clock;
  seed?: number;
  /** The org's currencies (default: a single-currency org in `DEMO_CURRENCY`). */
  currency?: DemoCurrency;
}

/**
 * A single-currency org (`corporate` only), or a multi-currency one when `rates` are given: ConversionRate of each
 * currency against the corporate one (which must be among them, at 1), as CurrencyType holds them.
 */
interface DemoCurrency {
  corporate: string;
  rates?: Record<string, number>;
}

/** The demo org's currency: its seed-example amounts are pounds sterling. */
const DEMO_CURRENCY: DemoCurrency = { corporate: 'GBP' };

/**
 * What every part of the demo org is generated with: the dataset, its clock, and one seeded random stream. The
 * parts draw from the stream in a fixed order, so the org is the same on every machine.
 */
export interface DemoGenerator {
  data: Dataset;
  now: Date;
  rnd: () => number;
  pick: <T>(xs: readonly T[]) => T;
  /** A last-modified stamp at some moment of the past month, as real records have. */
  stampOf: () => string;
}

/** A small deterministic PRNG, so the demo org is the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first instant (UTC) of the month `offset` months from `now`'s. */
export function monthStart(now: Date, offset: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}

/**
 * The Organization record, and in a multi-currency org the CurrencyType rows and the `CurrencyIsoCode` field of
 * Account and Opportunity: a single-currency org has neither, so a query naming them is refused as Salesforce does
 * (INVALID_TYPE, INVALID_FIELD).
 */
function orgCurrency(data: Dataset, currency: DemoCurrency): void {
  data.put('Organization', {
    Id: STAND_IN_ORG_ID,
    Name: 'Partnership Pulse Demo',
    DefaultCurrencyIsoCode: currency.corporate,
    // Account sharing Public Read/Write: a test sets None (Private) or Read (Public Read Only).
    DefaultAccountAccess: 'Edit',
  });
  if (!currency.rates) return;
  for (const [code, rate] of Object.entries(currency.rates))
    data.put('CurrencyType', {
      IsoCode: code,
      ConversionRate: rate,
      IsCorporate: code === currency.corporate,
      IsActive: true,
      DecimalPlaces: 2,
    });
  data.declareFields('Account', ['CurrencyIsoCode']);
  data.declareFields('Opportunity', ['CurrencyIsoCode']);
}

/** An empty dataset that knows every field we read or write (ours and a real org's), and the random stream. */
export function demoGenerator(options: DemoOrgOptions): DemoGenerator {
  const now = options.now;
  const rnd = prng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const data = new Dataset(options.salesforceTime);
  for (const [type, fields] of Object.entries(readFields)) data.declareFields(type, fields);
  for (const [type, fields] of Object.entries(customFieldsOnStandardObjects))
    data.declareFields(type, Object.keys(fields));
  for (const [type, spec] of Object.entries(customObjects)) data.declareFields(type, Object.keys(spec.fields));
  data.declareFields('User', ['Username']);
  data.declareFields('Account', ['Key_Account__c']);
  data.declareFields('Contact', ['Pulse_Level__c']);
  for (const [type, fields] of Object.entries(realOrgFields)) data.declareFields(type, fields);
  orgCurrency(data, options.currency ?? DEMO_CURRENCY);
  // Last modified at different moments of the past month, as real records are.
  const stampOf = () => sfDateTime(new Date(now.getTime() - 86_400_000 - Math.floor(rnd() * 30 * 86_400_000)));
  return { data, now, rnd, pick, stampOf };
}
