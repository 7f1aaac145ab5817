import { actionMeasures, type ActionFact, type ActionMeasures, type IrritantFact } from './action-measures.ts';
import type { MonthlyReturn, KeyActivity, BallWith, RiskFlag } from '../domain/monthly-return.ts';
import { addMonths, type Period } from '../domain/period.ts';
import { developingVerdict } from '../domain/man-hours.ts';
import { clientHoursTrend, type ClientHoursTrend, type HoursByPeriod } from './client-hours-trend.ts';
import { breadth, type Breadth, type PersonMet } from './breadth.ts';
import { caseSpike, type CaseSpike, type WeeklyCases } from './case-spike.ts';
import { round1 } from '../domain/round1.ts';
import { elementScores, perceptionGaps, performanceIndex, prioritiesForAction, type Rating } from './ratings.ts';
import { stake, type OpenOpportunity, type Stake } from './stake.ts';
import { overallStatus, type OverallStatus } from './overall-status.ts';
import type { ScoringSettings } from './settings.ts';
import { meetingBreakdown } from './meeting-breakdown.ts';
import { responseRate, type ResponseRate } from './response-rate.ts';

/** Everything one account's scorecard is computed from: plain data, so every number traces to an input. */
export interface ScorecardInput {
  period: Period;
  account: { id: string; name: string; annualRevenue: number | null };
  totalKeyAccountRevenue: number;
  hours: HoursByPeriod;
  thisReturn: MonthlyReturn | null;
  lastReturn: MonthlyReturn | null;
  peopleMet: readonly PersonMet[];
  casesPerWeek: WeeklyCases;
  /**
   * The latest closed rating round, or null before the first one. The caller has applied the anonymity threshold
   * (`anonymous` in round-results): client ratings of elements with too few raters are already gone.
   */
  ratings: readonly Rating[] | null;
  /** Which closed round `ratings` come from (null before the first one). */
  ratingsRound?: RatingsRound | null;
  /**
   * Per element, the client ratings of the latest earlier closed round with client numbers for it (threshold
   * applied): each element's change since then is what the actions between the two rounds achieved (issue 27,
   * item 4). Empty or null before a second such round.
   */
  previousRatings?: readonly Rating[] | null;
  /** The latest closed round (whatever its responses): its client raters and the channel's client members then. */
  lastRound?: { closedOn: string; clientRaters: number; clientMembers: number | null } | null;
  /** The targets both sides agreed for that round, by element name (DOMAIN.md, rule 8). */
  targets?: ReadonlyMap<string, number>;
  /** The irritant backlog both sides see (title, element, status; never who raised it). */
  irritants?: readonly BacklogItem[];
  /** The action plan and the irritants' dates, as of the scorecard's last day (or today in a month still open). */
  actionPlan?: { actions: readonly ActionFact[]; irritants: readonly IrritantFact[]; asOf: string };
  opportunities: readonly OpenOpportunity[];
  /** The org's currency (ISO code) every amount above is in; null before a sync has read it. */
  currency: string | null;
  sponsorLeft: boolean;
  stageAssessment: { stage: 1 | 2 | 3 | 4 | 5 | null; jointPlan: boolean; sharedMeasures: boolean };
  scoringSettings: ScoringSettings;
}

/**
 * The round a scorecard's ratings come from: the latest closed round with client numbers (at least MIN_RATERS
 * client raters on some element), so a later round with too few responses does not erase what it established.
 */
export interface RatingsRound {
  /** The day it closed (YYYY-MM-DD, UTC). */
  closedOn: string;
  /** Rounds closed after it whose client responses were too few for any number. */
  laterRoundsWithTooFew: number;
  /** What every surface says about it, e.g. "From the rating round closed on 2026-10-15." */
  text: string;
}

/** The sentence every surface shows under a scorecard's ratings: which round they come from, and why that one. */
export function ratingsRoundText(closedOn: string, laterRoundsWithTooFew: number): string {
  const later =
    laterRoundsWithTooFew === 0
      ? ''
      : ` ${laterRoundsWithTooFew === 1 ? 'The round closed after it' : `The ${laterRoundsWithTooFew} rounds closed after it`} ` +
        'had too few client responses for any number, so these figures still stand.';
  return `From the rating round closed on ${closedOn}.${later}`;
}

/** The client's averages of one element, its agreed target and its change since the round before (both sides see it). */
export interface ClientElement {
  element: string;
  performance: number;
  importance: number;
  raters: number;
  target: number | null;
  /** Performance now minus in the round with client numbers before (the actions between them); null when unknown. */
  change: number | null;
}

/** An irritant on the backlog, as both sides see it. */
export interface BacklogItem {
  title: string;
  element: string | null;
  status: 'open' | 'in_progress' | 'fixed';
  raisedBy: 'client' | 'internal';
}

/** The internal scorecard: everything, for the account's internal channel and leadership. */
export interface InternalScorecard {
  period: Period;
  accountId: string;
  accountName: string;
  hours: ClientHoursTrend;
  trend: { period: Period; hours: number | null }[];
  verdictText: string;
  ourManHours: number | null;
  breadth: Breadth;
  keyActivities: KeyActivity[];
  keyActivitiesLastMonth: number | null;
  ballWith: BallWith | null;
  riskFlags: RiskFlag[];
  nextStep: string | null;
  caseSpike: CaseSpike;
  ratings: {
    performanceIndex: number | null;
    gaps: { element: string; internal: number; client: number; gap: number }[];
    priorities: { element: string; importance: number; performance: number; score: number }[];
    /**
     * The client's averages per element (only elements with enough raters reach here), the agreed target, and the
     * change in performance since the round before (null without client numbers for it then).
     */
    clientAggregates: ClientElement[];
    round: RatingsRound | null;
  } | null;
  irritants: BacklogItem[];
  /** The action loop's measures (internal: overdue actions are a risk the account team sees); null without a plan. */
  actionPlan: ActionMeasures | null;
  /** The latest closed round's response rate (internal: the account team's measure); null before any round. */
  responseRate: ResponseRate | null;
  stake: Stake;
  stage: { stage: number | null; evidence: string[] };
  status: OverallStatus;
  dataComplete: boolean;
  why: Record<string, string[]>;
}

/** The client-safe part: what the client may see in the shared channel. A separate type, built field by field. */
export interface ClientSafeScorecard {
  period: Period;
  accountName: string;
  clientManHours: number | null;
  lastMonthClientManHours: number | null;
  verdictText: string;
  trend: { period: Period; hours: number | null }[];
  peopleMet: number;
  levelsReached: string[];
  keyActivities: KeyActivity[];
  ballWith: BallWith | null;
  clientRatings: {
    performanceIndex: number | null;
    /** The client's own averages per element (never an internal rating, never one person's answer). */
    elements: ClientElement[];
    priorities: { element: string; importance: number; performance: number }[];
    round: RatingsRound | null;
  } | null;
  irritants: { title: string; element: string | null; status: BacklogItem['status'] }[];
}

/** Scores one account for one period; pure. */
export function scoreAccount(input: ScorecardInput): InternalScorecard {
  const hours = clientHoursTrend(input.hours, input.period);
  const met = breadth(
    input.peopleMet,
    // Meetings added by hand name nobody; a calendar meeting's contacts are among the people met.
    (input.thisReturn?.meetings ?? [])
      .filter((m) => !m.sfEventId && !m.calendarEventId)
      .reduce((n, m) => n + m.clientAttendees, 0),
  );
  const spike = caseSpike(input.casesPerWeek, input.scoringSettings.caseSpike);
  const ratings = input.ratings?.length ? input.ratings : null;
  const gaps = ratings ? perceptionGaps(ratings) : null;
  const index = ratings ? performanceIndex(ratings) : null;
  const priorities = ratings ? prioritiesForAction(ratings) : null;
  const before = new Map(elementScores(input.previousRatings ?? [], 'client').map((e) => [e.element, e.performance]));
  const plan = input.actionPlan
    ? actionMeasures(
        input.actionPlan.actions,
        input.actionPlan.irritants,
        (priorities?.value ?? []).map((p) => p.element),
        input.actionPlan.asOf,
      )
    : null;
  const money = stake({
    annualRevenue: input.account.annualRevenue,
    totalKeyAccountRevenue: input.totalKeyAccountRevenue,
    opportunities: input.opportunities,
    marginRate: input.scoringSettings.marginRate,
    discountRate: input.scoringSettings.discountRate,
    years: input.scoringSettings.years,
    currency: input.currency,
  });
  const riskFlags = input.thisReturn?.status === 'submitted' ? input.thisReturn.riskFlags : [];
  const status = overallStatus({
    trend: hours.value,
    riskFlags,
    sponsorLeft: input.sponsorLeft || riskFlags.includes('sponsor_left'),
    caseSpike: spike.value.spike,
    largestPerceptionGap: gaps?.value[0]?.gap ?? null,
  });
  const evidence = [
    `Contact levels reached: ${met.value.levels.length} of 3.`,
    input.stageAssessment.jointPlan ? 'A joint plan is in place.' : 'No joint plan yet.',
    input.stageAssessment.sharedMeasures ? 'Measures are shared with the client.' : 'No shared measures yet.',
  ];
  const submitted = input.thisReturn?.status === 'submitted' ? input.thisReturn : null;
  return {
    period: input.period,
    accountId: input.account.id,
    accountName: input.account.name,
    hours: hours.value,
    trend: [5, 4, 3, 2, 1, 0].map((back) => {
      const p = addMonths(input.period, -back);
      return { period: p, hours: input.hours.get(p) ?? null };
    }),
    verdictText: developingVerdict(hours.value.thisMonth, hours.value.lastMonth).text,
    ourManHours: submitted?.ourManHours ?? null,
    breadth: met.value,
    keyActivities: submitted?.keyActivities ?? [],
    keyActivitiesLastMonth: input.lastReturn?.status === 'submitted' ? input.lastReturn.keyActivities.length : null,
    ballWith: submitted?.ballWith ?? null,
    riskFlags,
    nextStep: submitted?.nextStep ?? null,
    caseSpike: spike.value,
    ratings: ratings
      ? {
          performanceIndex: index!.value,
          gaps: gaps!.value,
          priorities: priorities!.value,
          clientAggregates: elementScores(ratings, 'client').map((e) => {
            const then = before.get(e.element);
            return {
              element: e.element,
              performance: round1(e.performance),
              importance: round1(e.importance),
              raters: e.raters,
              target: input.targets?.get(e.element) ?? null,
              // The difference of the two numbers shown, as a perception gap is.
              change: then === undefined ? null : round1(round1(e.performance) - round1(then)),
            };
          }),
          round: input.ratingsRound ?? null,
        }
      : null,
    irritants: (input.irritants ?? []).map((i) => ({ ...i })),
    actionPlan: plan?.value ?? null,
    responseRate: input.lastRound
      ? responseRate(input.lastRound.closedOn, input.lastRound.clientRaters, input.lastRound.clientMembers)
      : null,
    stake: money.value,
    stage: { stage: input.stageAssessment.stage, evidence },
    status: status.value,
    dataComplete: submitted !== null,
    why: {
      hours: [
        ...hours.why,
        ...(submitted ? meetingBreakdown(submitted.meetings, input.scoringSettings.admitVideoCalls) : []),
      ],
      breadth: met.why,
      cases: spike.why,
      status: status.why,
      stake: money.why,
      ...(index ? { performanceIndex: index.why } : {}),
      ...(gaps ? { gaps: gaps.why } : {}),
      ...(priorities ? { priorities: priorities.why } : {}),
      ...(plan ? { actionPlan: plan.why } : {}),
    },
  };
}

/**
 * The client-safe view, copied field by field from the internal one: no revenue, asset value, status, risk
 * flags, notes or next steps, case counts, or internal ratings. Adding a field here is a decision, not an accident.
 */
export function clientSafe(s: InternalScorecard): ClientSafeScorecard {
  return {
    period: s.period,
    accountName: s.accountName,
    clientManHours: s.hours.thisMonth,
    lastMonthClientManHours: s.hours.lastMonth,
    verdictText: s.verdictText,
    trend: s.trend.map((t) => ({ period: t.period, hours: t.hours })),
    peopleMet: s.breadth.people,
    levelsReached: [...s.breadth.levels],
    keyActivities: s.keyActivities.map((a) => ({ title: a.title, type: a.type, date: a.date })),
    ballWith: s.ballWith,
    clientRatings: s.ratings
      ? {
          performanceIndex: s.ratings.performanceIndex,
          elements: s.ratings.clientAggregates.map((e) => ({
            element: e.element,
            performance: e.performance,
            importance: e.importance,
            raters: e.raters,
            // Agreed by both sides in the shared channel: a joint figure.
            target: e.target,
            // The client's own averages of two rounds: theirs to see.
            change: e.change,
          })),
          priorities: s.ratings.priorities.map((p) => ({
            element: p.element,
            importance: p.importance,
            performance: p.performance,
          })),
          round: s.ratings.round && { ...s.ratings.round },
        }
      : null,
    irritants: s.irritants.map((i) => ({ title: i.title, element: i.element, status: i.status })),
  };
}
