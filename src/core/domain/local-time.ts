import { periodBounds, type Period } from './period.ts';

/** The parts of a local time read here: date, 24-hour time and weekday. */
const PARTS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
  weekday: 'short',
};

/** One formatter per zone: building one costs far more than formatting with it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...PARTS, timeZone });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is a zone this runtime knows (Salesforce's TimeZoneSidKey values are IANA names). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whose calendar decides: the account manager's own zone (Salesforce's `TimeZoneSidKey`), else the organisation's,
 * else UTC; a zone the runtime does not know counts as unknown.
 */
export function calendarZone(personZone: string | null | undefined, orgZone: string | undefined): string {
  if (personZone && isTimeZone(personZone)) return personZone;
  return orgZone && isTimeZone(orgZone) ? orgZone : 'UTC';
}

/** The calendar date, time and weekday of an instant in a time zone (UTC for a zone the runtime does not know). */
export function localParts(
  at: Date,
  timeZone: string | null,
): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const p = Object.fromEntries(
    formatterFor(calendarZone(timeZone, 'UTC'))
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!),
  };
}

/** A calendar date (`YYYY-MM-DD`) `days` later (earlier when negative): calendar arithmetic, no time zone involved. */
export const plusDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The local date of an instant as `YYYY-MM-DD`. */
export function localDate(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** How far `timeZone`'s clocks are ahead of UTC at an instant, in milliseconds. */
function offsetAt(t: number, timeZone: string): number {
  const p = localParts(new Date(t), timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/** The instant the wall clock in `timeZone` reads `wallUtc` (a wall time written as if it were UTC). */
function instantOfWallTime(wallUtc: number, timeZone: string): Date {
  // Two passes: the offset at the guess may differ from the offset at the answer across a change of clocks.
  const first = wallUtc - offsetAt(wallUtc, timeZone);
  return new Date(wallUtc - offsetAt(first, timeZone));
}

/**
 * The instant a wall time reads in `timeZone`: `2026-10-05T11:00:00.0000000` in Europe/Berlin is 09:00 UTC (Graph
 * writes event times so, in the zone asked for). Seconds' fractions are dropped.
 */
export function instantOfLocal(wall: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(wall);
  if (!m) throw new RangeError(`not a wall time: ${wall.slice(0, 40)}`);
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  return instantOfWallTime(Date.UTC(y!, mo! - 1, d!, h!, mi!, se!), calendarZone(timeZone, 'UTC'));
}

/** [the first instant of the month, the first instant of the next) on the calendar of `timeZone`. */
export function periodBoundsIn(p: Period, timeZone: string): [Date, Date] {
  const key = `${p} ${timeZone}`;
  let bounds = monthBounds.get(key);
  if (!bounds) {
    const [from, to] = periodBounds(p);
    bounds = [instantOfWallTime(from.getTime(), timeZone), instantOfWallTime(to.getTime(), timeZone)].map((d) =>
      d.getTime(),
    ) as [number, number];
    if (monthBounds.size >= MAX_MONTH_BOUNDS) monthBounds.clear();
    monthBounds.set(key, bounds);
  }
  return [new Date(bounds[0]), new Date(bounds[1])];
}

/**
 * A month's bounds by month and zone: four formatter calls each, on every save and form (issue 28's profile), for
 * an answer that only the zone's rules decide. Bounded; new Dates each call, so no caller can change a cached one.
 */
const monthBounds = new Map<string, [number, number]>();
const MAX_MONTH_BOUNDS = 2_000;

/**
 * Which Salesforce meetings belong to a month (DOMAIN.md, measure 1): a timed meeting to the month in which it
 * started on the account manager's calendar (`from`..`to`, instants), an all-day meeting to its date (Salesforce
 * stores it at midnight UTC of that date: `allDayFrom`..`allDayTo`). `timeZone` dates the meetings on the form.
 */
export interface MeetingWindow {
  from: Date;
  to: Date;
  allDayFrom: Date;
  allDayTo: Date;
  timeZone: string;
}

/** The meeting window of a month on the calendar of `timeZone`. */
export function meetingWindow(p: Period, timeZone: string): MeetingWindow {
  const [from, to] = periodBoundsIn(p, timeZone);
  const [allDayFrom, allDayTo] = periodBounds(p);
  return { from, to, allDayFrom, allDayTo, timeZone };
}

/**
 * Whether a meeting starting at `start` belongs to the window's month: a timed one by its instant, an all-day one by
 * its date, as the stores' SQL cuts a window (`meetingsSql`, `peopleMetSql`).
 */
export function inMeetingWindow(start: Date, isAllDay: boolean, w: MeetingWindow): boolean {
  const at = start.getTime();
  return isAllDay
    ? at >= w.allDayFrom.getTime() && at < w.allDayTo.getTime()
    : at >= w.from.getTime() && at < w.to.getTime();
}

const DAY_MS = 86_400_000;

/**
 * A window that holds the month's meetings on any calendar: UTC offsets run from -12:00 to +14:00, so every zone's
 * month starts and ends within a day of the UTC month's. For reading before the calendar is known (a save reads its
 * user and the meetings in one statement); `inMeetingWindow` then keeps the month's own.
 */
export function anyZoneMeetingWindow(p: Period): MeetingWindow {
  const [allDayFrom, allDayTo] = periodBounds(p);
  return {
    from: new Date(allDayFrom.getTime() - DAY_MS),
    to: new Date(allDayTo.getTime() + DAY_MS),
    allDayFrom,
    allDayTo,
    timeZone: 'UTC',
  };
}
