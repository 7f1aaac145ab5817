import { z } from 'zod';
import { DEFAULT_SCORING_SETTINGS, type ScoringSettings } from '../../core/scoring/settings.ts';
import type { FixTexts } from './config-error.ts';
import { booleanText, withDefault } from './env-values.ts';

/** Scoring and ratings: asset value economics, video calls, the support-case spike rule, the raters' floor. */
export const scoringEnv = {
  ADMIT_VIDEO_CALLS: withDefault(booleanText(), DEFAULT_SCORING_SETTINGS.admitVideoCalls ? 'true' : 'false'),
  MIN_RATERS: withDefault(z.coerce.number().int().min(2).max(50), 3),
  MARGIN_RATE: withDefault(z.coerce.number().min(0).max(1), DEFAULT_SCORING_SETTINGS.marginRate),
  DISCOUNT_RATE: withDefault(z.coerce.number().min(0).max(1), DEFAULT_SCORING_SETTINGS.discountRate),
  ASSET_VALUE_YEARS: withDefault(
    z.enum(['3', '5']).transform((v) => Number(v) as 3 | 5),
    DEFAULT_SCORING_SETTINGS.years === 5 ? '5' : '3',
  ),
  CASE_SPIKE_FACTOR: withDefault(z.coerce.number().min(1).max(20), DEFAULT_SCORING_SETTINGS.caseSpike.factor),
  CASE_SPIKE_MIN_CASES: withDefault(
    z.coerce.number().int().min(1).max(1000),
    DEFAULT_SCORING_SETTINGS.caseSpike.minimum,
  ),
};

/** The fix for each scoring and ratings setting. */
export const scoringFixes: FixTexts = {
  MARGIN_RATE: "use the expected margin on an account's revenue as a fraction, e.g. 0.25",
  DISCOUNT_RATE: 'use the yearly discount rate for customer asset value as a fraction, e.g. 0.08',
  ASSET_VALUE_YEARS: 'use 3 or 5: the years of margin the customer asset value counts',
  CASE_SPIKE_FACTOR:
    "use a number from 1 to 20: this week's support cases are a spike at this many times the trailing 8-week mean, e.g. 2",
  CASE_SPIKE_MIN_CASES: 'use a whole number from 1 to 1000: the fewest cases in a week that can be a spike, e.g. 3',
  MIN_RATERS:
    'use a whole number from 2 to 50: no client rating number is shown with fewer client raters than this (anonymity), e.g. 3',
  ADMIT_VIDEO_CALLS: 'use true to count video calls toward client man-hours, false to count face-to-face meetings only',
};

/** The scoring settings from parsed variables (nothing to cross-check). */
export function readScoringSettings(v: z.infer<z.ZodObject<typeof scoringEnv>>): ScoringSettings {
  return {
    marginRate: v.MARGIN_RATE,
    discountRate: v.DISCOUNT_RATE,
    years: v.ASSET_VALUE_YEARS,
    admitVideoCalls: v.ADMIT_VIDEO_CALLS,
    caseSpike: { factor: v.CASE_SPIKE_FACTOR, minimum: v.CASE_SPIKE_MIN_CASES },
    minRaters: v.MIN_RATERS,
  };
}
