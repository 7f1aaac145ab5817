import type { Clock } from '../../core/domain/clock.ts';
import { readCalendarEvent, type CalendarDirectory, type CalendarMeeting } from '../../core/domain/calendar-meeting.ts';
import type { MeetingRules } from '../../core/domain/count-meeting.ts';
import type { Database, Queryable } from '../../adapters/store/database.ts';
import { calendarStore } from '../../adapters/store/calendar-store.ts';
import { peopleStore } from '../../adapters/store/people-store.ts';
import type { GraphCalendar } from '../../adapters/graph/graph-calendar.ts';
import { GraphCallError } from '../../adapters/graph/graph-errors.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { planCalendarRead, type CalendarReadPlan } from './plan-calendar-read.ts';

/** What reading calendars needs. */
interface CalendarReadDeps {
  db: Database;
  calendar: GraphCalendar;
  log: Logger;
  now: Clock;
  rules: MeetingRules;
  orgTimeZone?: string;
  /** Whether meetings keep their subject (`GRAPH_CALENDAR_SUBJECTS`). */
  keepSubjects: boolean;
}

/** What a read of the managers' calendars did. */
export interface CalendarReadSummary {
  managers: number;
  read: number;
  /** Client meetings kept, per account manager read in full, or changed in an incremental round. */
  meetings: number;
  /** Managers not read, and why (a mailbox outside the app's scope, no mailbox, throttled). */
  failed: { amUserId: string; failure: string }[];
  /** Managers with neither a Teams mapping nor an e-mail address: no mailbox to read. */
  noMailbox: number;
  graphCalls: number;
}

/** Progress, for the CLI and the logs: managers done of all. */
export type CalendarProgress = { phase: 'calendars'; done: number; total: number };

/** One event's client meetings under the rules; none for an event that holds none (private, cancelled, no client). */
function meetingsOfEvent(
  deps: CalendarReadDeps,
  dir: CalendarDirectory,
  plan: CalendarReadPlan,
  event: Parameters<typeof readCalendarEvent>[0],
) {
  const r = readCalendarEvent(event, dir, deps.rules, plan.timeZone);
  return 'meetings' in r ? r.meetings : [];
}

/**
 * Reads each account manager's calendar (issue 26): a new round reads the window whole and replaces what was kept of
 * it in one transaction; a round under way applies the changes page by page (idempotent: a crash reads them again).
 * Only client meetings are kept (calendar_meetings); a manager Graph refuses is recorded and skipped.
 */
export async function readCalendars(
  deps: CalendarReadDeps,
  options: {
    onProgress?: (p: CalendarProgress) => void;
    /** Awaited after each manager: keeps the sync's lease (a throw stops the read there). */
    heartbeat?: () => Promise<void>;
  } = {},
): Promise<CalendarReadSummary> {
  const store = calendarStore(deps.db);
  const directory = await store.directory();
  const managers = (await peopleStore(deps.db).accountManagers()).filter((m) => m.isActive);
  const callsBefore = deps.calendar.calls;
  const summary: CalendarReadSummary = {
    managers: managers.length,
    read: 0,
    meetings: 0,
    failed: [],
    noMailbox: 0,
    graphCalls: 0,
  };
  let done = 0;
  let denied: GraphCallError | undefined;
  for (const am of managers) {
    const mailbox = am.aadObjectId ?? am.email;
    if (!mailbox) summary.noMailbox += 1;
    else {
      const plan = planCalendarRead(
        { mailbox, timeZone: am.timeZone },
        await store.readState(am.sfUserId),
        deps.now(),
        deps.orgTimeZone,
        directory.digest,
      );
      try {
        summary.meetings += await readOne(deps, directory, am.sfUserId, plan).catch(async (error: unknown) => {
          // A delta link Graph no longer knows: the window is read whole again.
          if (error instanceof GraphCallError && error.failure === 'SYNC_STATE' && plan.deltaLink)
            return readOne(deps, directory, am.sfUserId, { ...plan, deltaLink: null });
          throw error;
        });
        summary.read += 1;
      } catch (error) {
        if (!(error instanceof GraphCallError)) throw error;
        // No token at all: every mailbox would be refused, so the read stops here and says why. A bare denial
        // (NOT_CONSENTED) may be one mailbox outside an RBAC for Applications scope: recorded, and the others read.
        if (error.failure === 'AUTH') throw error;
        denied ??= error;
        summary.failed.push({ amUserId: am.sfUserId, failure: error.failure });
        await store.saveState(
          am.sfUserId,
          { ...plan, windowFrom: plan.window.from, windowTo: plan.window.to },
          deps.now(),
          error.failure,
        );
        deps.log.warn({ amUserId: am.sfUserId, failure: error.failure, status: error.status }, 'calendar not read');
      }
    }
    done += 1;
    options.onProgress?.({ phase: 'calendars', done, total: managers.length });
    await options.heartbeat?.();
  }
  // A manager no longer active or owning no key account is read no more: what was read of them goes.
  const forgotten = await store.forgetAllBut(managers.map((m) => m.sfUserId));
  if (forgotten) deps.log.info({ meetings: forgotten }, 'forgot calendar meetings of people no longer managers');
  summary.graphCalls = deps.calendar.calls - callsBefore;
  // Every mailbox denied: the app holds no calendar permission at all (no consent, no RBAC grant), not a scope.
  if (denied && summary.read === 0 && summary.failed.every((f) => f.failure === 'NOT_CONSENTED')) throw denied;
  deps.log.info({ ...summary, failed: summary.failed.length }, 'calendars read');
  return summary;
}

/** Reads one manager's calendar by the plan; the client meetings it kept or changed. */
async function readOne(
  deps: CalendarReadDeps,
  dir: CalendarDirectory,
  amUserId: string,
  plan: CalendarReadPlan,
): Promise<number> {
  const readAt = deps.now();
  const state = {
    mailbox: plan.mailbox,
    windowFrom: plan.window.from,
    windowTo: plan.window.to,
    timeZone: plan.timeZone,
    directory: plan.directory,
  };
  const pages = deps.calendar.changes(plan.mailbox, { ...plan.window, zone: plan.timeZone }, plan.deltaLink);
  if (!plan.deltaLink) {
    // A new round: everything, then put in place at once.
    const found: { id: string; meetings: CalendarMeeting[] }[] = [];
    let deltaLink: string | null = null;
    for await (const page of pages) {
      for (const e of page.events) found.push({ id: e.id, meetings: meetingsOfEvent(deps, dir, plan, e) });
      deltaLink = page.deltaLink ?? deltaLink;
    }
    await deps.db.transaction(async (tx: Queryable) => {
      const s = calendarStore(tx);
      await s.clear(amUserId);
      for (const f of found)
        if (f.meetings.length) await s.replaceEvent(amUserId, f.id, f.meetings, readAt, deps.keepSubjects);
      await s.saveState(amUserId, { ...state, deltaLink }, readAt);
    });
    return found.reduce((n, f) => n + f.meetings.length, 0);
  }
  let changed = 0;
  for await (const page of pages) {
    await deps.db.transaction(async (tx: Queryable) => {
      const s = calendarStore(tx);
      for (const e of page.events) {
        const meetings = meetingsOfEvent(deps, dir, plan, e);
        await s.replaceEvent(amUserId, e.id, meetings, readAt, deps.keepSubjects);
        changed += meetings.length;
      }
      await s.removeEvents(amUserId, page.removed);
      if (page.deltaLink) await s.saveState(amUserId, { ...state, deltaLink: page.deltaLink }, readAt);
    });
  }
  return changed;
}
