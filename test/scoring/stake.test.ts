import { describe, expect, it } from 'vitest';
import { customerAssetValue, stake } from '../../src/core/scoring/stake.ts';

/** DOMAIN.md, measure 7: what losing the account would cost, every amount in the org's currency. */
describe('The stake', () => {
  it('customer asset value is the discounted margin: 200k a year for 3 years at 10% is 497,370', () => {
    expect(customerAssetValue(1_000_000, 0.2, 0.1, 3)).toBe(497_370);
    const s = stake({
      annualRevenue: 1_000_000,
      totalKeyAccountRevenue: 8_000_000,
      opportunities: [
        { amount: 50_000, closeDate: '2027-03-01', isRenewal: true },
        { amount: null, closeDate: '2027-01-15', isRenewal: false },
      ],
      marginRate: 0.2,
      discountRate: 0.1,
      years: 3,
      currency: 'EUR',
    });
    expect(s.value).toEqual({
      shareOfRevenue: 12.5,
      customerAssetValue: 497_370,
      openPipeline: 50_000,
      nextRenewal: '2027-03-01',
      currency: 'EUR',
    });
    expect(s.why).toContain('Open pipeline EUR 50,000 over 2 opportunities.');
  });
  it('When opportunities were converted from other currencies, then the why lines say from which; one without a rate is left out', () => {
    const s = stake({
      annualRevenue: null,
      totalKeyAccountRevenue: 0,
      opportunities: [
        { amount: 1_000_000, closeDate: '2027-03-01', isRenewal: false },
        { amount: 555_000, convertedFrom: 'USD', closeDate: '2027-03-01', isRenewal: false },
        { amount: null, convertedFrom: 'JPY', noRate: true, closeDate: '2027-03-01', isRenewal: false },
      ],
      marginRate: 0.2,
      discountRate: 0.1,
      years: 3,
      currency: 'EUR',
    });
    expect(s.why.slice(2)).toEqual([
      'Open pipeline EUR 1,555,000 over 3 opportunities.',
      "Amounts in USD converted to EUR at Salesforce's conversion rates.",
      '1 left out of the pipeline: Salesforce has no conversion rate for their currency.',
    ]);
  });
  it('When the currency is not known yet, then amounts show without a code and the why lines say so', () => {
    const s = stake({
      annualRevenue: null,
      totalKeyAccountRevenue: 0,
      opportunities: [{ amount: 1_555_000, closeDate: '2027-03-01', isRenewal: false }],
      marginRate: 0.2,
      discountRate: 0.1,
      years: 3,
      currency: null,
    });
    expect(s.why.slice(2)).toEqual([
      'Open pipeline 1,555,000 over 1 opportunity.',
      'Currency not read from Salesforce yet: amounts shown without it.',
    ]);
  });
});
