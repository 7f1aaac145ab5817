import { formatScore } from '../domain/round1.ts';
import type { ClientElement } from './scorecard.ts';

/** The change in words: "up 0.5 since the round before", "unchanged since…"; empty when there is no round before. */
export function changeText(change: number | null): string {
  if (change === null) return '';
  if (change === 0) return 'unchanged since the round before';
  return `${change > 0 ? 'up' : 'down'} ${formatScore(Math.abs(change))} since the round before`;
}

/** The line the joint card and the shared channel's tab show for one element. */
export function clientElementLine(e: ClientElement): string {
  const change = changeText(e.change);
  return (
    `${e.element}: performance ${formatScore(e.performance)}` +
    `${e.target === null ? '' : ` (target ${formatScore(e.target)})`}${change ? `, ${change}` : ''}, ` +
    `importance ${formatScore(e.importance)} (${e.raters} raters)`
  );
}
