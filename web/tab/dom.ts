import { formatMoney } from '../../src/core/domain/money.ts';
/** Attributes and properties for `h`; `on*` functions become listeners. */
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/** Builds an element from data without ever parsing it as HTML (names and comments come from users). */
export function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | null | undefined | false)[]) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'className') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** "March 2026" (or "Mar 2026", short) from "2026-03": never a two-digit year, which reads as a day. */
export function monthLabel(period: string, style: 'long' | 'short' = 'long'): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString(document.documentElement.lang || 'en-GB', {
    month: style,
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * A chart's month axis: each month over its year ("Dec" over "2025"). The chart shows the year under the first
 * month it labels and wherever the year changes (`shownYears`), so labels stay short on a phone and no year is ever
 * cut to "Dec 20…" or read as a day ("Dec 25").
 */
export function axisMonthLabels(periods: readonly string[]): string[] {
  return periods.map((p) => `${monthLabel(p, 'short').replace(/\s*\d{4}$/, '')}\n${p.slice(0, 4)}`);
}

/** A rating round's label: its close month, or its close day where two rounds closed in one month (`2026-11-02`). */
export function roundLabel(round: string): string {
  const [y, m, d] = round.split('-').map(Number) as [number, number, number | undefined];
  if (d === undefined) return monthLabel(round, 'short');
  return new Date(Date.UTC(y, m - 1, d)).toLocaleString(document.documentElement.lang || 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Hours with one decimal, or a dash for no data (never a zero that was not reported). */
export const hours = (n: number | null): string => (n === null ? '–' : n.toFixed(1));

/** A money amount as every other surface shows it ("EUR 1,555,000", `formatMoney`), or a dash. */
export const money = (n: number | null, currency: string | null): string =>
  n === null ? '–' : formatMoney(n, currency);
