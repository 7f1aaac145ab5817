import { plusDays } from './local-time.ts';

/** How often a shared channel gets the digest of its joint plan (issue 27, item 3). */
export type DigestCadence = 'weekly' | 'monthly';

/** The digest goes out from this hour of its Monday, on the organisation's calendar. */
export const DIGEST_HOUR = 9;

/** The day of the week of a calendar date, 0 Sunday .. 6 Saturday. */
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The first Monday of the month `date` falls in. */
function firstMondayOf(date: string): string {
  const first = `${date.slice(0, 7)}-01`;
  return plusDays(first, (8 - weekdayOf(first)) % 7);
}

/**
 * The digest due on `today` at `hour` (both on the organisation's calendar), or null: weekly, the week's Monday from
 * nine; monthly, the first Monday of the month from nine. Either may go later in its week (a server that was down
 * on Monday sends it on Tuesday), once: `monday` is its key. `since` is the previous digest's Monday, from which
 * the digest counts what was done. Pure.
 */
export function digestDue(
  cadence: DigestCadence,
  today: string,
  hour: number,
): { monday: string; since: string } | null {
  const monday = plusDays(today, -((weekdayOf(today) + 6) % 7));
  if (monday === today && hour < DIGEST_HOUR) return null;
  if (cadence === 'weekly') return { monday, since: plusDays(monday, -7) };
  if (firstMondayOf(monday) !== monday) return null;
  // The first Monday of the month before: a day of the month before, then its first Monday.
  return { monday, since: firstMondayOf(plusDays(`${monday.slice(0, 7)}-01`, -1)) };
}
