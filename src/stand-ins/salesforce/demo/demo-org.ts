import type { Dataset } from '../dataset.ts';
import { sfDateTime } from '../dataset.ts';
import { addMeeting } from './add-meeting.ts';
import { type DemoGenerator, type DemoOrgOptions, demoGenerator, monthStart } from './demo-generator.ts';
import { DEMO_INTEGRATION_USERNAME, demoPeople } from './demo-people.ts';
import { northwindMeetings } from './northwind-meetings.ts';
import { woodgroveMeetings } from './woodgrove-meetings.ts';

export type { DemoOrgOptions } from './demo-generator.ts';
export { DEMO_INTEGRATION_USERNAME, demoPeople } from './demo-people.ts';

const ACCOUNT_NAMES = [
  'Northwind Logistics',
  'Contoso Pharma',
  'Fabrikam Foods',
  'Tailspin Toys',
  'Woodgrove Bank',
  'Litware Energy',
  'Adventure Works Cycles',
  'Proseware Health',
  'Wide World Importers',
  'Alpine Ski House',
  'Coho Winery',
  'Blue Yonder Airlines',
];

/**
 * The key account whose manager (Priya, in Kolkata, 5 h 30 ahead of UTC) met its client at 02:00 on the first day
 * of last month on her calendar: 20:30 UTC on the last day of the month before. Made last, so no other record's id
 * moves.
 */
const STRADDLING_ACCOUNT = 'Adventure Works Cycles';

/** A meeting that straddles a month boundary in its account manager's zone (DOMAIN.md, measure 1: her month). */
function straddlingMeeting(g: DemoGenerator, at: { accountId: string; ownerId: string; contactId: string }, now: Date) {
  addMeeting(g, {
    accountId: at.accountId,
    ownerId: at.ownerId,
    subject: 'Early breakfast with the plant managers',
    start: new Date(monthStart(now, -1).getTime() - 3.5 * 3_600_000),
    minutes: 60,
    type: 'Meeting',
    location: `${STRADDLING_ACCOUNT} plant, Pune`,
    contacts: [at.contactId],
    style: 'who',
  });
}

/** The key account one of whose support cases was reviewed with its people in a meeting about the case. */
const CASE_MEETING_ACCOUNT = 'Litware Energy';

/**
 * A meeting about a case: its What is the case and it names no contact of its own, the client's people being
 * invitees only, so Salesforce leaves its AccountId empty (Event object reference: AccountId comes from an
 * account-like What or a contact Who). On the 20th of last month, about the earliest case opened before then.
 */
function caseMeeting(
  g: DemoGenerator,
  at: { ownerId: string; contactIds: string[]; cases: { id: string; created: Date }[] },
  now: Date,
) {
  const start = new Date(monthStart(now, -1).getTime() + 19 * 86_400_000 + 14 * 3_600_000);
  const about = at.cases.filter((c) => c.created < start).sort((a, b) => +a.created - +b.created)[0];
  if (!about) return;
  const event = g.data.put('Event', {
    AccountId: null,
    WhatId: about.id,
    WhoId: null,
    OwnerId: at.ownerId,
    Subject: 'Case review: outage follow-up',
    StartDateTime: sfDateTime(start),
    EndDateTime: sfDateTime(new Date(start.getTime() + 90 * 60_000)),
    DurationInMinutes: 90,
    ActivityDate: start.toISOString().slice(0, 10),
    IsAllDayEvent: false,
    Type: 'Meeting',
    Location: `${CASE_MEETING_ACCOUNT} control room`,
    ShowAs: 'Busy',
    IsPrivate: false,
    IsChild: false,
    IsGroupEvent: true,
    GroupEventType: '1',
    IsRecurrence: false,
    IsRecurrence2: false,
    Description: null,
    SystemModstamp: g.stampOf(),
  });
  for (const contactId of at.contactIds.slice(0, 2))
    g.data.put('EventRelation', {
      EventId: event.Id,
      RelationId: contactId,
      AccountId: null,
      IsInvitee: true,
      IsParent: false,
      IsWhat: false,
      Status: 'Accepted',
      SystemModstamp: g.stampOf(),
    });
}

const TITLES: Record<'Executive' | 'Management' | 'Operational', string[]> = {
  Executive: ['Chief Executive Officer', 'Chief Financial Officer', 'VP Supply Chain', 'Chief Operating Officer'],
  Management: ['Head of Procurement', 'Logistics Manager', 'Director of Operations', 'Category Manager'],
  Operational: ['Buyer', 'Planner', 'Warehouse Coordinator', 'Analyst'],
};

/**
 * Builds the demo org: key accounts owned by the demo account managers, contacts at three levels, six months
 * of meetings with attendees (Northwind follows the seed example; Fabrikam's client hours fall; Tailspin's
 * executive sponsor has left), open opportunities and support cases (Litware has a spike this week).
 */
export function buildDemoOrg(options: DemoOrgOptions): Dataset {
  const nAccounts = options.keyAccounts ?? 12;
  const perAccount = options.meetingsPerAccount ?? 10;
  const g = demoGenerator(options);
  const { data, now, rnd, pick, stampOf } = g;
  const northwindMonth = northwindMeetings(g, () => users.get('sam')!);

  data.put('User', {
    Name: 'Pulse Integration',
    Username: DEMO_INTEGRATION_USERNAME,
    Email: DEMO_INTEGRATION_USERNAME,
    IsActive: true,
    TimeZoneSidKey: 'Europe/London',
    FederationIdentifier: null,
    ManagerId: null,
    SystemModstamp: stampOf(),
  });
  const users = new Map<string, string>();
  for (const p of demoPeople) {
    const u = data.put('User', {
      Name: p.name,
      Username: p.email,
      Email: p.email,
      FederationIdentifier: p.key === 'marco' ? null : p.email,
      TimeZoneSidKey: p.tz,
      IsActive: true,
      ManagerId: p.manager ? users.get(p.manager) : null,
      SystemModstamp: stampOf(),
    });
    users.set(p.key, u.Id);
  }
  const ams = demoPeople.filter((p) => p.title === 'Key Account Manager').map((p) => users.get(p.key)!);

  let straddling: { accountId: string; ownerId: string; contactId: string } | undefined;
  let aboutCase: { ownerId: string; contactIds: string[]; cases: { id: string; created: Date }[] } | undefined;
  for (let i = 0; i < nAccounts; i++) {
    const name =
      i < ACCOUNT_NAMES.length
        ? ACCOUNT_NAMES[i]!
        : `${pick(['Apex', 'Nimbus', 'Vertex', 'Harbor', 'Summit'])} ${pick(['Industries', 'Retail', 'Systems', 'Foods', 'Group'])} ${i}`;
    const ownerId = ams[i % ams.length]!;
    const account = data.put('Account', {
      Name: name,
      OwnerId: ownerId,
      AnnualRevenue: Math.round(5 + rnd() * 95) * 1_000_000,
      Industry: pick(['Logistics', 'Pharma', 'Food', 'Retail', 'Banking', 'Energy']),
      Type: 'Customer - Direct',
      Key_Account__c: true,
      Pulse_Status__c: null,
      Pulse_Client_Man_Hours__c: null,
      Pulse_Last_Period__c: null,
      SystemModstamp: stampOf(),
    });
    // The sales director is on every key account's team.
    data.put('AccountTeamMember', {
      AccountId: account.Id,
      UserId: users.get('sam'),
      TeamMemberRole: 'Sales Manager',
      SystemModstamp: stampOf(),
    });
    const contacts: { id: string; level: string }[] = [];
    for (const level of ['Executive', 'Management', 'Operational'] as const) {
      for (let k = 0; k < (level === 'Operational' ? 3 : 2); k++) {
        const first = pick(['Ava', 'Ben', 'Chloe', 'Diego', 'Elif', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jun']);
        const last = pick(['Novak', 'Singh', 'Moreau', 'Kowalski', 'Okoye', 'Tanaka', 'Berg', 'Silva']);
        const sponsorLeft = name === 'Tailspin Toys' && level === 'Executive' && k === 0;
        const c = data.put('Contact', {
          AccountId: account.Id,
          Name: `${first} ${last}`,
          Title: sponsorLeft ? 'Chief Executive Officer (sponsor)' : pick(TITLES[level]),
          Email: `${first}.${last}@${name.toLowerCase().replace(/[^a-z]/g, '')}.example`.toLowerCase(),
          Pulse_Level__c: rnd() < 0.7 ? level : null,
          Pulse_Left_Company__c: sponsorLeft,
          SystemModstamp: stampOf(),
        });
        contacts.push({ id: c.Id, level });
      }
    }
    if (name === STRADDLING_ACCOUNT) straddling = { accountId: account.Id, ownerId, contactId: contacts[0]!.id };
    // Meetings: six full months before this one; the series decides client attendees and hours. They are recorded
    // the ways real orgs record them (see addMeeting), so every run of the demo and the tests meets each shape.
    const months = 6;
    for (let m = -months; m < 0; m++) {
      const index = m + months;
      let meetings = Math.max(1, Math.round(perAccount / months + (rnd() - 0.5)));
      let people = 1 + Math.floor(rnd() * 4);
      let hours = pick([0.5, 1, 1.5, 2]);
      const dayIn = () =>
        new Date(
          monthStart(now, m).getTime() +
            (3 + Math.floor(rnd() * 20)) * 86_400_000 +
            (9 + Math.floor(rnd() * 6)) * 3_600_000,
        );
      if (name === 'Northwind Logistics') {
        if (index === 0) continue; // no meetings in the first month: the seed series starts in month 2
        northwindMonth(index, dayIn(), account.Id, ownerId, contacts);
        continue;
      }
      if (name === 'Fabrikam Foods') {
        people = Math.max(1, 6 - index);
        hours = 1;
        meetings = 1;
      }
      for (let k = 0; k < meetings; k++) {
        const faceToFace = name === 'Fabrikam Foods' || rnd() < 0.7;
        const attendees = [...contacts].sort(() => rnd() - 0.5).slice(0, Math.min(people, contacts.length));
        addMeeting(g, {
          accountId: account.Id,
          ownerId,
          subject: pick(['Quarterly business review', 'Operations sync', 'Workshop', 'Executive dinner', 'Site visit']),
          start: dayIn(),
          minutes: Math.round(hours * 60),
          type: faceToFace ? 'Meeting' : 'Video Call',
          location: faceToFace ? `${name} HQ` : 'Microsoft Teams',
          contacts: attendees.map((a) => a.id),
          style: pick(['shared', 'shared', 'invitees', 'who']),
        });
      }
      if (name === 'Woodgrove Bank' && m === -1)
        woodgroveMeetings(g, account.Id, ownerId, contacts, monthStart(now, m));
    }
    for (let o = 0; o < 2; o++) {
      const close = new Date(now.getTime() + (30 + Math.floor(rnd() * 300)) * 86_400_000).toISOString().slice(0, 10);
      data.put('Opportunity', {
        AccountId: account.Id,
        Name: `${name} ${o === 0 ? 'renewal' : 'expansion'}`,
        Amount: Math.round(50 + rnd() * 950) * 1000,
        CloseDate: close,
        StageName: pick(['Qualification', 'Proposal', 'Negotiation']),
        IsClosed: false,
        Type: o === 0 ? 'Renewal' : 'New Business',
        SystemModstamp: stampOf(),
      });
    }
    const weeks = 9;
    for (let w = 0; w < weeks; w++) {
      const spike = name === 'Litware Energy' && w === weeks - 1;
      const count = spike ? 9 : Math.floor(rnd() * 3);
      for (let k = 0; k < count; k++) {
        const created = new Date(
          now.getTime() - (weeks - 1 - w) * 7 * 86_400_000 - Math.floor(rnd() * 6) * 86_400_000 - 3_600_000,
        );
        const c = data.put('Case', {
          AccountId: account.Id,
          CreatedDate: sfDateTime(created),
          Status: pick(['New', 'Working', 'Closed']),
          Priority: spike ? 'High' : pick(['Low', 'Medium']),
          SystemModstamp: stampOf(),
        });
        if (name === CASE_MEETING_ACCOUNT) {
          aboutCase ??= { ownerId, contactIds: contacts.map((x) => x.id), cases: [] };
          aboutCase.cases.push({ id: c.Id, created });
        }
      }
    }
  }
  // A non-key account, to prove the filter matters.
  data.put('Account', {
    Name: 'Occasional Buyer Ltd',
    OwnerId: ams[0],
    AnnualRevenue: 200_000,
    Industry: 'Retail',
    Type: 'Prospect',
    Key_Account__c: false,
    SystemModstamp: stampOf(),
  });
  if (straddling) straddlingMeeting(g, straddling, now);
  if (aboutCase) caseMeeting(g, aboutCase, now);
  // In a multi-currency org every record carries a currency: the corporate one unless a test gives another.
  if (options.currency?.rates)
    for (const type of ['Account', 'Opportunity'])
      for (const r of data.records(type)) r.CurrencyIsoCode ??= options.currency.corporate;
  return data;
}
