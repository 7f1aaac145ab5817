import type { Explained } from './explained.ts';
import { DEFAULT_SCORING_SETTINGS, type ScoringSettings } from './settings.ts';

/** Support cases per week, oldest first; the last entry is this week (DOMAIN.md, measure 4). */
export type WeeklyCases = readonly number[];

/** A spike: this week's cases against the mean of the trailing eight weeks. */
export interface CaseSpike {
  thisWeek: number;
  trailingMean: number;
  spike: boolean;
}

/**
 * This week is a spike when it has at least `factor` times the trailing 8-week mean and at least `minimum` cases
 * (so 1 case after a quiet quarter is not a spike). The rule is a setting (CASE_SPIKE_FACTOR, CASE_SPIKE_MIN_CASES).
 */
export function caseSpike(
  weeks: WeeklyCases,
  rule: ScoringSettings['caseSpike'] = DEFAULT_SCORING_SETTINGS.caseSpike,
): Explained<CaseSpike> {
  const { factor, minimum } = rule;
  const thisWeek = weeks.at(-1) ?? 0;
  const trailing = weeks.slice(-9, -1);
  const trailingMean = trailing.length ? trailing.reduce((a, b) => a + b, 0) / trailing.length : 0;
  const spike = thisWeek >= minimum && thisWeek >= factor * trailingMean;
  return {
    value: { thisWeek, trailingMean: Math.round(trailingMean * 100) / 100, spike },
    why: [
      `${thisWeek} case${thisWeek === 1 ? '' : 's'} this week against a mean of ${trailingMean.toFixed(2)} ` +
        `over the previous ${trailing.length} ` +
        `week${trailing.length === 1 ? '' : 's'}${spike ? `: a spike (at least ${factor}x and ${minimum} cases)` : ''}.`,
    ],
  };
}
