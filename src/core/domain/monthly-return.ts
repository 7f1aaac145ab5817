import type { Period } from './period.ts';
import type { ContactLevel } from './contact-level.ts';

/** Who has the ball for the next step (DOMAIN.md, measure 3). */
export const BALL_WITH = { us: 'Us', client: 'The client', joint: 'Joint', nobody: 'Nobody' } as const;
export type BallWith = keyof typeof BALL_WITH;

/** Risk signals the account manager can raise (DOMAIN.md, measure 4). */
export const RISK_FLAGS = {
  client_unresponsive: 'Client not responding',
  sponsor_left: 'Sponsor or key contact left',
  support_spike: 'Spike in support cases',
  competitor: 'Competitor activity',
  price_pressure: 'Price pressure',
  dissatisfaction: 'Dislike of the product or service',
} as const;
export type RiskFlag = keyof typeof RISK_FLAGS;

/** Kinds of key activity (DOMAIN.md, measure 3). */
export const ACTIVITY_TYPES = {
  milestone: 'Milestone',
  workshop: 'Workshop',
  executive_meeting: 'Executive meeting',
  renewal_step: 'Renewal step',
  other: 'Other',
} as const;
export type ActivityType = keyof typeof ACTIVITY_TYPES;

/**
 * A meeting in a return: prefilled from a Salesforce Event (sfEventId), found in the account manager's calendar
 * (calendarEventId), or added by the account manager.
 */
export interface ReturnMeetingEntry {
  sfEventId: string | null;
  /** The calendar event (Graph's id of the occurrence) it was found as, for a meeting Salesforce lacks. */
  calendarEventId?: string;
  /** A calendar meeting's contacts of the account who attended: whom the month's breadth counts it met. */
  contactIds?: string[];
  /**
   * A calendar meeting's start and end instants (ISO), and whether it is all-day: what its Salesforce Event says when
   * confirmed meetings are written back (`GRAPH_CALENDAR_WRITE_BACK`). Absent on rows saved before they were kept.
   */
  startsAt?: string;
  endsAt?: string;
  allDay?: boolean;
  date: string;
  subject: string;
  minutes: number;
  clientAttendees: number;
  ourAttendees: number;
  faceToFace: boolean;
  /**
   * For a meeting not face to face: whether it was a video call, which an organisation may admit
   * (`ADMIT_VIDEO_CALLS`), unlike an e-mail or a phone call. Absent: a video call (meetings the account manager logs
   * are meetings, and returns saved before this field counted every one so).
   */
  videoCall?: boolean;
  clientNames: string[];
  /** Why the prefill says what it says (a multi-day event's hours, a blank Type, a declined contact), for the form. */
  notes?: string[];
  /** The card action that logged it (`log meeting`), so that action delivered again adds nothing (`actionKeyOf`). */
  actionKey?: string;
}

/** What Salesforce said of a meeting: the figures a return counts from it. */
export interface SalesforceFigures {
  minutes: number;
  clientAttendees: number;
  faceToFace: boolean;
}

/** The Salesforce meetings a return kept: the ones its people met are counted from (breadth, DOMAIN.md measure 2). */
export function keptEventIds(meetings: readonly ReturnMeetingEntry[]): string[] {
  return meetings.map((m) => m.sfEventId).filter((id): id is string => id !== null);
}

/** The contacts the kept calendar meetings met (Salesforce's meetings name theirs in Salesforce). */
export function keptCalendarContacts(meetings: readonly ReturnMeetingEntry[]): string[] {
  return [...new Set(meetings.flatMap((m) => (m.calendarEventId ? (m.contactIds ?? []) : [])))];
}

/**
 * How many calendar meetings the form lists (about 0.9 KB each): 20 keep the card far under Teams' 80 KB beside 30
 * of Salesforce's and 30 logged; a month with more is rare, and the account manager adds any others by hand.
 */
export const CALENDAR_ROWS = 20;

/**
 * The most meetings `log meeting` keeps in one account's month before its check-in: more than one each working day.
 * Each becomes a row of the check-in form (about 0.65 KB): 30, beside 30 Salesforce meetings, keep the card near
 * 49 KB, under Teams' 80 KB, and within the rows the form reads back.
 */
export const MAX_LOGGED_MEETINGS = 30;

/**
 * How many of Salesforce's meetings the form lists as editable rows (about 0.8 KB each: 30 keep the card near
 * 27 KB, far under Teams' 80 KB, and the form quick to check); any beyond count as recorded in Salesforce.
 */
export const EDITABLE_MEETINGS = 30;

/** True when the account manager changed a Salesforce meeting's figures in the return. */
export function differsFromSalesforce(entry: ReturnMeetingEntry, salesforce: ReturnMeetingEntry): boolean {
  return (
    entry.minutes !== salesforce.minutes ||
    entry.clientAttendees !== salesforce.clientAttendees ||
    entry.faceToFace !== salesforce.faceToFace
  );
}

/** A key activity of the month. */
export interface KeyActivity {
  title: string;
  type: ActivityType;
  date: string;
}

/** The relationship stages (DOMAIN.md, measure 6): key accounts sit at 4 or 5. */
export const STAGES = {
  1: '1: transactional (selling, price, one contact)',
  2: '2: preferred supplier',
  3: '3: collaborative (several contacts and teams)',
  4: '4: key account (joint plan, multi-level)',
  5: '5: strategic partnership (boards, shared data and measures)',
} as const;
export type Stage = keyof typeof STAGES;

/** What an account manager reports for one key account and month. */
export interface ReturnAnswers {
  meetings: ReturnMeetingEntry[];
  noMeetings: boolean;
  keyActivities: KeyActivity[];
  ballWith: BallWith | null;
  riskFlags: RiskFlag[];
  nextStep: string | null;
  /** The account manager's own assessment, or null when not given. */
  stage: Stage | null;
  /** Evidence for the stage: a joint plan is in place (signed by both sides). */
  jointPlan: boolean;
  /** Evidence for the stage: measures are shared with the client. */
  sharedMeasures: boolean;
}

/** A stored return. */
export interface MonthlyReturn extends ReturnAnswers {
  period: Period;
  accountId: string;
  amSfUserId: string;
  status: 'draft' | 'submitted' | 'missing';
  clientManHours: number | null;
  ourManHours: number | null;
  submittedBy: string | null;
  submittedAt: Date | null;
  /**
   * The client contacts its meetings met, as counted at the save (null before it was saved, or when saved by an
   * older release): a saved month's breadth, whatever Salesforce does later.
   */
  peopleMet: { id: string; level: ContactLevel | null }[] | null;
  /**
   * What Salesforce said at the save of each meeting the form held, kept or not, by Event id (null for a draft, or
   * a return saved by an older release): the reopened form tells what changed since (`changesSinceSave`).
   */
  salesforceAtSave: Record<string, SalesforceFigures> | null;
}
