import type { Period } from '../../core/domain/period.ts';
import type { BacklogItem, ClientSafeScorecard } from '../../core/scoring/scorecard.ts';
import type { OverallStatus } from '../../core/scoring/overall-status.ts';
import type { BallWith, KeyActivity } from '../../core/domain/monthly-return.ts';
import type { ActionMeasures } from '../../core/scoring/action-measures.ts';
import type { ActionFormView, PlanAction, PlanRowView } from '../../core/domain/action-plan.ts';
import type { ResponseRate } from '../../core/scoring/response-rate.ts';

/** One row of "My accounts": what the portfolio table sorts by. */
export interface PortfolioRow {
  accountId: string;
  accountName: string;
  ownerName: string | null;
  status: OverallStatus;
  /** This month's client man-hours minus last month's; null when either month has no return. */
  clientHoursChange: number | null;
  clientHours: number | null;
  /** The largest perception gap (internal minus client) of the latest rating round; null before any round. */
  perceptionGap: number | null;
  /** Customer asset value (NPV of expected margin); null when Salesforce has no annual revenue. */
  revenueAtStake: number | null;
  /** The ISO code `revenueAtStake` is in (the org's currency); null before a sync has read it. */
  currency: string | null;
  lastReturn: Period | null;
  /** Actions of the account's plan past their due date, as its scorecard counts them; null without a plan. */
  overdueActions: number | null;
  /** The latest closed round's client response rate (%), as its scorecard has it; null before any or not read. */
  responseRate: number | null;
}

/** The personal tab: the signed-in user's key accounts (a leader's include their team's). */
export interface PortfolioView {
  period: Period;
  viewerName: string;
  rows: PortfolioRow[];
}

/** One month of an account's history. Months without a return are gaps (null), never zero. */
export interface HistoryMonth {
  period: Period;
  /** submitted, missing (recorded at close), draft (not yet sent), or none (no return row at all). */
  returnStatus: 'submitted' | 'missing' | 'draft' | 'none';
  clientManHours: number | null;
  ourManHours: number | null;
  /** More client man-hours than the month before (both with returns); null when it cannot be said. */
  developing: boolean | null;
  peopleMet: number;
  levelsReached: number;
}

/** The internal account view: twelve months of history and the latest scorecard's context. */
export interface AccountHistoryView {
  period: Period;
  accountId: string;
  accountName: string;
  ownerName: string | null;
  status: OverallStatus;
  verdictText: string;
  months: HistoryMonth[];
  keyActivities: (KeyActivity & { period: Period })[];
  ballWith: BallWith | null;
  /** Ratings per element across rounds, client against internal; empty before the first round. */
  ratingRounds: {
    round: string;
    /** Per element: the client's and our performance, the gap, and the target both sides agreed for the round. */
    elements: { element: string; client: number; internal: number; gap: number; target: number | null }[];
    /** Client members who rated, of the shared channel's at the close. */
    responseRate: ResponseRate;
  }[];
  /** The irritant backlog both sides see and update (from the rounds' comments), without who raised each. */
  irritants: Pick<BacklogItem, 'title' | 'element' | 'status' | 'raisedBy'>[];
  /** The action plan, joint and internal (the account team's view), and its measures as of today (`asOf`). */
  actionPlan: {
    asOf: string;
    measures: ActionMeasures | null;
    actions: (Pick<PlanAction, 'title' | 'element' | 'ownerName' | 'ownerSide' | 'dueOn' | 'status' | 'visibility'> & {
      overdue: boolean;
    })[];
  };
  stage: { stage: number | null; label: string; evidence: string[] };
  /** A link to the account in Salesforce; null for the demo org, which has no user interface. */
  salesforceUrl: string | null;
}

/** A channel's action plan in the tab: what the viewer's place may list, the form for their side, what an add did. */
export interface TabPlanView {
  actions: PlanRowView[];
  form: ActionFormView;
  /** The sentence an add answered with; null when the plan was only read. */
  result: string | null;
}

/** The shared channel's view: the client-safe joint scorecard, and nothing else. */
export interface JointView {
  scorecard: ClientSafeScorecard;
}

/**
 * The shared channel's rating form for the person asking: the open round, its elements, and their own saved answers
 * only (never anyone else's, never an aggregate); the side is what the server decided from the roster.
 */
export interface TabRatingView {
  accountName: string;
  side: 'client' | 'internal';
  /** The comment box's label (the account team is told the client sees its comment). */
  commentLabel: string;
  round: { id: string; closesAt: string };
  elements: { id: string; name: string; level: string }[];
  saved: {
    answers: { elementId: string; performance: number; importance: number }[];
    comment: string | null;
    commentElementId: string | null;
  } | null;
  /** No client number is shown with fewer client raters than this (the form says so). */
  minRaters: number;
  /** "You said, we did": what was done since the last round, by element, as this channel may show it. */
  done: { element: string; lines: string[] }[];
}

/** The rating form's answer when no round is open: nothing to rate, and why. */
export interface NoOpenRound {
  round: null;
  message: string;
}

/** What the configuration page binds a channel tab to. */
export type ChannelBinding =
  | { kind: 'account'; accountId: string; accountName: string }
  | { kind: 'shared'; accountName: string };

/** The body of every refusal the tab API sends: the page shows `message`. */
export interface TabErrorBody {
  error: { code: string; message: string };
}
