import { calendarZone, meetingWindow } from '../../core/domain/local-time.ts';
import { cyclePeriodsStore } from '../../adapters/store/cycle-periods-store.ts';
import type { Clock } from '../../core/domain/clock.ts';
import type { CardAttachment } from '../cards/render-card.ts';
import { returnsStore, type AccountRef } from '../../adapters/store/returns-store.ts';
import type { MappedUser } from '../../adapters/store/people-store.ts';
import { PulseError } from '../../core/pulse-error.ts';
import { clientManHours, developingVerdict } from '../../core/domain/man-hours.ts';
import { previousPeriod, type Period } from '../../core/domain/period.ts';
import { differsFromSalesforce, type MonthlyReturn } from '../../core/domain/monthly-return.ts';
import {
  changedNote,
  changesNotice,
  changesSinceSave,
  figuresOf,
  type ChangesSinceSave,
} from '../../core/domain/salesforce-changes.ts';
import { calendarPrefill, type CalendarPrefill } from './calendar-prefill.ts';
import { returnFormCard, returnSavedCard, type FormValues } from '../cards/monthly-return-cards.ts';
import { ACTIVITY_ROWS, EXTRA_MEETING_ROWS } from './parse-return-submission.ts';
import type { Database } from '../../adapters/store/database.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { ScoringSettings } from '../../core/scoring/settings.ts';
import type { MeetingRules } from '../../core/domain/count-meeting.ts';

/** What the check-in needs. */
export interface CheckinDeps {
  db: Database;
  log: Logger;
  /** The organisation's scoring settings; the check-in reads whether video calls count toward client man-hours. */
  scoringSettings: ScoringSettings;
  /** How Salesforce's meetings are prefilled (face-to-face Types, a blank Type, hours a day); defaults documented. */
  meetingRules?: MeetingRules;
  /** What "now" is: the month a logged meeting falls in, when a return was submitted. */
  now: Clock;
  /**
   * The organisation's time zone (`ORG_TIME_ZONE`): a meeting belongs to the month it started in on its account
   * manager's calendar, this one when theirs is unknown (DOMAIN.md). UTC when not given.
   */
  orgTimeZone?: string;
  /** Confirmed calendar meetings are written to Salesforce as Events (`GRAPH_CALENDAR_WRITE_BACK`). */
  calendarWriteBack?: boolean;
}

/** The verdict line of a card: this month's client man-hours against last month's submitted return. */
export async function verdictText(
  deps: CheckinDeps,
  period: Period,
  accountId: string,
  thisMonth: number | null,
): Promise<string> {
  const last = await returnsStore(deps.db).getReturn(previousPeriod(period), accountId);
  return developingVerdict(thisMonth, last?.status === 'submitted' ? last.clientManHours : null).text;
}

/**
 * The client man-hours the form holds now: Salesforce's meetings it keeps and every added row filled in whole (date,
 * minutes and client attendees), as saving it would count them.
 */
export function formClientManHours(values: FormValues, admitVideoCalls: boolean): number {
  const added = values.extraMeetings
    .filter((m) => m.date !== '' && m.minutes !== null && m.clients !== null)
    .map((m) => ({ minutes: m.minutes!, clientAttendees: m.clients!, ourAttendees: 0, faceToFace: m.faceToFace }));
  const kept = [...values.meetings, ...values.calendarMeetings].filter((m) => m.keep);
  return clientManHours([...kept, ...added], admitVideoCalls);
}

/** The form's header line: what the form holds now against last month, and whether that is saved yet. */
export function formHeader(thisMonth: number, lastMonth: number | null, saved: boolean): string {
  const verdict = developingVerdict(thisMonth, lastMonth).text;
  return saved ? verdict : `not saved yet: ${verdict}`;
}

/**
 * The form's values: this month's return if there is one; Salesforce's meetings; and the stage with its evidence
 * carried over from last month's submitted return (they change rarely), until this month's is submitted.
 */
function valuesFrom(
  ret: MonthlyReturn | undefined,
  prefill: MonthlyReturn['meetings'],
  calendar: CalendarPrefill,
  lastMonth: MonthlyReturn | undefined,
  since: { changes: ChangesSinceSave | null; take: boolean },
): FormValues {
  const kept = new Map((ret?.meetings ?? []).filter((m) => m.sfEventId).map((m) => [m.sfEventId, m]));
  const added = (ret?.meetings ?? []).filter((m) => !m.sfEventId && !m.calendarEventId);
  // A submitted return shows what was kept; a draft (meetings logged during the month) keeps all of Salesforce's.
  const submitted = ret?.status === 'submitted';
  const assessed = submitted ? ret : lastMonth?.status === 'submitted' ? lastMonth : undefined;
  const { changes, take } = since;
  return {
    meetings: prefill.map((m) => {
      const id = m.sfEventId ?? '';
      const then = changes?.changed.get(id);
      const isNew = changes?.added.has(id) ?? false;
      // Salesforce's changes since the save are shown on their rows; taken, they replace what was saved.
      const saved = submitted && !(take && then) ? kept.get(m.sfEventId) : undefined;
      const notes = [
        ...(m.notes ?? []),
        ...(then ? [changedNote(then, figuresOf(m))] : []),
        ...(isNew ? ['new in Salesforce since you saved'] : []),
        ...(calendar.confirmed.has(id) ? ['also in your calendar'] : []),
      ];
      return {
        ...(saved ?? m),
        notes,
        keep: submitted ? Boolean(saved) || Boolean(take && (then || isNew)) : true,
        edited: (saved !== undefined && differsFromSalesforce(saved, m)) || Boolean(then) || isNew,
      };
    }),
    // Found in the calendar: ticked as `calendarRows` says (a saved return: as saved, with its figures).
    calendarMeetings: calendar.rows,
    calendarMore: calendar.more,
    extraMeetings: Array.from({ length: Math.max(EXTRA_MEETING_ROWS, added.length + 1) }, (_, i) => {
      const m = added[i];
      return m
        ? { date: m.date, minutes: m.minutes, clients: m.clientAttendees, faceToFace: m.faceToFace }
        : { date: '', minutes: null, clients: null, faceToFace: true };
    }),
    noMeetings: ret?.noMeetings ?? false,
    activities: Array.from(
      { length: ACTIVITY_ROWS },
      (_, i) => ret?.keyActivities[i] ?? { title: '', type: 'milestone', date: '' },
    ),
    ballWith: ret?.ballWith ?? '',
    riskFlags: ret?.riskFlags ?? [],
    nextStep: ret?.nextStep ?? '',
    stage: assessed?.stage ? String(assessed.stage) : '',
    jointPlan: assessed?.jointPlan ?? false,
    sharedMeasures: assessed?.sharedMeasures ?? false,
  };
}

/** The account if it is one of `me`'s key accounts; else a refusal. */
export async function ownedAccount(deps: CheckinDeps, me: MappedUser, accountId: string) {
  return mine(deps, me, accountId, await returnsStore(deps.db).keyAccount(accountId));
}

/** The account if it is one of `me`'s key accounts; else a refusal (logged: a card for someone else's account). */
export function mine(
  deps: CheckinDeps,
  me: MappedUser,
  accountId: string,
  account: AccountRef | undefined,
): AccountRef {
  if (!account || account.ownerId !== me.sfUserId) {
    deps.log.warn({ sfUserId: me.sfUserId, accountId }, 'refused a return for an account the user does not own');
    throw new PulseError(
      'NOT_YOUR_ACCOUNT',
      'That account is not one of your key accounts in Salesforce, so I did not show or change it.',
    );
  }
  return account;
}

/**
 * The form for one account (or the read-only return once the month is closed). A saved return's form says what
 * Salesforce changed since the save; with `take`, Salesforce's figures are filled in, to be saved.
 */
export async function formCard(
  deps: CheckinDeps,
  period: Period,
  me: MappedUser,
  accountId: string,
  options: { take?: boolean } = {},
): Promise<CardAttachment> {
  const account = await ownedAccount(deps, me, accountId);
  const store = returnsStore(deps.db);
  const [ret, status, lastMonth] = await Promise.all([
    store.getReturn(period, accountId),
    cyclePeriodsStore(deps.db).periodStatus(period),
    store.getReturn(previousPeriod(period), accountId),
  ]);
  if (status !== 'open') {
    const shown: MonthlyReturn = ret ?? {
      period,
      accountId,
      amSfUserId: me.sfUserId,
      status: 'missing',
      peopleMet: null,
      salesforceAtSave: null,
      meetings: [],
      noMeetings: false,
      keyActivities: [],
      ballWith: null,
      riskFlags: [],
      nextStep: null,
      stage: null,
      jointPlan: false,
      sharedMeasures: false,
      clientManHours: null,
      ourManHours: null,
      submittedBy: null,
      submittedAt: null,
    };
    return returnSavedCard({
      period,
      accountName: account.name,
      ret: shown,
      verdictText: await verdictText(deps, period, accountId, ret?.status === 'submitted' ? ret.clientManHours : null),
      closed: true,
      justSaved: false,
    });
  }
  const window = meetingWindow(period, calendarZone(me.timeZone, deps.orgTimeZone));
  const prefill = await store.salesforceMeetings(accountId, window, deps.meetingRules);
  const calendar = await calendarPrefill(deps.db, accountId, me.sfUserId, window, ret);
  const changes = ret ? changesSinceSave(ret, prefill) : null;
  const take = Boolean(options.take && changes);
  const values = valuesFrom(
    ret?.status === 'submitted' || ret?.status === 'draft' ? ret : undefined,
    prefill,
    calendar,
    lastMonth,
    { changes, take },
  );
  const live = formClientManHours(values, deps.scoringSettings.admitVideoCalls);
  return returnFormCard({
    period,
    accountId,
    accountName: account.name,
    verdictText: formHeader(
      live,
      lastMonth?.status === 'submitted' ? lastMonth.clientManHours : null,
      ret?.status === 'submitted' && !take,
    ),
    values,
    salesforceChanges: changes
      ? // Only changed and new meetings have figures to take; one that is gone is left out by any save.
        { text: changesNotice(changes, take), canTake: !take && changes.changed.size + changes.added.size > 0 }
      : undefined,
  });
}
