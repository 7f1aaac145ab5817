/**
 * Reading an account manager's calendar through Microsoft's Graph client library against the Graph stand-in on
 * loopback. What the documentation says, and each test checks:
 * - Client credentials grant: POST {tenant}/oauth2/v2.0/token with client_id, client_secret and
 *   scope=https://graph.microsoft.com/.default; a wrong secret is AADSTS7000215
 *   (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
 * - calendarView and its delta expand a series into occurrences and exceptions, page by @odata.nextLink and end a
 *   round with @odata.deltaLink; the next round gives what changed, a deleted event as `@removed`
 *   (https://learn.microsoft.com/en-us/graph/delta-query-events, https://learn.microsoft.com/en-us/graph/api/event-delta).
 * - `Prefer: outlook.timezone` sets the zone of start and end (https://learn.microsoft.com/en-us/graph/api/user-list-calendarview).
 * - Throttling answers 429 with Retry-After, to be waited before retrying
 *   (https://learn.microsoft.com/en-us/graph/throttling).
 * - A mailbox outside an application access policy or RBAC for Applications scope answers 403 ErrorAccessDenied
 *   (https://learn.microsoft.com/en-us/graph/auth-limit-mailbox-access).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphStandIn } from '../../src/stand-ins/graph/graph-stand-in.ts';
import { graphCalendar, type CalendarPage } from '../../src/adapters/graph/graph-calendar.ts';
import { GraphCallError } from '../../src/adapters/graph/graph-errors.ts';
import { testClock } from '../support/test-clock.ts';

const app = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  clientId: '22222222-2222-4222-8222-222222222222',
  clientSecret: 'the-app-secret',
  roles: ['Calendars.ReadBasic'],
};
const clock = testClock();
let graph: GraphStandIn;
const AM = 'a0a0a0a0-0000-4000-8000-000000000001';
const OUTSIDER = 'a0a0a0a0-0000-4000-8000-000000000002';
const october = {
  from: new Date('2026-10-01T00:00:00+02:00'),
  to: new Date('2026-11-01T00:00:00+01:00'),
  zone: 'Europe/Berlin',
};

const reader = (over: Partial<typeof app> = {}, waits: number[] = []) =>
  graphCalendar(
    { graphUrl: graph.url, loginUrl: graph.url, ...app, ...over },
    { now: clock.now, wait: async (ms) => void waits.push(ms) },
  );

async function all(gen: AsyncGenerator<CalendarPage>) {
  const pages: CalendarPage[] = [];
  for await (const p of gen) pages.push(p);
  return pages;
}

beforeAll(async () => {
  graph = await new GraphStandIn(app, () => clock.now().getTime()).start();
  graph.calendars.addMailbox(AM, 'alex@fabrikam.example');
  graph.calendars.addMailbox(OUTSIDER, 'ceo@fabrikam.example');
  const org = { address: 'alex@fabrikam.example', name: 'Alex' };
  const ana = { address: 'ana@northwind.example', name: 'Ana Silva', response: 'accepted' };
  for (let day = 1; day <= 60; day++)
    graph.calendars.addEvent(AM, {
      subject: `Stand-up ${day}`,
      start: `2026-10-${String(1 + (day % 28)).padStart(2, '0')}T07:00:00Z`,
      end: `2026-10-${String(1 + (day % 28)).padStart(2, '0')}T07:15:00Z`,
      attendees: [],
      organizer: org,
    });
  const series = graph.calendars.addEvent(AM, {
    subject: 'Weekly with Northwind',
    start: '2026-10-05T08:00:00Z',
    end: '2026-10-05T09:00:00Z',
    recurrence: { days: 7, count: 4, zone: 'Europe/Berlin' },
    attendees: [ana],
    organizer: org,
    location: { displayName: 'Northwind HQ', locationType: 'businessAddress' },
  });
  graph.calendars.changeOccurrence(AM, series, 1, { start: '2026-10-13T13:00:00Z', end: '2026-10-13T14:00:00Z' });
  graph.calendars.changeOccurrence(AM, series, 2, 'deleted');
  graph.calendars.addEvent(AM, {
    subject: 'Offsite',
    allDay: { date: '2026-10-20', days: 2, zone: 'Europe/Berlin' },
    attendees: [ana],
    organizer: org,
  });
});
afterAll(() => graph.stop());

describe('Reading a calendar from Graph (stand-in on loopback)', () => {
  it('Reads the month by delta in pages of 50, series expanded, times in the manager zone, ending with a delta link', async () => {
    const g = reader();
    const pages = await all(g.changes(AM, october, null));
    const events = pages.flatMap((p) => p.events);
    expect(pages.length).toBe(2);
    expect(events.length).toBe(60 + 3 + 1);
    expect(pages.at(-1)!.deltaLink).toMatch(/deltatoken/);
    const weekly = events.filter((e) => e.subject === 'Weekly with Northwind').map((e) => e.start.toISOString());
    // 10:00 in Berlin each week: 08:00 UTC in summer time, 09:00 UTC once the clocks went back on 25 October.
    expect(weekly).toEqual(['2026-10-05T08:00:00.000Z', '2026-10-13T13:00:00.000Z', '2026-10-26T09:00:00.000Z']);
    const offsite = events.find((e) => e.subject === 'Offsite')!;
    expect(offsite).toMatchObject({ isAllDay: true });
    expect(offsite.start.toISOString().slice(0, 10)).toBe('2026-10-20');
    expect(offsite.end.toISOString().slice(0, 10)).toBe('2026-10-22');
    expect(g.calls).toBe(2);
  });

  it('Dates an all-day event by its own dates, whatever zone it was made in and the manager reads in', async () => {
    // All-day events come as midnight to midnight whatever Prefer: outlook.timezone asks, "by design"
    // (microsoftgraph/microsoft-graph-docs#1802 and #16798, answered by Microsoft's Outlook API team).
    const WEST = 'a0a0a0a0-0000-4000-8000-000000000003';
    graph.calendars.addMailbox(WEST, 'lee@fabrikam.example');
    graph.calendars.addEvent(WEST, {
      subject: 'Tokyo plant visit',
      allDay: { date: '2026-10-30', zone: 'Asia/Tokyo' },
      attendees: [{ address: 'ken@northwind.example', name: 'Ken Sato', response: 'accepted' }],
      organizer: { address: 'lee@fabrikam.example', name: 'Lee' },
    });
    const la = { from: new Date('2026-10-01T00:00:00-07:00'), to: new Date('2026-11-01T00:00:00-07:00') };
    const pages = await all(reader().changes(WEST, { ...la, zone: 'America/Los_Angeles' }, null));
    const visit = pages.flatMap((p) => p.events).find((e) => e.subject === 'Tokyo plant visit')!;
    expect([visit.start.toISOString(), visit.end.toISOString()]).toEqual([
      '2026-10-30T00:00:00.000Z',
      '2026-10-31T00:00:00.000Z',
    ]);
  });

  it('Gives only what changed in the next round: an update, and a deleted event as removed', async () => {
    const g = reader();
    const first = await all(g.changes(AM, october, null));
    const link = first.at(-1)!.deltaLink!;
    const offsite = first.flatMap((p) => p.events).find((e) => e.subject === 'Offsite')!;
    const id = graph.calendars.addEvent(AM, {
      subject: 'Dinner',
      start: '2026-10-22T18:00:00Z',
      end: '2026-10-22T20:00:00Z',
      attendees: [],
      organizer: { address: 'alex@fabrikam.example' },
    });
    graph.calendars.deleteEvent(AM, offsite.id);
    const next = await all(g.changes(AM, october, link));
    expect(next.flatMap((p) => p.events).map((e) => e.id)).toEqual([id]);
    expect(next.flatMap((p) => p.removed)).toEqual([offsite.id]);
    expect(next.at(-1)!.deltaLink).toMatch(/deltatoken/);
  });

  it('Waits what Retry-After says when throttled, then goes on', async () => {
    const waits: number[] = [];
    graph.throttles.push({ times: 2, retryAfterSeconds: 7 });
    const pages = await all(reader({}, waits).changes(AM, october, null));
    expect(waits).toEqual([7000, 7000]);
    expect(pages.flatMap((p) => p.events).length).toBeGreaterThan(60);
  });

  it('Backs off 1, 2 s when a passing fault comes without Retry-After', async () => {
    const waits: number[] = [];
    graph.throttles.push({ times: 2, status: 503 });
    await all(reader({}, waits).changes(AM, october, null));
    expect(waits).toEqual([1000, 2000]);
  });

  it('Reports a mailbox outside the app scope, a wrong secret and a missing consent, each as itself', async () => {
    graph.scope = new Set([AM]);
    try {
      await expect(all(reader().changes(OUTSIDER, october, null))).rejects.toMatchObject({
        failure: 'OUT_OF_SCOPE',
        status: 403,
      });
      await expect(all(reader().changes(AM, october, null))).resolves.toBeDefined();
    } finally {
      graph.scope = undefined;
    }
    const wrong = all(reader({ clientSecret: 'not-it' }).changes(AM, october, null));
    await expect(wrong).rejects.toBeInstanceOf(GraphCallError);
    await expect(all(reader({ clientSecret: 'not-it' }).changes(AM, october, null))).rejects.toMatchObject({
      failure: 'AUTH',
      message: expect.stringContaining('AADSTS7000215'),
    });
    const noConsent = new GraphStandIn({ ...app, roles: [] }, () => clock.now().getTime());
    await noConsent.start();
    noConsent.calendars.addMailbox(AM, 'alex@fabrikam.example');
    try {
      const g = graphCalendar({ graphUrl: noConsent.url, loginUrl: noConsent.url, ...app }, { now: clock.now });
      await expect(all(g.changes(AM, october, null))).rejects.toMatchObject({ failure: 'NOT_CONSENTED' });
    } finally {
      await noConsent.stop();
    }
  });

  it('Never puts the secret or a token in an error message', async () => {
    const error = await all(reader({ clientSecret: 'not-it' }).changes(AM, october, null)).catch((e: Error) => e);
    expect(String((error as Error).message)).not.toMatch(/not-it|the-app-secret|eyJ/);
  });
});

describe('What Graph could send that the reader must not take as it is', () => {
  const hostile = (over: Record<string, unknown>) => ({
    id: 'AAMkHostile1=',
    iCalUId: 'x',
    subject: 'ok',
    start: { dateTime: '2026-10-12T10:00:00.0000000', timeZone: 'Europe/Berlin' },
    end: { dateTime: '2026-10-12T11:00:00.0000000', timeZone: 'Europe/Berlin' },
    isAllDay: false,
    isCancelled: false,
    sensitivity: 'normal',
    attendees: [],
    ...over,
  });

  it('Skips an event with an impossible date or an id that is not Graph-shaped, and reads the rest', async () => {
    graph.raw.set(AM, [
      hostile({ id: 'AAMkBadDate=', start: { dateTime: '2026-02-30T10:00:00.0000000', timeZone: 'UTC' } }),
      hostile({ id: 'a,b', subject: 'comma id' }),
      hostile({ id: 'AAMkNul=', start: { dateTime: '2026-10-12T10:00:00\u0000', timeZone: 'UTC' } }),
      hostile({
        id: 'AAMkProto=',
        subject: '__proto__',
        attendees: [{ type: 'required', emailAddress: { address: '__proto__@constructor' } }],
      }),
    ]);
    const pages = await all(reader().changes(AM, october, null));
    const events = pages.flatMap((p) => p.events);
    expect(pages.reduce((n, p) => n + p.skipped, 0)).toBe(3);
    expect(events.find((e) => e.id === 'AAMkProto=')).toMatchObject({ subject: '__proto__' });
    expect(events.some((e) => e.id === 'a,b' || e.id === 'AAMkBadDate=')).toBe(false);
  });

  it('Reads a time in the zone asked for when Graph names it its own way, and in UTC when it says UTC', async () => {
    // Graph names zones in Windows form too ("W. Europe Standard Time", "tzone://Microsoft/Utc"):
    // https://learn.microsoft.com/en-us/graph/api/resources/datetimetimezone
    const wall = { dateTime: '2026-10-12T10:00:00.0000000' };
    graph.raw.set(AM, [
      hostile({ id: 'AAMkWindows=', start: { ...wall, timeZone: 'W. Europe Standard Time' } }),
      hostile({ id: 'AAMkUtc=', start: { ...wall, timeZone: 'tzone://Microsoft/Utc' } }),
    ]);
    const events = (await all(reader().changes(AM, october, null))).flatMap((p) => p.events);
    const startOf = (id: string) => events.find((e) => e.id === id)!.start.toISOString();
    expect(startOf('AAMkWindows=')).toBe('2026-10-12T08:00:00.000Z');
    expect(startOf('AAMkUtc=')).toBe('2026-10-12T10:00:00.000Z');
  });

  it('Refuses a next link to another host, never sending its token there', async () => {
    const g = reader();
    const elsewhere = 'https://evil.example/v1.0/users/x/calendarView/delta?$deltatoken=abc';
    await expect(all(g.changes(AM, october, elsewhere))).rejects.toThrow('another host');
  });
});
