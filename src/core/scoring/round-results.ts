import { round1 } from '../domain/round1.ts';
import { elementScores, perceptionGaps, performanceIndex, prioritiesForAction, type Rating } from './ratings.ts';

/** The level an element matters at (DOMAIN.md, measure 5: both teams agree what matters most at each level). */
export type ElementLevel = 'executive' | 'management' | 'operational';

/** The elements every account starts with (DOMAIN.md, measure 5), each tagged with its level; the team edits them. */
export const DEFAULT_ELEMENTS: readonly { name: string; level: ElementLevel }[] = [
  { name: 'Strategic alignment', level: 'executive' },
  { name: 'Understanding of our business', level: 'management' },
  { name: 'Cost and efficiency', level: 'management' },
  { name: 'Communication', level: 'management' },
  { name: 'Responsiveness', level: 'operational' },
  { name: 'Quality of delivery', level: 'operational' },
];

/** One element's client averages, shown only with enough raters. */
interface ClientAggregate {
  element: string;
  performance: number;
  importance: number;
  raters: number;
}

/** What a round gives, with every client number already past the anonymity threshold. */
interface RoundResults {
  clientRaters: number;
  internalRaters: number;
  /** False below MIN_RATERS client raters: then no client number (and no gap or priority) exists at all. */
  enough: boolean;
  client: ClientAggregate[];
  internal: ClientAggregate[];
  performanceIndex: number | null;
  gaps: { element: string; internal: number; client: number; gap: number }[];
  priorities: { element: string; importance: number; performance: number; score: number }[];
  why: Record<string, string[]>;
}

/**
 * Drops the client ratings of every element fewer than `minRaters` client raters scored, so no average can be
 * traced back to one person; internal ratings are kept (they are ours, and never shown to the client).
 */
export function anonymous(ratings: readonly Rating[], minRaters: number): Rating[] {
  const enough = new Set(
    elementScores(ratings, 'client')
      .filter((e) => e.raters >= minRaters)
      .map((e) => e.element),
  );
  return ratings.filter((r) => r.side === 'internal' || enough.has(r.element));
}

const rounded = (e: ClientAggregate): ClientAggregate => ({
  element: e.element,
  performance: round1(e.performance),
  importance: round1(e.importance),
  raters: e.raters,
});

/** Scores a round with the scoring core, after the anonymity threshold; pure. */
export function roundResults(ratings: readonly Rating[], minRaters: number): RoundResults {
  const count = (side: Rating['side']) => new Set(ratings.filter((r) => r.side === side).map((r) => r.raterId)).size;
  const clientRaters = count('client');
  const kept = anonymous(ratings, minRaters);
  const enough = clientRaters >= minRaters && kept.some((r) => r.side === 'client');
  const usable = enough ? kept : kept.filter((r) => r.side === 'internal');
  const index = enough ? performanceIndex(usable) : { value: null, why: ['Not enough client responses yet.'] };
  const gaps = perceptionGaps(usable);
  const priorities = prioritiesForAction(usable);
  return {
    clientRaters,
    internalRaters: count('internal'),
    enough,
    client: enough ? elementScores(usable, 'client').map(rounded) : [],
    internal: elementScores(usable, 'internal').map(rounded),
    performanceIndex: index.value,
    gaps: gaps.value,
    priorities: priorities.value,
    why: { performanceIndex: index.why, gaps: gaps.why, priorities: priorities.why },
  };
}
