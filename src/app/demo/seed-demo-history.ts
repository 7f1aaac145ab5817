import type { Database } from '../../adapters/store/database.ts';
import { returnsStore } from '../../adapters/store/returns-store.ts';
import { peopleStore } from '../../adapters/store/people-store.ts';
import { tabStore } from '../../adapters/store/tab-store.ts';
import { addMonths, lastEndedPeriod, periodBounds, type Period } from '../../core/domain/period.ts';
import { calendarZone, meetingWindow } from '../../core/domain/local-time.ts';
import { clientManHours, ourManHours } from '../../core/domain/man-hours.ts';
import { salesforceAsSaved } from '../../core/domain/salesforce-changes.ts';
import {
  keptEventIds,
  type BallWith,
  type KeyActivity,
  type RiskFlag,
  type Stage,
} from '../../core/domain/monthly-return.ts';

const ACTIVITIES: [string, KeyActivity['type']][] = [
  ['Quarterly business review', 'milestone'],
  ['Joint planning workshop', 'workshop'],
  ['Executive sponsor meeting', 'executive_meeting'],
  ['Renewal proposal sent', 'renewal_step'],
  ['Pilot site went live', 'milestone'],
];
const BALL: BallWith[] = ['us', 'client', 'joint'];

/**
 * The account the README's walkthrough answers by hand. Its account manager's last month is left to the newcomer
 * (the month `npm run cycle -- open` asks about), and its month before is always answered, so the first save shows
 * whether the relationship is developing.
 */
const WALKTHROUGH_ACCOUNT = 'Northwind Logistics';

/**
 * The demo's history, so the tab has months to chart after `npm start`: for every demo key account, the last six
 * ended months answered as its account manager would (Salesforce's meetings confirmed as they are, a few key
 * activities, who has the ball, the stage). Months without meetings and a few others are left without a return, as
 * gaps; the walkthrough's account manager's last month is left for the README's walkthrough. Runs only on an empty
 * database with the demo org; returns how many returns it wrote.
 */
export async function seedDemoHistory(
  db: Database,
  now: Date,
  admitVideoCalls: boolean,
  orgTimeZone = 'UTC',
): Promise<number> {
  if (await tabStore(db).hasAnyReturn()) return 0;
  const returns = returnsStore(db);
  const last = lastEndedPeriod(now);
  let written = 0;
  let a = 0;
  for (const am of await peopleStore(db).accountManagers()) {
    const accounts = await returns.keyAccountsOf(am.sfUserId);
    const walksThrough = accounts.some((x) => x.name === WALKTHROUGH_ACCOUNT);
    for (const account of accounts) {
      a++;
      for (let back = 5; back >= 0; back--) {
        const period = addMonths(last, -back);
        if (walksThrough && back === 0) continue;
        if (account.name !== WALKTHROUGH_ACCOUNT && (a * 7 + back * 3) % 11 === 4) continue;
        const window = meetingWindow(period, calendarZone(am.timeZone, orgTimeZone));
        const meetings = await returns.salesforceMeetings(account.id, window);
        // A month Salesforce has no meetings for stays unanswered: a gap in the charts, as in a real history.
        if (!meetings.length) continue;
        const stage: Stage = (a + back) % 3 === 0 ? 4 : 3;
        const answers = {
          meetings,
          noMeetings: false,
          keyActivities: activities(period, a + back),
          ballWith: BALL[(a + back) % BALL.length]!,
          riskFlags: (account.name === 'Tailspin Toys' && back === 0 ? ['sponsor_left'] : []) as RiskFlag[],
          nextStep: null,
          stage,
          jointPlan: stage === 4,
          sharedMeasures: stage === 4 && a % 2 === 0,
        };
        const hours = {
          client: clientManHours(meetings, admitVideoCalls),
          ours: ourManHours(meetings, admitVideoCalls),
        };
        // Answered on the third day of the month after, at 09:00 UTC, as a check-in is (never after `now`).
        const answeredAt = new Date(
          Math.min(now.getTime(), periodBounds(addMonths(period, 1))[0].getTime() + 57 * 3600_000),
        );
        await returns.submit(period, account.id, am.sfUserId, answers, hours, am.email ?? am.name, answeredAt, {
          peopleMet: { window, keptEventIds: keptEventIds(meetings) },
          salesforce: salesforceAsSaved(meetings),
        });
        written++;
      }
    }
  }
  return written;
}

function activities(period: Period, seed: number): KeyActivity[] {
  return Array.from({ length: seed % 3 }, (_, k) => {
    const [title, type] = ACTIVITIES[(seed + k) % ACTIVITIES.length]!;
    return { title, type, date: `${period}-${String(8 + k * 9).padStart(2, '0')}` };
  });
}
