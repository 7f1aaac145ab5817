import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/domain/clock.ts';
import type { CalendarSettings } from '../platform/config/graph-env.ts';
import type { Config } from '../platform/config/config.ts';
import type { Database } from '../adapters/store/database.ts';
import { calendarStore } from '../adapters/store/calendar-store.ts';
import { readCalendars, type CalendarProgress, type CalendarReadSummary } from '../features/calendar/read-calendars.ts';
import { meetingRulesOf } from './meeting-rules.ts';
import type { Logger } from '../platform/log/logger.ts';
import { graphCalendar, type GraphCalendar } from '../adapters/graph/graph-calendar.ts';
import { GraphStandIn } from '../stand-ins/graph/graph-stand-in.ts';
import { fillDemoCalendars } from '../stand-ins/graph/demo-calendars.ts';
import { buildDemoOrg } from '../stand-ins/salesforce/demo/demo-org.ts';

/** A calendar reader ready for the sync, and how to let it go. */
interface OpenCalendars {
  calendar: GraphCalendar;
  keepSubjects: boolean;
  close(): Promise<void>;
}

/**
 * Reads calendars from Microsoft Graph with the bot's app (GRAPH_CALENDAR=on), or, with the demo Salesforce org, from
 * the demo managers' calendars in a Graph stand-in started in this process on a loopback port, through the very same
 * adapter and token flow; undefined when calendars are off.
 */
export async function openCalendars(
  settings: CalendarSettings,
  log: Logger,
  now: Clock,
): Promise<OpenCalendars | undefined> {
  if (settings.source === 'off') return undefined;
  if (settings.source === 'graph')
    return {
      calendar: graphCalendar(settings, {
        now,
        onRetry: (status, waitMs) => log.info({ status, waitMs }, 'Graph asked to wait; retrying'),
      }),
      keepSubjects: settings.keepSubjects,
      close: async () => undefined,
    };
  const app = {
    tenantId: '7d1e0a2c-4b6f-4e3a-9c85-0f2b6d9a1e10',
    clientId: '00000000-0000-4000-8000-0000000de300',
    clientSecret: randomBytes(24).toString('base64url'),
    roles: ['Calendars.ReadBasic'],
  };
  const standIn = await new GraphStandIn(app, () => now().getTime()).start();
  fillDemoCalendars(standIn.calendars, buildDemoOrg({ now: now() }), now());
  log.info(
    { url: standIn.url },
    "demo calendars; set GRAPH_CALENDAR=on (docs/ADMIN.md, Calendars) to read your managers' own",
  );
  return {
    calendar: graphCalendar({ ...app, graphUrl: standIn.url, loginUrl: standIn.url }, { now }),
    keepSubjects: settings.keepSubjects,
    close: () => standIn.stop(),
  };
}

/**
 * With calendars off, what an earlier run read of them is not kept (docs/ADMIN.md: stored only while read): the
 * meetings and read state go at start. Returns saved with calendar meetings keep their own copies.
 */
export async function forgetCalendarsIfOff(config: Pick<Config, 'calendars'>, db: Database, log: Logger) {
  if (config.calendars.source !== 'off') return;
  const forgotten = await calendarStore(db).forgetAllBut([]);
  if (forgotten) log.info({ meetings: forgotten }, 'calendars are off: forgot the calendar meetings read before');
}

/**
 * What the sync calls to read the calendars after Salesforce (undefined when calendars are off): they open with the
 * first read (the demo's start their stand-in then), and a failed open is tried again by the next read.
 */
export function calendarReaderFor(
  config: Pick<Config, 'calendars' | 'salesforce' | 'orgTimeZone'>,
  db: Database,
  log: Logger,
  now: Clock,
) {
  if (config.calendars.source === 'off') return undefined;
  let opened: Promise<OpenCalendars | undefined> | undefined;
  const open = () =>
    (opened ??= openCalendars(config.calendars, log, now).catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
  return {
    async read(
      onProgress?: (p: CalendarProgress) => void,
      heartbeat?: () => Promise<void>,
    ): Promise<CalendarReadSummary> {
      const calendars = (await open())!;
      return readCalendars(
        {
          db,
          calendar: calendars.calendar,
          log,
          now,
          rules: meetingRulesOf(config.salesforce),
          orgTimeZone: config.orgTimeZone,
          keepSubjects: calendars.keepSubjects,
        },
        { onProgress, heartbeat },
      );
    },
    async close(): Promise<void> {
      await (await opened?.catch(() => undefined))?.close();
    },
  };
}
