import type { Database } from '../store/database.ts';
import { scorecardStore } from '../store/scorecard-store.ts';
import { returnsStore } from '../store/returns-store.ts';
import { previousPeriod, type Period } from '../domain/period.ts';
import { scoreAccount, type InternalScorecard } from '../scoring/scorecard.ts';
import type { ScoringSettings } from '../scoring/settings.ts';

/** What building a scorecard needs. */
export interface ScorecardDeps {
  db: Database;
  scoringSettings: ScoringSettings;
}

/**
 * Gathers one account's facts for a period from the stores and scores them (the scoring itself is pure).
 * Until rating rounds exist (a later issue) the ratings are null and the card says "no rating round yet".
 */
export async function buildScorecard(
  deps: ScorecardDeps,
  period: Period,
  accountId: string,
): Promise<InternalScorecard | undefined> {
  const facts = scorecardStore(deps.db);
  const returns = returnsStore(deps.db);
  const account = await facts.account(accountId);
  if (!account) return undefined;
  const [thisReturn, lastReturn] = await Promise.all([
    returns.getReturn(period, accountId),
    returns.getReturn(previousPeriod(period), accountId),
  ]);
  const submitted = thisReturn?.status === 'submitted' ? thisReturn : null;
  const kept = submitted ? submitted.meetings.map((m) => m.sfEventId).filter((id): id is string => id !== null) : null;
  const [hours, peopleMet, casesPerWeek, opportunities, sponsorLeft, total] = await Promise.all([
    facts.hoursByPeriod(accountId, period),
    facts.peopleMet(accountId, period, kept),
    facts.casesPerWeek(accountId, period),
    facts.openOpportunities(accountId),
    facts.sponsorLeft(accountId),
    facts.totalKeyAccountRevenue(),
  ]);
  return scoreAccount({
    period,
    account,
    totalKeyAccountRevenue: total,
    hours,
    thisReturn: thisReturn ?? null,
    lastReturn: lastReturn ?? null,
    peopleMet,
    casesPerWeek,
    ratings: null,
    opportunities,
    sponsorLeft,
    stageAssessment: {
      stage: submitted?.stage ?? null,
      jointPlan: submitted?.jointPlan ?? false,
      sharedMeasures: submitted?.sharedMeasures ?? false,
    },
    scoringSettings: deps.scoringSettings,
  });
}
