// Made once: building a locale formatter costs far more than using one.
const WHOLE_UNITS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0, useGrouping: true });

/**
 * The one way every surface shows an amount of money: the ISO 4217 code, a space, whole units with thousands
 * separators ("EUR 1,555,000"). A code, not a symbol: "$" is several currencies. With the currency unknown (no sync
 * has read it yet) the amount stands alone rather than under a wrong code. The card, the review pack, the portfolio
 * summary, the stake's "why" lines and the tab's browser code all call this.
 */
export function formatMoney(amount: number, currency: string | null): string {
  const units = WHOLE_UNITS.format(Math.round(amount));
  return currency ? `${currency} ${units}` : units;
}
