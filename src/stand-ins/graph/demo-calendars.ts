import type { Dataset, SfRecord } from '../salesforce/dataset.ts';
import type { GraphCalendars, StandInEventInput } from './graph-calendars.ts';

/** The demo people's Entra object ids: the Agents Playground's mock users (.m365agentsplayground.yml). */
export const DEMO_MAILBOXES: Readonly<Record<string, string>> = {
  'dana.whitfield@pulse-demo.example': '5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a01',
  'marco.rossi@pulse-demo.example': '5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a02',
  'priya.natarajan@pulse-demo.example': '5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a03',
  'lena.hoffmann@pulse-demo.example': '5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a04',
  'sam.okafor@pulse-demo.example': '5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a05',
  'grace.liu@pulse-demo.example': '5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a06',
};

const DAY = 86_400_000;
const at = (monthStart: Date, day: number, hour: number) =>
  new Date(monthStart.getTime() + (day - 1) * DAY + hour * 3_600_000);
const span = (start: Date, minutes: number) => ({
  start: start.toISOString(),
  end: new Date(start.getTime() + minutes * 60_000).toISOString(),
});

/** Whether a Salesforce datetime falls in the month starting at `month` (UTC). */
function isIn(sfDateTime: string, month: Date): boolean {
  const t = Date.parse(sfDateTime.replace(/\+0000$/, 'Z'));
  return t >= month.getTime() && t < Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1);
}

/**
 * The demo account managers' calendars, from the demo org, last month. Every manager lunched with a contact of their
 * last key account (and a colleague of the contact's whom Salesforce does not know); the first manager also walked a
 * distribution centre there with contacts, one of whom declined. On the first manager's first account (Northwind,
 * whose months follow the seed example and so keep their figures): a Teams call (a video call, not counted unless
 * admitted), a private appointment with a contact (never shown) and the calendar's copy of a meeting Salesforce has
 * (shown once, from Salesforce).
 */
export function fillDemoCalendars(calendars: GraphCalendars, data: Dataset, now: Date): void {
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const keyAccounts = data.records('Account').filter((a) => a.Key_Account__c === true);
  const contactsOf = (accountId: string) => data.records('Contact').filter((c) => c.AccountId === accountId);
  let first = true;
  for (const user of data.records('User')) {
    const email = String(user.Email ?? '');
    const mailbox = DEMO_MAILBOXES[email];
    if (!mailbox) continue;
    calendars.addMailbox(mailbox, email);
    const owned = keyAccounts.filter((a) => a.OwnerId === user.Id);
    if (!owned.length) continue;
    const me = { address: email, name: String(user.Name) };
    const person = (c: SfRecord | undefined, response = 'accepted') => ({
      address: String(c?.Email ?? ''),
      name: String(c?.Name ?? ''),
      response,
    });
    const add = (e: Omit<StandInEventInput, 'organizer'>) => calendars.addEvent(mailbox, { organizer: me, ...e });
    const last = owned.at(-1)!;
    const theirs = contactsOf(last.Id);
    const domain = String(theirs[0]?.Email ?? '@client.example').split('@')[1];
    add({
      subject: `Lunch with ${String(theirs[0]?.Name)}`,
      ...span(at(lastMonth, 9, 12), 90),
      location: { displayName: 'Trattoria Roma', locationType: 'restaurant' },
      attendees: [person(theirs[0]), { address: `j.doe@${domain}`, name: 'J. Doe', response: 'accepted' }],
    });
    if (!first) continue;
    first = false;
    add({
      subject: 'Warehouse walk-through',
      ...span(at(lastMonth, 16, 9), 120),
      location: { displayName: `${String(last.Name)} distribution centre`, locationType: 'businessAddress' },
      attendees: [person(theirs[4]), person(theirs[5], 'declined'), person(theirs[6], 'tentativelyAccepted')],
    });
    const account = owned[0]!;
    const contacts = contactsOf(account.Id);
    add({
      subject: 'Forecast call',
      ...span(at(lastMonth, 14, 15), 45),
      isOnlineMeeting: true,
      attendees: [person(contacts[1]), person(contacts[2])],
    });
    add({
      subject: 'Personal appointment',
      ...span(at(lastMonth, 20, 8), 60),
      sensitivity: 'private',
      attendees: [person(contacts[0])],
    });
    // The calendar's own copy of a meeting the account has in Salesforce this month: the same time, the same people.
    const recorded = data
      .records('Event')
      .filter((e) => e.AccountId === account.Id && !e.IsChild && isIn(String(e.StartDateTime), lastMonth))
      .sort((a, b) => String(a.StartDateTime).localeCompare(String(b.StartDateTime)))[0];
    const who = recorded && contacts.find((c) => c.Id === recorded.WhoId);
    if (recorded && who)
      add({
        subject: String(recorded.Subject ?? 'Meeting'),
        ...span(
          new Date(String(recorded.StartDateTime).replace(/\+0000$/, 'Z')),
          Number(recorded.DurationInMinutes ?? 60),
        ),
        location: { displayName: String(recorded.Location ?? 'Client office'), locationType: 'default' },
        attendees: [person(who)],
      });
  }
}
