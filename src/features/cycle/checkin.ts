import { anyZoneMeetingWindow, calendarZone, localDate, meetingWindow } from '../../core/domain/local-time.ts';
import { cyclePeriodsStore } from '../../adapters/store/cycle-periods-store.ts';
import type { CardAttachment } from '../cards/render-card.ts';
import { returnsStore } from '../../adapters/store/returns-store.ts';
import { promptsStore } from '../../adapters/store/prompts-store.ts';
import type { MappedUser } from '../../adapters/store/people-store.ts';
import { accountManagerFor, mappedOrRefused } from '../people/account-manager-for.ts';
import { saveContextStore } from '../../adapters/store/save-context-store.ts';
import { meetingsIn, prefillOf } from '../../core/domain/count-meeting.ts';
import { queueSalesforceDelete, queueSalesforceUpsert } from '../../adapters/salesforce-outbox/salesforce-writes.ts';
import { clientManHours, developingVerdict, ourManHours } from '../../core/domain/man-hours.ts';
import { periodLabel, previousPeriod, type Period } from '../../core/domain/period.ts';
import { promptCard, returnFormCard, returnSavedCard, type FormErrors } from '../cards/monthly-return-cards.ts';
import { ACTIVITY_ROWS, parseReturnSubmission } from './parse-return-submission.ts';
import {
  type CheckinDeps,
  formCard,
  formClientManHours,
  formHeader,
  mine,
  ownedAccount,
  verdictText,
} from './return-form.ts';
import {
  ACTIVITY_TYPES,
  MAX_LOGGED_MEETINGS,
  keptCalendarContacts,
  keptEventIds,
  type BallWith,
} from '../../core/domain/monthly-return.ts';
import { calendarPrefill } from './calendar-prefill.ts';
import { queueCalendarWriteBack } from './calendar-event-writes.ts';
import { plainName } from '../../core/domain/plain-text.ts';
import { salesforceAsSaved } from '../../core/domain/salesforce-changes.ts';
import type { QueuedWrite } from '../../adapters/store/return-submit.ts';
import type { WriteFields } from '../../adapters/salesforce/sf-schema.ts';

// The form moved to return-form.ts; callers of the check-in keep importing it from here.
export { formCard };
export type { CheckinDeps };

/** The return's field the save's own statement sets to the client people it counted as met (`submitReturn`). */
const PEOPLE_MET_FIELD: WriteFields<'Pulse_Monthly_Return__c'> = 'Client_People_Met__c';

/** The Ball_With__c picklist values (sf-schema.ts). */
const SALESFORCE_BALL_WITH: Record<BallWith, string> = { us: 'Us', client: 'Client', joint: 'Joint', nobody: 'Nobody' };

/** The list card: the manager's key accounts and where each return stands. */
export async function listCard(deps: CheckinDeps, period: Period, me: MappedUser): Promise<CardAttachment> {
  const store = returnsStore(deps.db);
  const [accounts, returns, status] = await Promise.all([
    store.keyAccountsOf(me.sfUserId),
    store.returnsOf(period, me.sfUserId),
    cyclePeriodsStore(deps.db).periodStatus(period),
  ]);
  const byAccount = new Map(returns.map((r) => [r.accountId, r]));
  const rows = await Promise.all(
    accounts.map(async (a) => {
      const r = byAccount.get(a.id);
      const st: 'pending' | 'submitted' | 'missing' =
        r?.status === 'submitted' ? 'submitted' : r?.status === 'missing' ? 'missing' : 'pending';
      return {
        id: a.id,
        name: a.name,
        status: st,
        verdictText: st === 'submitted' ? await verdictText(deps, period, a.id, r!.clientManHours) : null,
      };
    }),
  );
  return promptCard(period, rows, status === 'closed');
}

/**
 * The list cards of many account managers at once, for the cycle's open: four reads for all of them instead of
 * three or more each. Same card as `listCard`.
 */
export async function listCards(
  deps: CheckinDeps,
  period: Period,
  ams: readonly MappedUser[],
): Promise<Map<string, CardAttachment>> {
  const store = returnsStore(deps.db);
  const accounts = await store.keyAccountsOfMany(ams.map((am) => am.sfUserId));
  const accountIds = accounts.map((a) => a.id);
  const [returns, lastMonth, status] = await Promise.all([
    store.returnsOfAccounts(period, accountIds),
    store.returnsOfAccounts(previousPeriod(period), accountIds),
    cyclePeriodsStore(deps.db).periodStatus(period),
  ]);
  const byAccount = new Map(returns.map((r) => [r.accountId, r]));
  const lastByAccount = new Map(lastMonth.map((r) => [r.accountId, r]));
  const cards = new Map<string, CardAttachment>();
  for (const am of ams) {
    // A return counts for the manager it was submitted by, as `returnsOf` reads it.
    const rows = accounts
      .filter((a) => a.ownerId === am.sfUserId)
      .map((a) => {
        const r = byAccount.get(a.id);
        const mine = r?.amSfUserId === am.sfUserId ? r : undefined;
        const st: 'pending' | 'submitted' | 'missing' =
          mine?.status === 'submitted' ? 'submitted' : mine?.status === 'missing' ? 'missing' : 'pending';
        const last = lastByAccount.get(a.id);
        return {
          id: a.id,
          name: a.name,
          status: st,
          verdictText:
            st === 'submitted'
              ? developingVerdict(mine!.clientManHours, last?.status === 'submitted' ? last.clientManHours : null).text
              : null,
        };
      });
    cards.set(am.sfUserId, promptCard(period, rows, status === 'closed'));
  }
  return cards;
}

/**
 * The most key activities a stored return can hold: the form's rows (the server's validation refuses more), with
 * room for returns saved by an earlier form that had more rows.
 */
const MAX_STORED_ACTIVITIES = Math.max(ACTIVITY_ROWS, 10);

/** Collects queued writes so a save sends them to the outbox in its own statement (`returnsStore.submit`). */
function collectWrites() {
  const items: { object: string; key: string; payload: Record<string, unknown> }[] = [];
  return {
    items,
    async enqueue(_target: 'salesforce', object: string, key: string, payload: Record<string, unknown>) {
      items.push({ object, key, payload });
    },
  };
}

/** The key accounts of the manager, for the quick "log meeting" card. */
async function myKeyAccounts(deps: CheckinDeps, me: MappedUser) {
  return returnsStore(deps.db).keyAccountsOf(me.sfUserId);
}

/** Today's date on the account manager's own calendar (`YYYY-MM-DD`). */
const todayOf = (deps: CheckinDeps, am: MappedUser): string =>
  localDate(deps.now(), calendarZone(am.timeZone, deps.orgTimeZone));

/**
 * Records a meeting Salesforce lacks, during the month, for one of my accounts: it lands in the month's draft
 * return and is prefilled in next month's check-in. Same validation as the form; at most MAX_LOGGED_MEETINGS a
 * month; `actionKey` (the card action's, `actionKeyOf`) makes the same action delivered again add nothing.
 */
async function logMeeting(
  deps: CheckinDeps,
  me: MappedUser,
  data: Record<string, unknown>,
  actionKey?: string,
): Promise<string> {
  const accountId = typeof data.accountId === 'string' ? data.accountId : '';
  const account = await ownedAccount(deps, me, accountId);
  // This month and today on the account manager's own calendar: a meeting is logged once it has happened.
  const today = todayOf(deps, me);
  const period = today.slice(0, 7) as Period;
  const parsed = parseReturnSubmission(
    {
      eventIds: '',
      ballWith: 'nobody',
      n0_date: data.date,
      n0_minutes: data.minutes,
      n0_clients: data.clients,
      n0_f2f: data.faceToFace,
    },
    period,
    [],
  );
  if (!parsed.ok) return `Not saved: ${Object.values(parsed.errors).join(' ')}`;
  const meeting = parsed.answers.meetings[0];
  if (!meeting) return 'Not saved: give the date, the minutes and the number of client attendees.';
  if (meeting.date > today)
    return `Not saved: ${meeting.date} has not happened yet. Log a meeting once it has taken place.`;
  const logged = { ...meeting, ...(actionKey ? { actionKey } : {}) };
  const name = plainName(account.name);
  const month = periodLabel(period);
  const outcome = await returnsStore(deps.db).appendDraftMeeting(
    period,
    account.id,
    me.sfUserId,
    logged,
    MAX_LOGGED_MEETINGS,
  );
  if (outcome === 'full')
    return (
      `Not saved: ${MAX_LOGGED_MEETINGS} meetings are logged for ${name} in ${month} already, the most I keep before ` +
      `the check-in. Add any others in your ${month} check-in.`
    );
  if (outcome === 'submitted')
    return `Not saved: your ${month} return for ${name} is submitted already. Change its meetings in the check-in.`;
  if (outcome === 'missing') return `Not saved: ${month} is closed for ${name}.`;
  const attendees = `${meeting.clientAttendees} client attendee${meeting.clientAttendees === 1 ? '' : 's'}`;
  const how = `${meeting.date}, ${meeting.minutes} min, ${attendees}${meeting.faceToFace ? ', face to face' : ''}`;
  return `Logged for ${name}: ${how}. It will be in your ${month} check-in.`;
}

/**
 * Saves a submitted return: who is asking comes from the activity, never from the card; the account must be
 * theirs; the period must be open; the data must pass the server's validation. Saving the same answers twice
 * changes nothing; a change is queued for Salesforce in the same statement.
 */
export async function saveReturn(
  deps: CheckinDeps,
  period: Period,
  teamsUserId: string,
  accountId: string,
  data: Record<string, unknown>,
): Promise<CardAttachment> {
  // Two statements: who is asking with the context and the meetings, then the save with its people met and its
  // writes (no transaction); the calendar's, when the form listed calendar meetings.
  const store = returnsStore(deps.db);
  const context = await saveContextStore(deps.db).read(
    teamsUserId,
    period,
    previousPeriod(period),
    accountId,
    anyZoneMeetingWindow(period),
  );
  const me = mappedOrRefused(context.me);
  const account = mine(deps, me, accountId, context.account);
  if (context.periodStatus !== 'open') return formCard(deps, period, me, accountId);
  const window = meetingWindow(period, calendarZone(me.timeZone, deps.orgTimeZone));
  // Salesforce's meetings of the month on the asker's calendar, each counted by the organisation's meeting rules.
  const prefill = prefillOf(context.meetings, window, deps.meetingRules);
  // The calendar is read again only when the form listed calendar meetings (most saves: none, and no query).
  const listedCalendar = typeof data.calendarIds === 'string' && data.calendarIds !== '';
  const before = listedCalendar ? await store.getReturn(period, accountId) : undefined;
  const calendar = listedCalendar
    ? await calendarPrefill(deps.db, accountId, me.sfUserId, window, before, meetingsIn(context.meetings, window))
    : undefined;
  const parsed = parseReturnSubmission(data, period, prefill, calendar?.rows);
  if (!parsed.ok) {
    parsed.values.calendarMore = calendar?.more;
    const errors: FormErrors = parsed.errors;
    return returnFormCard({
      period,
      accountId,
      accountName: account.name,
      verdictText: formHeader(
        formClientManHours(parsed.values, deps.scoringSettings.admitVideoCalls),
        context.lastMonthHours,
        false,
      ),
      values: parsed.values,
      errors,
    });
  }
  const answers = parsed.answers;
  const hours = {
    client: clientManHours(answers.meetings, deps.scoringSettings.admitVideoCalls),
    ours: ourManHours(answers.meetings, deps.scoringSettings.admitVideoCalls),
  };
  const submittedAt = deps.now();
  // The writes are collected first and go to the outbox in the save's own statement, if it changed the return.
  const writes = collectWrites();
  const key = `${accountId}-${period}`;
  await queueSalesforceUpsert(writes, 'Pulse_Monthly_Return__c', key, {
    Account__c: accountId,
    Period__c: period,
    Status__c: 'Submitted',
    Client_Man_Hours__c: hours.client,
    Our_Man_Hours__c: hours.ours,
    Meetings__c: answers.meetings.length,
    Key_Activities__c: answers.keyActivities.length,
    Ball_With__c: answers.ballWith ? SALESFORCE_BALL_WITH[answers.ballWith] : null,
    Risk_Flags__c: answers.riskFlags.join(';') || null,
    Next_Step__c: answers.nextStep,
    Relationship_Stage__c: answers.stage,
    Joint_Plan__c: answers.jointPlan,
    Shared_Measures__c: answers.sharedMeasures,
    Submitted_By__c: me.email,
    Submitted_At__c: submittedAt.toISOString(),
  });
  for (const [i, a] of answers.keyActivities.entries()) {
    await queueSalesforceUpsert(writes, 'Pulse_Key_Activity__c', `${key}-${i}`, {
      Account__c: accountId,
      Period__c: period,
      Title__c: a.title,
      Activity_Type__c: ACTIVITY_TYPES[a.type],
      Activity_Date__c: a.date,
    });
  }
  // Activities the edit removed are deleted in Salesforce too, so it holds the same list as the return: each row
  // the form can hold beyond this save's is deleted if the submitted return had it before.
  const upserts = writes.items.length;
  for (let i = answers.keyActivities.length; i < MAX_STORED_ACTIVITIES; i++) {
    await queueSalesforceDelete(writes, 'Pulse_Key_Activity__c', `${key}-${i}`);
  }
  // The return's Client_People_Met__c is the count the save's own statement makes (`submitReturn`).
  const queue: QueuedWrite[] = writes.items.map((w, n) =>
    w.object === 'Pulse_Monthly_Return__c'
      ? { ...w, countPeopleMetAs: PEOPLE_MET_FIELD }
      : n < upserts
        ? w
        : { ...w, ifActivitiesBefore: n - upserts + answers.keyActivities.length },
  );
  if (deps.calendarWriteBack && listedCalendar) {
    const events = collectWrites();
    await queueCalendarWriteBack(events, { accountId, ownerId: me.sfUserId, period, kept: answers.meetings, before });
    queue.push(...events.items.map((w) => ({ ...w, always: true })));
  }
  const { saved } = await store.submit(
    period,
    accountId,
    me.sfUserId,
    answers,
    hours,
    teamsUserId,
    submittedAt,
    {
      // The distinct client contacts of the meetings kept, as the month's scorecard counts them (one definition).
      peopleMet: {
        window,
        keptEventIds: keptEventIds(answers.meetings),
        calendarContactIds: keptCalendarContacts(answers.meetings),
      },
      salesforce: salesforceAsSaved(prefill),
    },
    queue,
  );
  return returnSavedCard({
    period,
    accountName: account.name,
    ret: saved,
    verdictText: developingVerdict(saved.clientManHours, context.lastMonthHours).text,
    closed: false,
    justSaved: true,
  });
}

/**
 * The check-in as the bot and the tab call it: every use case starts from the asker's Teams user id (from the
 * authenticated activity or token, never from a card), so who is asking is decided here, once.
 */
export function checkin(deps: CheckinDeps) {
  const me = (teamsUserId: string) => accountManagerFor(deps.db, teamsUserId);
  return {
    /** The list card of the asker's key accounts for the period. */
    async list(teamsUserId: string, period: Period) {
      return listCard(deps, period, await me(teamsUserId));
    },
    /** The form for one of the asker's accounts (read-only once the month is closed); `take`: Salesforce's changes. */
    async open(teamsUserId: string, period: Period, accountId: string, options: { take?: boolean } = {}) {
      return formCard(deps, period, await me(teamsUserId), accountId, options);
    },
    /** Saves the asker's return for one of their accounts; the saved card, or the form with its errors. */
    async save(teamsUserId: string, period: Period, accountId: string, data: Record<string, unknown>) {
      return saveReturn(deps, period, teamsUserId, accountId, data);
    },
    /** The asker's key accounts, for the quick "log meeting" card. */
    /** What `log meeting` offers: the asker's key accounts, and today on their calendar (no later date is taken). */
    async logMeetingForm(teamsUserId: string) {
      const am = await me(teamsUserId);
      return { accounts: await myKeyAccounts(deps, am), today: todayOf(deps, am) };
    },
    /**
     * Records a meeting for one of the asker's accounts, once per card action (`actionKey`): the outcome in words,
     * and their accounts for the card.
     */
    async logMeeting(teamsUserId: string, data: Record<string, unknown>, actionKey?: string) {
      const am = await me(teamsUserId);
      const text = await logMeeting(deps, am, data, actionKey);
      return { text, ok: text.startsWith('Logged'), accounts: await myKeyAccounts(deps, am), today: todayOf(deps, am) };
    },
    /**
     * Where the asker stands for the period: their list card (when they own key accounts), whether the check-in
     * has opened, and, for a manager, each of their account managers' progress.
     */
    async status(teamsUserId: string, period: Period) {
      const am = await me(teamsUserId);
      const opened = (await cyclePeriodsStore(deps.db).periodStatus(period)) !== undefined;
      const accounts = await myKeyAccounts(deps, am);
      const card = accounts.length ? await listCard(deps, period, am) : undefined;
      const team = await promptsStore(deps.db).teamStatus(period, am.sfUserId);
      return { card, opened, team };
    },
  };
}

/** The check-in use cases. */
export type Checkin = ReturnType<typeof checkin>;
