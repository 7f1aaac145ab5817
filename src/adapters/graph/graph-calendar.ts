import { Client, GraphError, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Clock } from '../../core/domain/clock.ts';
import type { CalendarEventFacts } from '../../core/domain/calendar-meeting.ts';
import { instantOfLocal, isTimeZone } from '../../core/domain/local-time.ts';
import { appTokenSource, type AppCredentials } from './app-token.ts';
import { BearerLink, RetryAfterLink, systemWait, type Wait } from './graph-middleware.ts';
import { GraphCallError, graphFailureOf } from './graph-errors.ts';

/** Where Graph is, and who the app is. */
interface GraphSettings extends AppCredentials {
  /** https://graph.microsoft.com (a loopback stand-in in tests and the demo). */
  graphUrl: string;
}

/** The fields calendarView gives under Calendars.ReadBasic that counting reads; anything else is dropped here. */
/** A wall time Graph writes (`2026-10-05T11:00:00.0000000`) that names a real date and time: no 30 February. */
const wallTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/)
  .refine((s) => {
    const d = new Date(`${s.slice(0, 19)}Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === s.slice(0, 19);
  }, 'not a real date');
const dateTimeZone = z.object({ dateTime: wallTime, timeZone: z.string().min(1).max(100) });
const address = z.object({
  address: z.string().max(320).optional().default(''),
  name: z.string().max(256).optional().default(''),
});
const graphEvent = z.object({
  // Graph's ids are URL-safe base64; the check-in lists them comma-separated in its card, so nothing else is taken.
  id: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[A-Za-z0-9+/=_-]+$/),
  iCalUId: z.string().max(512).nullish(),
  subject: z.string().max(1000).nullish(),
  start: dateTimeZone,
  end: dateTimeZone,
  isAllDay: z.boolean().default(false),
  isCancelled: z.boolean().default(false),
  sensitivity: z.string().default('normal'),
  isOnlineMeeting: z.boolean().nullish(),
  locations: z.array(z.object({ displayName: z.string().nullish(), locationType: z.string().nullish() })).nullish(),
  organizer: z.object({ emailAddress: address }).nullish(),
  attendees: z
    .array(
      z.object({
        type: z.string().default('required'),
        status: z.object({ response: z.string().nullish() }).nullish(),
        emailAddress: address,
      }),
    )
    .default([]),
});
const removedEvent = z.object({ id: z.string(), '@removed': z.object({ reason: z.string().optional() }) });
const page = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

/** A page of a calendar's changes: events (as counting takes them), ids removed, and the delta link at the end. */
export interface CalendarPage {
  events: CalendarEventFacts[];
  removed: string[];
  /** Events Graph sent that did not parse: left out, counted for the log. */
  skipped: number;
  deltaLink?: string;
}

/** An all-day event's date as midnight UTC, the way Salesforce stores all-day events (`CalendarEventFacts`). */
const dateOnly = (dt: string) => new Date(`${dt.slice(0, 10)}T00:00:00Z`);

/**
 * The zone Graph wrote a time in: UTC when it says so (also as `tzone://Microsoft/Utc`), the zone it names when that
 * is an IANA zone, else the zone asked for, which Graph honoured and named its own way (a Windows name such as
 * "W. Europe Standard Time"): never UTC by mistake.
 */
function zoneWritten(named: string, asked: string): string {
  if (/^(tzone:\/\/microsoft\/)?(utc|etc\/utc)$/i.test(named)) return 'UTC';
  return isTimeZone(named) ? named : asked;
}

/** A Graph event to the facts counting needs; times read in the zone Graph wrote them in. */
function factsOf(e: z.infer<typeof graphEvent>, asked: string): CalendarEventFacts {
  const at = (t: { dateTime: string; timeZone: string }) => instantOfLocal(t.dateTime, zoneWritten(t.timeZone, asked));
  return {
    id: e.id,
    iCalUId: e.iCalUId ?? null,
    subject: e.subject ?? null,
    start: e.isAllDay ? dateOnly(e.start.dateTime) : at(e.start),
    end: e.isAllDay ? dateOnly(e.end.dateTime) : at(e.end),
    isAllDay: e.isAllDay,
    isCancelled: e.isCancelled,
    sensitivity: e.sensitivity,
    isOnlineMeeting: e.isOnlineMeeting ?? false,
    places: (e.locations ?? []).map((l) => ({ name: l.displayName ?? '', kind: l.locationType ?? 'default' })),
    organizer: e.organizer?.emailAddress.address
      ? { address: e.organizer.emailAddress.address, name: e.organizer.emailAddress.name }
      : null,
    attendees: e.attendees.map((a) => ({
      address: a.emailAddress.address,
      name: a.emailAddress.name,
      type: a.type,
      response: a.status?.response ?? 'none',
    })),
  };
}

/** Events per page asked for: the most Graph gives at once keeps the calls per mailbox low. */
const PAGE_SIZE = 50;

/**
 * Reads account managers' calendars through Microsoft's Graph client library with the app's own token: the month's
 * events of a mailbox by `calendarView/delta` (series expanded into occurrences), page by page, in the manager's
 * zone (`Prefer: outlook.timezone`), retrying throttled calls after Retry-After.
 */
export function graphCalendar(
  settings: GraphSettings,
  deps: { now: Clock; wait?: Wait; onRetry?: (status: number, ms: number) => void },
) {
  const base = settings.graphUrl.replace(/\/$/, '');
  const tokens = appTokenSource(settings, deps.now);
  const client = Client.initWithMiddleware({
    baseUrl: base,
    defaultVersion: 'v1.0',
    middleware: [
      new BearerLink(tokens),
      new RetryAfterLink(deps.wait ?? systemWait, deps.onRetry),
      new HTTPMessageHandler(),
    ],
  });
  let calls = 0;

  /** A link Graph gave, as a path the library resolves against the configured base. */
  const pathOf = (link: string) => {
    if (!link.startsWith(`${base}/v1.0/`)) throw new GraphCallError('OTHER', 0, 'Graph gave a link to another host');
    return link.slice(`${base}/v1.0`.length);
  };

  async function get(path: string, zone: string): Promise<z.infer<typeof page>> {
    // The token first, outside the library: a refusal then reaches the caller as itself, not wrapped by the library.
    await tokens.token();
    calls += 1;
    try {
      return page.parse(
        await client.api(path).header('Prefer', `outlook.timezone="${zone}", odata.maxpagesize=${PAGE_SIZE}`).get(),
      );
    } catch (error) {
      if (error instanceof GraphError) throw graphFailureOf(error.statusCode, error.code, error.message);
      throw error;
    }
  }

  return {
    /** The application permissions consented to the app (doctor). */
    roles: () => tokens.roles(),
    /** Reads one event of a mailbox's next day: resolves when the app may read it, else throws why not (doctor). */
    async probe(mailbox: string): Promise<void> {
      const from = deps.now();
      const to = new Date(from.getTime() + 86_400_000);
      await get(
        `/users/${encodeURIComponent(mailbox)}/calendarView?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}&$top=1&$select=start`,
        'UTC',
      );
    },
    /** Graph calls made so far (pages read, retries not counted). */
    get calls() {
      return calls;
    },
    /**
     * The changes to a mailbox's calendar in [from, to): all of it from a new round (no `deltaLink`), or what changed
     * since the round that gave `deltaLink`.
     */
    async *changes(
      mailbox: string,
      window: { from: Date; to: Date; zone: string },
      deltaLink: string | null,
    ): AsyncGenerator<CalendarPage> {
      let next: string | undefined = deltaLink
        ? pathOf(deltaLink)
        : `/users/${encodeURIComponent(mailbox)}/calendarView/delta?startDateTime=${window.from.toISOString()}&endDateTime=${window.to.toISOString()}`;
      while (next) {
        const p = await get(next, window.zone);
        const out: CalendarPage = { events: [], removed: [], skipped: 0 };
        for (const item of p.value) {
          const removed = removedEvent.safeParse(item);
          if (removed.success) {
            out.removed.push(removed.data.id);
            continue;
          }
          const e = graphEvent.safeParse(item);
          if (e.success) out.events.push(factsOf(e.data, window.zone));
          else out.skipped += 1;
        }
        next = p['@odata.nextLink'] ? pathOf(p['@odata.nextLink']) : undefined;
        if (p['@odata.deltaLink']) out.deltaLink = p['@odata.deltaLink'];
        yield out;
      }
    },
  };
}

export type GraphCalendar = ReturnType<typeof graphCalendar>;
