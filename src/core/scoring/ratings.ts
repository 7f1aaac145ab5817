import type { Explained } from './explained.ts';
import { round1 } from '../domain/round1.ts';

/** One rater's scores of one element (DOMAIN.md, measure 5): performance 1 worst..5 ideal, importance 1..5. */
export interface Rating {
  element: string;
  raterId: string;
  side: 'client' | 'internal';
  performance: number;
  importance: number;
  comment?: string | null;
}

/** The average scores of one element on one side. */
interface ElementScore {
  element: string;
  performance: number;
  importance: number;
  raters: number;
}

/** Averages per element for one side, elements in first-seen order. */
export function elementScores(ratings: readonly Rating[], side: Rating['side']): ElementScore[] {
  const by = new Map<string, Rating[]>();
  for (const r of ratings.filter((x) => x.side === side)) by.set(r.element, [...(by.get(r.element) ?? []), r]);
  return [...by].map(([element, rs]) => ({
    element,
    performance: rs.reduce((s, r) => s + r.performance, 0) / rs.length,
    importance: rs.reduce((s, r) => s + r.importance, 0) / rs.length,
    raters: rs.length,
  }));
}

/** The client's importance-weighted performance, mapped from 1..5 onto 0..100. */
export function performanceIndex(ratings: readonly Rating[]): Explained<number | null> {
  const scores = elementScores(ratings, 'client');
  const weight = scores.reduce((s, e) => s + e.importance, 0);
  if (!scores.length || weight === 0) return { value: null, why: ['No client ratings yet: no index.'] };
  const weighted = scores.reduce((s, e) => s + e.importance * e.performance, 0) / weight;
  const index = round1(((weighted - 1) / 4) * 100);
  return {
    value: index,
    why: [
      `Importance-weighted client performance ${weighted.toFixed(2)} of 5 over ${scores.length} element${scores.length === 1 ? '' : 's'}: ${index} of 100.`,
    ],
  };
}

/**
 * Internal minus client performance per element rated by both sides; a large positive gap is the warning sign.
 * Each average is shown to one decimal, and the gap is the difference of the two numbers shown (never "we 4.5,
 * client 1.8, gap +2.8"); the order follows the unrounded averages.
 */
export function perceptionGaps(
  ratings: readonly Rating[],
): Explained<{ element: string; internal: number; client: number; gap: number }[]> {
  const client = new Map(elementScores(ratings, 'client').map((e) => [e.element, e]));
  const gaps = elementScores(ratings, 'internal')
    .filter((e) => client.has(e.element))
    .map((e) => {
      const theirs = client.get(e.element)!.performance;
      const shown = { internal: round1(e.performance), client: round1(theirs) };
      return {
        element: e.element,
        ...shown,
        gap: round1(shown.internal - shown.client),
        exact: e.performance - theirs,
      };
    })
    .sort((a, b) => b.exact - a.exact)
    .map(({ exact: _, ...g }) => g);
  return {
    value: gaps,
    why: gaps
      .slice(0, 3)
      .map((g) => `${g.element}: we rate ${g.internal}, the client ${g.client} (gap ${g.gap > 0 ? '+' : ''}${g.gap}).`),
  };
}

/** How many priorities for action a round gives: the same list on its results card, every scorecard and the tab. */
const PRIORITIES_FOR_ACTION = 3;

/** Priorities for action: high importance and low performance first (importance x shortfall from 5). */
export function prioritiesForAction(
  ratings: readonly Rating[],
): Explained<{ element: string; importance: number; performance: number; score: number }[]> {
  const ranked = elementScores(ratings, 'client')
    .map((e) => ({
      element: e.element,
      importance: round1(e.importance),
      performance: round1(e.performance),
      score: round1(e.importance * (5 - e.performance)),
    }))
    .filter((e) => e.score > 0)
    .sort((a, b) => b.score - a.score || b.importance - a.importance || a.element.localeCompare(b.element))
    .slice(0, PRIORITIES_FOR_ACTION);
  return {
    value: ranked,
    why: ranked.map(
      (e) => `${e.element}: importance ${e.importance}, performance ${e.performance} (priority ${e.score}).`,
    ),
  };
}
