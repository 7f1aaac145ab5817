import type { Explained } from './explained.ts';
import { formatMoney } from '../domain/money.ts';

/** What losing the account would cost (DOMAIN.md, measure 7). */
export interface Stake {
  shareOfRevenue: number | null;
  customerAssetValue: number | null;
  openPipeline: number;
  nextRenewal: string | null;
  /** The ISO code every amount above is in (the org's currency); null before a sync has read it. */
  currency: string | null;
}

/** An open opportunity as the stake needs it. */
export interface OpenOpportunity {
  /** In the org's currency; null when Salesforce has none, or its currency has no rate (`noRate`). */
  amount: number | null;
  /** The opportunity's own currency when it was converted (a multi-currency org), else null. */
  convertedFrom?: string | null;
  /** Its currency had no conversion rate: left out of the pipeline rather than added unconverted. */
  noRate?: boolean;
  closeDate: string;
  isRenewal: boolean;
}

/** Net present value of the expected annual margin over `years` at `discountRate` (end-of-year flows). */
export function customerAssetValue(
  annualRevenue: number,
  marginRate: number,
  discountRate: number,
  years: 3 | 5,
): number {
  const margin = annualRevenue * marginRate;
  let npv = 0;
  for (let t = 1; t <= years; t++) npv += margin / (1 + discountRate) ** t;
  return Math.round(npv);
}

/** Share of key-account revenue, asset value, open pipeline and the next renewal date. */
export function stake(input: {
  annualRevenue: number | null;
  totalKeyAccountRevenue: number;
  opportunities: readonly OpenOpportunity[];
  marginRate: number;
  discountRate: number;
  years: 3 | 5;
  currency: string | null;
}): Explained<Stake> {
  const share =
    input.annualRevenue !== null && input.totalKeyAccountRevenue > 0
      ? Math.round((input.annualRevenue / input.totalKeyAccountRevenue) * 1000) / 10
      : null;
  const cav =
    input.annualRevenue !== null
      ? customerAssetValue(input.annualRevenue, input.marginRate, input.discountRate, input.years)
      : null;
  const openPipeline = input.opportunities.reduce((s, o) => s + (o.amount ?? 0), 0);
  const renewals = input.opportunities
    .filter((o) => o.isRenewal)
    .map((o) => o.closeDate)
    .sort();
  const money = (n: number) => formatMoney(n, input.currency);
  const converted = [
    ...new Set(input.opportunities.flatMap((o) => (o.convertedFrom && !o.noRate ? [o.convertedFrom] : []))),
  ];
  const noRate = input.opportunities.filter((o) => o.noRate).length;
  const why = [
    share === null ? 'No annual revenue in Salesforce: no share.' : `${share}% of key-account revenue.`,
    cav === null
      ? 'No annual revenue: no asset value.'
      : `Asset value: ${input.years} years of ${Math.round(input.marginRate * 100)}% margin discounted at ${Math.round(input.discountRate * 1000) / 10}%.`,
    `Open pipeline ${money(openPipeline)} over ${input.opportunities.length} opportunit${input.opportunities.length === 1 ? 'y' : 'ies'}.`,
    ...(converted.length
      ? [`Amounts in ${converted.sort().join(', ')} converted to ${input.currency} at Salesforce's conversion rates.`]
      : []),
    ...(noRate ? [`${noRate} left out of the pipeline: Salesforce has no conversion rate for their currency.`] : []),
    ...(input.currency === null ? ['Currency not read from Salesforce yet: amounts shown without it.'] : []),
  ];
  return {
    value: {
      shareOfRevenue: share,
      customerAssetValue: cav,
      openPipeline,
      nextRenewal: renewals[0] ?? null,
      currency: input.currency,
    },
    why,
  };
}
