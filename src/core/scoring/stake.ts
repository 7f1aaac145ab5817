import type { Explained } from './explained.ts';

/** What losing the account would cost (DOMAIN.md, measure 7). */
export interface Stake {
  shareOfRevenue: number | null;
  customerAssetValue: number | null;
  openPipeline: number;
  nextRenewal: string | null;
}

/** An open opportunity as the stake needs it. */
export interface OpenOpportunity {
  amount: number | null;
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
  const why = [
    share === null ? 'No annual revenue in Salesforce: no share.' : `${share}% of key-account revenue.`,
    cav === null
      ? 'No annual revenue: no asset value.'
      : `Asset value: ${input.years} years of ${Math.round(input.marginRate * 100)}% margin discounted at ${Math.round(input.discountRate * 1000) / 10}%.`,
    `Open pipeline ${openPipeline} over ${input.opportunities.length} opportunit${input.opportunities.length === 1 ? 'y' : 'ies'}.`,
  ];
  return {
    value: { shareOfRevenue: share, customerAssetValue: cav, openPipeline, nextRenewal: renewals[0] ?? null },
    why,
  };
}
