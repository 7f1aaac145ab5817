/** The organisation's scoring settings (DOMAIN.md): customer asset value settings and the support-case spike rule. */
export interface ScoringSettings {
  /** Expected margin on an account's annual revenue, as a fraction (measure 7). */
  marginRate: number;
  /** Yearly discount rate for the customer asset value, as a fraction. */
  discountRate: number;
  /** Years of margin the customer asset value counts. */
  years: 3 | 5;
  /** Video calls count toward client man-hours too (DOMAIN.md, measure 1: a per-organisation setting). */
  admitVideoCalls: boolean;
  /** This week's cases are a spike at `factor` times the trailing 8-week mean and at least `minimum` cases (measure 4). */
  caseSpike: { factor: number; minimum: number };
  /** Client ratings: no client number is shown with fewer client raters than this (measure 5; MIN_RATERS, default 3). */
  minRaters?: number;
}

/** The anonymity threshold of client ratings: the setting, or 3. */
export function minRatersOf(settings: Pick<ScoringSettings, 'minRaters'>): number {
  return settings.minRaters ?? 3;
}

/** The defaults the settings document: 25% margin, 8% discount, 3 years; face-to-face only; a spike is 2x the mean and 3+ cases. */
export const DEFAULT_SCORING_SETTINGS: ScoringSettings = {
  marginRate: 0.25,
  discountRate: 0.08,
  years: 3,
  admitVideoCalls: false,
  caseSpike: { factor: 2, minimum: 3 },
  minRaters: 3,
};
