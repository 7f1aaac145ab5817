import { cardAttachment } from './render-card.ts';
import { VERBS } from './verbs.ts';
import {
  ACTIVITY_TYPES,
  BALL_WITH,
  RISK_FLAGS,
  STAGES,
  type MonthlyReturn,
  type ReturnMeetingEntry,
} from '../../core/domain/monthly-return.ts';
import { periodBounds, periodLabel, type Period } from '../../core/domain/period.ts';
import { EDITABLE_MEETINGS } from '../../core/domain/monthly-return.ts';
import { plainName, plainText } from '../../core/domain/plain-text.ts';

const choices = (o: Record<string, string>) => Object.entries(o).map(([value, title]) => ({ title, value }));

/** One account on the list card. */
interface PromptAccount {
  id: string;
  name: string;
  status: 'pending' | 'submitted' | 'missing';
  verdictText: string | null;
}

/** The list card an account manager gets each month: their key accounts and where each return stands. */
export function promptCard(period: Period, accounts: readonly PromptAccount[], closed: boolean) {
  return cardAttachment('monthly-prompt', {
    verbs: VERBS,
    periodLabel: periodLabel(period),
    intro: closed
      ? `${periodLabel(period)} is closed; your returns are read-only.`
      : `How did ${periodLabel(period)} go with your key accounts? Each return is prefilled from Salesforce and takes about two minutes.`,
    accounts: accounts.map((a) => ({
      period,
      accountId: a.id,
      name: plainName(a.name),
      statusText:
        a.status === 'submitted'
          ? `Answered: ${a.verdictText ?? ''}`
          : a.status === 'missing'
            ? 'No return (closed)'
            : 'Waiting for your return',
      // Full colours, never subtle: Teams' subtle Good and Warning are about 2:1 on white (WCAG asks 4.5:1), and
      // its Warning yellow is as faint even at full strength, so a pending return is in the default colour.
      statusColor: a.status === 'submitted' ? 'Good' : a.status === 'missing' ? 'Attention' : 'Default',
      actionTitle: a.status === 'submitted' || closed ? 'View' : 'Answer',
    })),
    footnote: closed ? 'Returns were written back to Salesforce.' : 'You can edit a return until the month closes.',
  });
}

/** Values shown in the form: the saved or prefilled answers, or what was typed when it came back with errors. */
export interface FormValues {
  /** Salesforce's meetings: kept or not, and `edited` when the account manager changed their figures. */
  meetings: (ReturnMeetingEntry & { keep: boolean; edited?: boolean })[];
  /** Meetings found in the account manager's calendar that Salesforce lacks: counted unless unticked. */
  calendarMeetings: (ReturnMeetingEntry & { keep: boolean })[];
  /** Calendar meetings found past the rows listed (CALENDAR_ROWS): not counted, and the form says so. */
  calendarMore?: number;
  extraMeetings: { date: string; minutes: number | null; clients: number | null; faceToFace: boolean }[];
  noMeetings: boolean;
  activities: { title: string; type: string; date: string }[];
  ballWith: string;
  riskFlags: string[];
  nextStep: string;
  stage: string;
  jointPlan: boolean;
  sharedMeasures: boolean;
}

/** Field errors, keyed by input id (`m0`, `n1`, `a0`, `ballWith`, `nextStep`, `general`). */
export type FormErrors = Record<string, string>;

/** The two-minute form for one account. */
export function returnFormCard(input: {
  period: Period;
  accountId: string;
  accountName: string;
  verdictText: string;
  values: FormValues;
  errors?: FormErrors;
  /** What Salesforce changed since the return was saved, and whether the form offers to take it. */
  salesforceChanges?: { text: string; canTake: boolean };
}) {
  const { period, values } = input;
  const errors = input.errors ?? {};
  const [from, to] = periodBounds(period);
  const last = new Date(to.getTime() - 86_400_000).toISOString().slice(0, 10);
  // Teams refuses a card over its size limit: past EDITABLE_MEETINGS rows, Salesforce's meetings count as recorded.
  // Rows the account manager excluded or changed are always editable, so the summary never hides an answer.
  const pinned = values.meetings.map((m, i) => (!m.keep || m.edited ? i : -1)).filter((i) => i >= 0);
  const rest = values.meetings.map((_, i) => i).filter((i) => !pinned.includes(i));
  const rows = new Set([...pinned, ...rest.slice(0, Math.max(0, EDITABLE_MEETINGS - pinned.length))]);
  const editable = values.meetings.filter((_, i) => rows.has(i));
  const fixed = values.meetings.filter((_, i) => !rows.has(i));
  return cardAttachment('monthly-return-form', {
    verbs: VERBS,
    period,
    periodLabel: periodLabel(period),
    accountId: input.accountId,
    accountName: plainName(input.accountName),
    verdictText: input.verdictText,
    generalError: errors.general ?? '',
    salesforceNotice: input.salesforceChanges?.text ?? '',
    canTake: input.salesforceChanges?.canTake ?? false,
    minDate: from.toISOString().slice(0, 10),
    maxDate: last,
    eventIds: editable.map((m) => m.sfEventId).join(','),
    fixedEventIds: fixed.map((m) => m.sfEventId).join(','),
    fixedCount: fixed.length,
    fixedText:
      `${fixed.length} more meeting${fixed.length === 1 ? '' : 's'} from Salesforce ` +
      `(${fixed[0]?.date ?? ''} to ${fixed.at(-1)?.date ?? ''}) count as recorded there. To correct one, ` +
      `correct it in Salesforce.`,
    meetings: editable.map((m, idx) => ({
      idx,
      date: m.date,
      // The prefill's reasons (a two-day workshop's hours, a blank Type, a declined contact) ride in the title.
      subject: [plainName(m.subject) || 'Meeting', ...(m.notes ?? [])].join('; '),
      clientNames: m.clientNames.length ? m.clientNames.map(plainName).join(', ') : 'no client attendees in Salesforce',
      minutes: m.minutes,
      clients: m.clientAttendees,
      faceToFace: String(m.faceToFace),
      keep: String(m.keep),
      error: errors[`m${idx}`] ?? '',
    })),
    calendarIds: values.calendarMeetings.map((m) => m.calendarEventId).join(','),
    calendarMeetings: values.calendarMeetings.map((m, idx) => ({
      idx,
      date: m.date,
      subject: plainName(m.subject) || 'Meeting',
      clientNames: m.clientNames.map(plainName).join(', '),
      // The reasons name addresses from the calendar: plain text, so none turns into a link or markup.
      why: plainText((m.notes ?? []).join('; '), 600),
      minutes: m.minutes,
      clients: m.clientAttendees,
      faceToFace: String(m.faceToFace),
      keep: String(m.keep),
      error: errors[`c${idx}`] ?? '',
    })),
    calendarMore: values.calendarMore ?? 0,
    calendarMoreText:
      values.calendarMore === 1
        ? '1 more meeting found in your calendar is not listed and does not count: if it should, add it below.'
        : `${values.calendarMore ?? 0} more meetings found in your calendar are not listed and do not count: ` +
          'add the ones that should below.',
    extraMeetings: values.extraMeetings.map((m, idx) => ({
      idx,
      date: m.date,
      // An empty box must bind as no value at all: some clients render '' as 0, which fails the server's range.
      minutes: m.minutes ?? null,
      clients: m.clients ?? null,
      faceToFace: String(m.faceToFace),
      error: errors[`n${idx}`] ?? '',
    })),
    noMeetings: String(values.noMeetings),
    activities: values.activities.map((a, idx) => ({
      idx,
      title: a.title,
      type: a.type || 'milestone',
      date: a.date,
      error: errors[`a${idx}`] ?? '',
    })),
    activityTypes: choices(ACTIVITY_TYPES),
    ballWith: values.ballWith,
    ballChoices: choices(BALL_WITH),
    ballError: errors.ballWith ?? '',
    riskFlags: values.riskFlags.join(','),
    riskChoices: choices(RISK_FLAGS),
    nextStep: values.nextStep,
    nextStepError: errors.nextStep ?? '',
    stage: values.stage,
    stageChoices: Object.entries(STAGES).map(([value, title]) => ({ title, value })),
    stageError: errors.stage ?? '',
    jointPlan: String(values.jointPlan),
    sharedMeasures: String(values.sharedMeasures),
  });
}

/** The saved return, read back with the live figure; Edit until the month closes. */
export function returnSavedCard(input: {
  period: Period;
  accountName: string;
  ret: MonthlyReturn;
  verdictText: string;
  closed: boolean;
  justSaved: boolean;
}) {
  const r = input.ret;
  const counted = r.meetings.length;
  return cardAttachment('monthly-return-saved', {
    verbs: VERBS,
    period: input.period,
    periodLabel: periodLabel(input.period),
    accountId: r.accountId,
    accountName: plainName(input.accountName),
    headline: input.justSaved ? 'Saved. Thank you.' : input.closed ? 'This month is closed: read-only.' : 'Your return',
    headlineColor: input.justSaved ? 'Good' : 'Default',
    verdictText: input.verdictText,
    facts: [
      {
        title: 'Meetings',
        value: r.noMeetings
          ? 'None this month'
          : `${counted} (client man-hours ${r.clientManHours ?? 0}, ours ${r.ourManHours ?? 0})`,
      },
      {
        title: 'Key activities',
        value: r.keyActivities.length
          ? r.keyActivities.map((a) => `${a.title} (${ACTIVITY_TYPES[a.type]}, ${a.date})`).join('; ')
          : 'None',
      },
      { title: 'Who has the ball', value: r.ballWith ? BALL_WITH[r.ballWith] : 'Not set' },
      { title: 'Risks', value: r.riskFlags.length ? r.riskFlags.map((f) => RISK_FLAGS[f]).join('; ') : 'None' },
      { title: 'Next step', value: r.nextStep ?? 'None' },
      {
        title: 'Relationship stage',
        value: `${r.stage ? STAGES[r.stage] : 'Not assessed'}; joint plan: ${r.jointPlan ? 'yes' : 'no'}; shared measures: ${r.sharedMeasures ? 'yes' : 'no'}`,
      },
    ],
    footnote: input.closed
      ? 'The month is closed; this is what Salesforce has.'
      : 'Saved and queued for Salesforce; you can edit it until the month closes.',
    canEdit: !input.closed,
  });
}
