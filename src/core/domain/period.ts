/** A calendar month the monthly cycle is about, as `YYYY-MM`. */
export type Period = string & { readonly __period: unique symbol };

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Reads `YYYY-MM`; undefined for anything else. */
export function parsePeriod(text: string): Period | undefined {
  return PERIOD.test(text) ? (text as Period) : undefined;
}

function parts(p: Period): [number, number] {
  const m = PERIOD.exec(p)!;
  return [Number(m[1]), Number(m[2])];
}

/** The period `offset` months from `p` (negative: earlier). */
export function addMonths(p: Period, offset: number): Period {
  const [y, m] = parts(p);
  const d = new Date(Date.UTC(y, m - 1 + offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}` as Period;
}

/** The month before. */
export const previousPeriod = (p: Period): Period => addMonths(p, -1);

/** The period a date falls in, in UTC (the org's reporting calendar). */
export function periodOf(d: Date): Period {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}` as Period;
}

/** The period the cycle asks about at `now`: the month that just ended. */
export function lastEndedPeriod(now: Date): Period {
  return previousPeriod(periodOf(now));
}

/** [first instant, first instant of the next month), UTC. */
export function periodBounds(p: Period): [Date, Date] {
  const [y, m] = parts(p);
  return [new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 1))];
}

/** True when `d` (a date or YYYY-MM-DD) lies inside the period. */
export function isInPeriod(d: Date | string, p: Period): boolean {
  const t = typeof d === 'string' ? Date.parse(`${d}T00:00:00Z`) : d.getTime();
  const [from, to] = periodBounds(p);
  return t >= from.getTime() && t < to.getTime();
}

// Made once: `toLocaleString` builds a locale formatter on every call (a sixth of a saved card's bind).
const MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Labels made so far: a card names its month several times, and Intl formatting is the costly part of a label. */
const labels = new Map<Period, string>();

/** "October 2026". */
export function periodLabel(p: Period): string {
  let label = labels.get(p);
  if (label === undefined) {
    const [y, m] = parts(p);
    label = MONTH_YEAR.format(new Date(Date.UTC(y, m - 1, 1)));
    // Twenty years of months; a form can name any well-formed month, so the memory is bounded, not the months.
    if (labels.size >= 240) labels.clear();
    labels.set(p, label);
  }
  return label;
}
