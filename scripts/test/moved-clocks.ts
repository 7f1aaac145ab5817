/** The instants `npm run test:clocks` moves the clock to, and the suites it runs there. */

/** One moved clock: a local wall-clock time in a time zone, and the same instant in UTC. */
export interface MovedClock {
  name: string;
  /** IANA time zone the processes run in (TZ). */
  tz: string;
  /** The wall-clock time there, `YYYY-MM-DD HH:mm`. */
  local: string;
  /** The same instant in UTC (ISO 8601); test/scripts/moved-clocks.test.ts checks the two agree. */
  utc: string;
}

/** Each is a place where a month, a year or a day is cut differently in UTC and on the local calendar. */
export const MOVED_CLOCKS: readonly MovedClock[] = [
  {
    name: 'the last day of a month at 23:30 in Los Angeles (already 1 November in UTC)',
    tz: 'America/Los_Angeles',
    local: '2026-10-31 23:30',
    utc: '2026-11-01T06:30:00Z',
  },
  {
    name: 'New Year, 00:30 on 1 January in Tokyo (still 31 December in UTC)',
    tz: 'Asia/Tokyo',
    local: '2027-01-01 00:30',
    utc: '2026-12-31T15:30:00Z',
  },
  {
    name: '29 February of a leap year, 08:00 on Kiritimati, UTC+14 (still 28 February in UTC)',
    tz: 'Pacific/Kiritimati',
    local: '2028-02-29 08:00',
    utc: '2028-02-28T18:00:00Z',
  },
  {
    name: 'the night US clocks fall back, 01:30 on 1 November in New York (an hour that happens twice)',
    tz: 'America/New_York',
    local: '2026-11-01 01:30',
    utc: '2026-11-01T05:30:00Z',
  },
  {
    name: 'the morning European clocks spring forward, 03:30 on 28 March in Berlin',
    tz: 'Europe/Berlin',
    local: '2027-03-28 03:30',
    utc: '2027-03-28T01:30:00Z',
  },
];

/**
 * The pure date-sensitive suites (periods, local time, scoring, cards): a few seconds each, run under every moved
 * clock.
 */
export const EVERY_CLOCK_TESTS: readonly string[] = [
  'test/domain',
  'test/scoring',
  'test/cards/cards.test.ts',
  'test/cards/salesforce-names.test.ts',
  'test/scripts/moved-clocks.test.ts',
];

/**
 * The date-sensitive suites that start servers, stand-ins and databases: the cycle, ratings, the sync and the tab.
 * Each runs under one moved clock (`clockShare`), so the whole set costs about one run of it, not five.
 */
export const ONE_CLOCK_TESTS: readonly string[] = [
  'test/cycle/cycle-open-and-answer.test.ts',
  'test/cycle/cycle-close.test.ts',
  'test/cycle/cycle-reminders.test.ts',
  'test/cycle/cycle-schedule.test.ts',
  'test/cycle/busy-month.test.ts',
  'test/cycle/log-meeting.test.ts',
  'test/cycle/seed-example.test.ts',
  'test/cycle/validation-bypass.test.ts',
  'test/ratings/client-ratings.test.ts',
  'test/ratings/demo-round.test.ts',
  'test/ratings/round-close-resume.test.ts',
  'test/ratings/round-races.test.ts',
  'test/ratings/elements-and-irritants.test.ts',
  'test/salesforce/sync.test.ts',
  'test/salesforce/real-org-meetings.test.ts',
  'test/salesforce/soql-stand-in.test.ts',
  'test/salesforce/salesforce-refusals.test.ts',
  'test/tab/tab-api.test.ts',
  'test/reports/one-number-everywhere.test.ts',
  'test/reports/one-number-ratings-and-logged.test.ts',
];

/** Every date-sensitive suite. */
export const DATE_SENSITIVE_TESTS: readonly string[] = [...EVERY_CLOCK_TESTS, ...ONE_CLOCK_TESTS];

/**
 * The one-clock suites dealt in turn to the clocks `among` (indexes into MOVED_CLOCKS), so each clock runs a fixed
 * share: the deal depends on the list alone, never on the day it runs.
 */
export function clockShare(clock: number, among: readonly number[]): string[] {
  const seat = among.indexOf(clock);
  if (seat < 0) return [];
  return ONE_CLOCK_TESTS.filter((_, i) => i % among.length === seat);
}

/**
 * The flows that also run on PostgreSQL: the bot, the monthly cycle, ratings and the tab's API (the tab's browser
 * test reads the same API, so it runs on PGlite only).
 */
export const FLOW_TESTS: readonly string[] = [
  'test/bot',
  'test/cycle',
  'test/ratings',
  'test/tab/tab-api.test.ts',
  'test/tab/tab-rating-api.test.ts',
  'test/tab/joint-view-members.test.ts',
];
