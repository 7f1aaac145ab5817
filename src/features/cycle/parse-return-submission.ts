import { z } from 'zod';
import {
  ACTIVITY_TYPES,
  BALL_WITH,
  differsFromSalesforce,
  RISK_FLAGS,
  type ActivityType,
  type BallWith,
  type ReturnAnswers,
  type ReturnMeetingEntry,
  type RiskFlag,
  type Stage,
} from '../../core/domain/monthly-return.ts';
import { isInPeriod, type Period } from '../../core/domain/period.ts';
import { MAX_EVENT_MINUTES } from '../../core/domain/count-meeting.ts';
import type { FormErrors, FormValues } from '../cards/monthly-return-cards.ts';
import { plainText } from '../../core/domain/plain-text.ts';
import { salesforceIdSchema } from '../../core/domain/salesforce-id.ts';
import type { CalendarRow } from '../../core/domain/calendar-rows.ts';

/** How many empty rows the form offers for meetings Salesforce lacks (more when meetings were logged), and for key activities. */
export const EXTRA_MEETING_ROWS = 2;
const MAX_EXTRA_ROWS = 50;
export const ACTIVITY_ROWS = 3;
/** The date and minutes inputs of each row a form can hold for meetings Salesforce lacks, named once. */
const EXTRA_ROW_KEYS = Array.from({ length: MAX_EXTRA_ROWS }, (_, j) => [`n${j}_date`, `n${j}_minutes`] as const);
/**
 * The most client man-hours one key account's month can plausibly hold: a full working month (22 days of 8 h)
 * of face-to-face time with a client team of a dozen people is 2,112 h, so 2,000 h is already the
 * exceptional month. More is a slip (hours typed as minutes, a whole department as attendees), and the
 * verdict and every chart after it would be wrong, so the form asks again instead of storing it.
 */
export const MAX_MONTH_CLIENT_MAN_HOURS = 2000;

/** The fixed part of every submission: which return it is. Everything else is read field by field below. */
export const submissionKey = z.object({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period must be YYYY-MM'),
  accountId: salesforceIdSchema('accountId must be a Salesforce id'),
});

const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
const flag = (v: unknown): boolean => str(v) === 'true';
function int(v: unknown, min: number, max: number): number | 'invalid' | null {
  const s = str(v).trim();
  if (s === '') return null;
  if (!/^\d{1,6}(\.0+)?$/.test(s)) return 'invalid';
  const n = Number(s);
  return n < min || n > max ? 'invalid' : n;
}
/** A calendar date: `2026-09-31` is refused (Date.parse would roll it over to October 1st). */
const isoDate = (v: unknown): string | null => {
  const s = str(v).trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
};
/** Own keys only: `constructor`, `toString` or `__proto__` are properties of every object, never a choice. */
const isKeyOf = <T extends object>(choices: T, v: string): v is Extract<keyof T, string> => Object.hasOwn(choices, v);

/** The outcome: the answers to store, or the errors and what was typed, to show the form again. */
type ParsedSubmission = { ok: true; answers: ReturnAnswers } | { ok: false; errors: FormErrors; values: FormValues };

/**
 * Reads a submitted return against the Salesforce meetings the form was built from. Never trusts the card's own
 * validation: every number is ranged, every date must fall inside the period, free text is bounded and made plain.
 */
export function parseReturnSubmission(
  data: Record<string, unknown>,
  period: Period,
  prefill: readonly ReturnMeetingEntry[],
  /** The calendar's meetings Salesforce lacks, as the form lists them (`calendarPrefill`). */
  calendar: readonly CalendarRow[] = [],
): ParsedSubmission {
  const errors: FormErrors = {};
  const sentIds = str(data.eventIds).split(',').filter(Boolean);
  // Meetings past the form's editable rows were shown as a count and are taken as Salesforce has them.
  const fixedIds = str(data.fixedEventIds).split(',').filter(Boolean);
  const known = new Map(prefill.map((m) => [m.sfEventId, m]));
  const shown = [...sentIds, ...fixedIds];
  const salesforceChanged =
    new Set(shown).size !== shown.length ||
    shown.some((id) => !known.has(id)) ||
    (fixedIds.length > 0 && shown.length !== prefill.length);
  const calendarIds = str(data.calendarIds).split(',').filter(Boolean);
  const onCalendar = new Map(calendar.map((m) => [m.calendarEventId, m]));
  const calendarChanged =
    new Set(calendarIds).size !== calendarIds.length ||
    calendarIds.length !== calendar.length ||
    calendarIds.some((id) => !onCalendar.has(id));
  if (salesforceChanged)
    errors.general =
      'Salesforce changed since this form was made; here it is again with the latest meetings. Please check and save.';
  else if (calendarChanged)
    errors.general =
      'Your calendar changed since this form was made; here it is again with its latest meetings. Please check and save.';
  // After a change the form comes back with the latest rows; a row it had keeps what its manager entered.
  const meetingsIn = salesforceChanged ? prefill : shown.map((id) => known.get(id)!);
  const sentAt = new Map(sentIds.map((id, j) => [id, j]));
  const calendarIn = calendarChanged ? calendar : calendarIds.map((id) => onCalendar.get(id)!);
  const calendarAt = new Map(calendarIds.map((id, j) => [id, j]));
  const values: FormValues = {
    meetings: [],
    calendarMeetings: [],
    extraMeetings: [],
    noMeetings: flag(data.noMeetings),
    activities: [],
    ballWith: str(data.ballWith),
    riskFlags: [],
    nextStep: '',
    stage: '',
    jointPlan: flag(data.jointPlan),
    sharedMeasures: flag(data.sharedMeasures),
  };
  const meetings: ReturnMeetingEntry[] = [];

  meetingsIn.forEach((m) => {
    const j = sentAt.get(m.sfEventId ?? '');
    // A row past the editable ones, or new in Salesforce since the form was made: as Salesforce has it.
    if (j === undefined) {
      values.meetings.push({ ...m, keep: true });
      meetings.push(m);
      return;
    }
    const keep = flag(data[`m${j}_keep`]);
    const minutes = int(data[`m${j}_minutes`], 0, MAX_EVENT_MINUTES);
    const clients = int(data[`m${j}_clients`], 0, 500);
    const faceToFace = flag(data[`m${j}_f2f`]);
    const shownAs = {
      ...m,
      keep,
      minutes: typeof minutes === 'number' ? minutes : m.minutes,
      clientAttendees: typeof clients === 'number' ? clients : m.clientAttendees,
      faceToFace,
    };
    const i = values.meetings.length;
    values.meetings.push({ ...shownAs, edited: differsFromSalesforce(shownAs, m) });
    if (!keep) return;
    if (typeof minutes !== 'number')
      errors[`m${i}`] =
        `Minutes must be a whole number from 0 to ${MAX_EVENT_MINUTES} (14 days, Salesforce's longest event).`;
    else if (typeof clients !== 'number') errors[`m${i}`] = 'Client attendees must be a whole number from 0 to 500.';
    else
      meetings.push({
        ...m,
        minutes,
        clientAttendees: clients,
        faceToFace,
        // Face to face in Salesforce, not according to its account manager: a meeting held online, so a video call.
        ...(faceToFace ? {} : { videoCall: m.videoCall ?? m.faceToFace }),
      });
  });

  // The calendar's rows read like Salesforce's: kept or not, figures corrected; a row new since the form was made comes
  // as `calendarRows` ticks it.
  calendarIn.forEach((m) => {
    const j = calendarAt.get(m.calendarEventId!);
    const fresh = j === undefined;
    const keep = fresh ? m.keep : flag(data[`c${j}_keep`]);
    const minutes = fresh ? m.minutes : int(data[`c${j}_minutes`], 0, MAX_EVENT_MINUTES);
    const clients = fresh ? m.clientAttendees : int(data[`c${j}_clients`], 0, 500);
    const faceToFace = fresh ? m.faceToFace : flag(data[`c${j}_f2f`]);
    const i = values.calendarMeetings.length;
    values.calendarMeetings.push({
      ...m,
      keep,
      minutes: typeof minutes === 'number' ? minutes : m.minutes,
      clientAttendees: typeof clients === 'number' ? clients : m.clientAttendees,
      faceToFace,
    });
    if (!keep) return;
    if (typeof minutes !== 'number')
      errors[`c${i}`] = `Minutes must be a whole number from 0 to ${MAX_EVENT_MINUTES} (14 days).`;
    else if (typeof clients !== 'number') errors[`c${i}`] = 'Client attendees must be a whole number from 0 to 500.';
    else {
      const { notes: _shownOnly, keep: _ticked, ...entry } = m;
      meetings.push({
        ...entry,
        minutes,
        clientAttendees: clients,
        faceToFace,
        ...(faceToFace ? {} : { videoCall: m.videoCall ?? true }),
      });
    }
  });

  const extraRows = Math.max(
    EXTRA_MEETING_ROWS,
    EXTRA_ROW_KEYS.filter(([date, minutes]) => Object.hasOwn(data, date) || Object.hasOwn(data, minutes)).length,
  );
  for (let j = 0; j < Math.min(extraRows, MAX_EXTRA_ROWS); j++) {
    const rawDate = str(data[`n${j}_date`]).trim();
    const minutes = int(data[`n${j}_minutes`], 1, 1440);
    const clients = int(data[`n${j}_clients`], 0, 500);
    const faceToFace = flag(data[`n${j}_f2f`]);
    values.extraMeetings.push({
      date: rawDate.slice(0, 10),
      minutes: typeof minutes === 'number' ? minutes : null,
      clients: typeof clients === 'number' ? clients : null,
      faceToFace,
    });
    if (!rawDate && minutes === null && clients === null) continue;
    const date = isoDate(rawDate);
    // All or nothing: a started row names everything it still needs at once, so one more Save finishes it.
    const problems = [
      ...(!date || !isInPeriod(date, period) ? ['Give a date inside the month.'] : []),
      ...(typeof minutes !== 'number' ? ['Minutes must be a whole number from 1 to 1440 (24 h).'] : []),
      ...(typeof clients !== 'number' ? ['Client attendees must be a whole number from 0 to 500.'] : []),
    ];
    if (problems.length) errors[`n${j}`] = problems.join(' ');
    else if (date && typeof minutes === 'number' && typeof clients === 'number')
      meetings.push({
        sfEventId: null,
        date,
        subject: 'Added by the account manager',
        minutes,
        clientAttendees: clients,
        ourAttendees: 1,
        faceToFace,
        clientNames: [],
      });
  }
  const manHours = meetings.reduce((sum, m) => sum + (m.minutes / 60) * m.clientAttendees, 0);
  if (manHours > MAX_MONTH_CLIENT_MAN_HOURS)
    errors.general ??=
      `These meetings add up to ${Math.round(manHours).toLocaleString('en-GB')} client man-hours, more ` +
      `than the ${MAX_MONTH_CLIENT_MAN_HOURS.toLocaleString('en-GB')} h one month can hold: please check ` +
      `the minutes and attendees.`;
  if (values.noMeetings && meetings.length)
    errors.general ??= 'You ticked "No meetings" but kept or added meetings: untick one or the other.';

  const keyActivities: ReturnAnswers['keyActivities'] = [];
  for (let k = 0; k < ACTIVITY_ROWS; k++) {
    const title = plainText(str(data[`a${k}_title`]), 120);
    const type = str(data[`a${k}_type`]);
    const rawDate = str(data[`a${k}_date`]).trim();
    values.activities.push({
      title,
      type: isKeyOf(ACTIVITY_TYPES, type) ? type : 'milestone',
      date: rawDate.slice(0, 10),
    });
    if (!title) continue;
    const date = isoDate(rawDate);
    if (!isKeyOf(ACTIVITY_TYPES, type)) errors[`a${k}`] = 'Choose the kind of activity.';
    else if (!date || !isInPeriod(date, period)) errors[`a${k}`] = 'Give a date inside the month.';
    else keyActivities.push({ title, type: type as ActivityType, date });
  }

  const ballWith = str(data.ballWith);
  if (!isKeyOf(BALL_WITH, ballWith)) errors.ballWith = 'Say who has the ball for the next step.';
  const flags = str(data.riskFlags)
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  values.riskFlags = flags.filter((f) => isKeyOf(RISK_FLAGS, f));
  if (flags.length !== values.riskFlags.length || flags.length > Object.keys(RISK_FLAGS).length)
    errors.general ??= 'One of the risk flags is not one I know; please choose again.';
  const rawStage = str(data.stage).trim();
  values.stage = rawStage;
  const stage = rawStage === '' ? null : /^[1-5]$/.test(rawStage) ? (Number(rawStage) as Stage) : undefined;
  if (stage === undefined) errors.stage = 'Choose a stage from 1 to 5, or leave it empty.';
  const rawNext = str(data.nextStep);
  values.nextStep = plainText(rawNext, 200);
  if (rawNext.trim().length > 200) errors.nextStep = 'Keep the next step to one line (200 characters).';

  if (Object.keys(errors).length) return { ok: false, errors, values };
  return {
    ok: true,
    answers: {
      meetings: values.noMeetings ? [] : meetings,
      noMeetings: values.noMeetings,
      keyActivities,
      ballWith: ballWith as BallWith,
      riskFlags: [...new Set(values.riskFlags)] as RiskFlag[],
      nextStep: values.nextStep || null,
      stage: stage ?? null,
      jointPlan: values.jointPlan,
      sharedMeasures: values.sharedMeasures,
    },
  };
}
