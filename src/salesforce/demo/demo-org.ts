import { Dataset, sfDateTime } from '../stand-in/dataset.ts';
import { readFields, customFieldsOnStandardObjects, customObjects } from '../sf-schema.ts';
import { realOrgFields } from '../stand-in/real-org-fields.ts';

/** Size and clock of a generated org; the defaults are the demo org `npm start` shows. */
export interface DemoOrgOptions {
  keyAccounts?: number;
  meetingsPerAccount?: number;
  now?: Date;
  seed?: number;
}

/** The integration user the sync authenticates as. */
export const DEMO_INTEGRATION_USERNAME = 'integration@pulse-demo.example';

/** The demo account managers and leaders: the same people (and e-mails) as the Agents Playground's mock users. */
export const demoPeople = [
  {
    key: 'grace',
    name: 'Grace Liu',
    email: 'grace.liu@pulse-demo.example',
    tz: 'Europe/London',
    manager: null,
    title: 'VP Key Accounts',
  },
  {
    key: 'sam',
    name: 'Sam Okafor',
    email: 'sam.okafor@pulse-demo.example',
    tz: 'Europe/London',
    manager: 'grace',
    title: 'Sales Director',
  },
  {
    key: 'dana',
    name: 'Dana Whitfield',
    email: 'dana.whitfield@pulse-demo.example',
    tz: 'Europe/London',
    manager: 'sam',
    title: 'Key Account Manager',
  },
  {
    key: 'marco',
    name: 'Marco Rossi',
    email: 'marco.rossi@pulse-demo.example',
    tz: 'Europe/Rome',
    manager: 'sam',
    title: 'Key Account Manager',
  },
  {
    key: 'priya',
    name: 'Priya Natarajan',
    email: 'priya.natarajan@pulse-demo.example',
    tz: 'Asia/Kolkata',
    manager: 'sam',
    title: 'Key Account Manager',
  },
  {
    key: 'lena',
    name: 'Lena Hoffmann',
    email: 'lena.hoffmann@pulse-demo.example',
    tz: 'Europe/Berlin',
    manager: 'sam',
    title: 'Key Account Manager',
  },
] as const;

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

const TITLES: Record<'Executive' | 'Management' | 'Operational', string[]> = {
  Executive: ['Chief Executive Officer', 'Chief Financial Officer', 'VP Supply Chain', 'Chief Operating Officer'],
  Management: ['Head of Procurement', 'Logistics Manager', 'Director of Operations', 'Category Manager'],
  Operational: ['Buyer', 'Planner', 'Warehouse Coordinator', 'Analyst'],
};

/** A small deterministic PRNG, so the demo org is the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function monthStart(now: Date, offset: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}

/**
 * Builds the demo org: key accounts owned by the demo account managers, contacts at three levels, six months
 * of meetings with attendees (Northwind follows the seed example; Fabrikam's client hours fall; Tailspin's
 * executive sponsor has left), open opportunities and support cases (Litware has a spike this week).
 */
export function buildDemoOrg(options: DemoOrgOptions = {}): Dataset {
  const now = options.now ?? new Date();
  const nAccounts = options.keyAccounts ?? 12;
  const perAccount = options.meetingsPerAccount ?? 10;
  const rnd = prng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const data = new Dataset();
  for (const [type, fields] of Object.entries(readFields)) data.declareFields(type, fields);
  for (const [type, fields] of Object.entries(customFieldsOnStandardObjects))
    data.declareFields(type, Object.keys(fields));
  for (const [type, spec] of Object.entries(customObjects)) data.declareFields(type, Object.keys(spec.fields));
  data.declareFields('User', ['Username']);
  data.declareFields('Account', ['Key_Account__c']);
  data.declareFields('Contact', ['Pulse_Level__c']);
  for (const [type, fields] of Object.entries(realOrgFields)) data.declareFields(type, fields);
  // Last modified at different moments of the past month, as real records are.
  const stampOf = () => sfDateTime(new Date(now.getTime() - 86_400_000 - Math.floor(rnd() * 30 * 86_400_000)));

  /**
   * One meeting as a real org records it. `style`: `who` is Event.WhoId only (no Shared Activities: EventRelation
   * holds invitees only, and this meeting has none); `invitees` is WhoId plus the other contacts invited
   * (IsInvitee = true); `shared` is Shared Activities: every contact a related Who (IsParent = true,
   * IsInvitee = false) with the first as WhoId. The organiser (the owner) never has an EventRelation row. Invited
   * users get an accepted row and a child copy of the event (IsChild = true); declined contacts a Declined row.
   */
  const addMeeting = (o: {
    accountId: string;
    ownerId: string;
    subject: string;
    start: Date;
    minutes: number;
    type: string | null;
    location?: string | null;
    contacts: string[];
    style: 'who' | 'invitees' | 'shared';
    declined?: string[];
    users?: string[];
    allDay?: boolean;
    extra?: Record<string, unknown>;
  }) => {
    const fields = {
      AccountId: o.accountId,
      WhatId: o.accountId,
      WhoId: o.contacts[0] ?? null,
      OwnerId: o.ownerId,
      Subject: o.subject,
      StartDateTime: sfDateTime(o.start),
      EndDateTime: sfDateTime(new Date(o.start.getTime() + o.minutes * 60_000)),
      DurationInMinutes: o.minutes,
      ActivityDate: o.start.toISOString().slice(0, 10),
      IsAllDayEvent: o.allDay ?? false,
      Type: o.type,
      Location: o.location ?? null,
      ShowAs: 'Busy',
      IsPrivate: false,
      IsChild: false,
      IsGroupEvent: (o.users?.length ?? 0) > 0 || o.style !== 'who',
      GroupEventType: (o.users?.length ?? 0) > 0 || o.style !== 'who' ? '1' : '0',
      IsRecurrence: false,
      IsRecurrence2: false,
      Description: null,
      SystemModstamp: stampOf(),
      ...o.extra,
    };
    const event = data.put('Event', fields);
    const relation = (relationId: string, isInvitee: boolean, isParent: boolean, status: string) =>
      data.put('EventRelation', {
        EventId: event.Id,
        RelationId: relationId,
        AccountId: o.accountId,
        IsInvitee: isInvitee,
        IsParent: isParent,
        IsWhat: false,
        Status: status,
        SystemModstamp: stampOf(),
      });
    if (o.style === 'shared') for (const c of o.contacts) relation(c, false, true, 'New');
    if (o.style === 'invitees') for (const c of o.contacts.slice(1)) relation(c, true, false, 'Accepted');
    for (const c of o.declined ?? []) relation(c, true, o.style === 'shared' && c === o.contacts[0], 'Declined');
    for (const u of o.users ?? []) {
      relation(u, true, false, 'Accepted');
      // The invitee's own calendar copy: the same meeting, never a second one.
      data.put('Event', { ...fields, OwnerId: u, IsChild: true, SystemModstamp: stampOf() });
    }
    return event;
  };
  // A consultant's firm: its contacts attend client meetings but are not the client. Made when first needed, so the
  // first account of the org stays Northwind.
  let consultantId: string | undefined;
  const consultant = () => {
    if (consultantId) return consultantId;
    const firm = data.put('Account', {
      Name: 'Bright Advisory LLP',
      OwnerId: null,
      AnnualRevenue: 3_000_000,
      Industry: 'Consulting',
      Type: 'Partner',
      Key_Account__c: false,
      SystemModstamp: stampOf(),
    });
    consultantId = data.put('Contact', {
      AccountId: firm.Id,
      Name: 'Quinn Harper',
      Title: 'Supply Chain Consultant',
      Email: 'quinn.harper@brightadvisory.example',
      Pulse_Level__c: null,
      Pulse_Left_Company__c: false,
      SystemModstamp: stampOf(),
    }).Id;
    return consultantId;
  };
  const prospect = data.put('Lead', {
    Name: 'Robin Vale',
    Company: 'Northwind Logistics',
    Status: 'Open - Not Contacted',
    SystemModstamp: stampOf(),
  });
  /**
   * Northwind follows the seed example (1 x 0.5 h, 1 x 1 h, 2 x 1 h, 6 x 1 h, 4 x 2 h client man-hours), each
   * month recorded in another real-org shape, with attendees that must not count.
   */
  const northwindMonth = (
    index: number,
    start: Date,
    accountId: string,
    ownerId: string,
    contacts: { id: string }[],
  ) => {
    const ids = contacts.map((c) => c.id);
    const base = { accountId, ownerId, location: 'Northwind Logistics HQ' };
    if (index === 1)
      // Without Shared Activities: the contact is the WhoId alone.
      addMeeting({
        ...base,
        subject: 'Introductory visit',
        start,
        minutes: 30,
        type: 'Meeting',
        contacts: [ids[0]!],
        style: 'who',
      });
    else if (index === 2) {
      // Shared Activities; a declined invitee and a lead invited too; Sam joins (and gets a child copy).
      const event = addMeeting({
        ...base,
        subject: 'Operations sync',
        start,
        minutes: 60,
        type: 'Meeting',
        contacts: [ids[2]!],
        style: 'shared',
        declined: [ids[3]!],
        users: [samId()],
      });
      data.put('EventRelation', {
        EventId: event.Id,
        RelationId: prospect.Id,
        AccountId: null,
        IsInvitee: true,
        IsParent: false,
        IsWhat: false,
        Status: 'New',
        SystemModstamp: stampOf(),
      });
    } else if (index === 3) {
      // A Classic weekly series: its master record (IsRecurrence = true) beside two occurrences.
      const first = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 5, 10));
      const master = addMeeting({
        ...base,
        subject: 'Weekly planning (series)',
        start: first,
        minutes: 60,
        type: 'Meeting',
        contacts: [ids[4]!],
        style: 'who',
        extra: {
          IsRecurrence: true,
          RecurrenceStartDateTime: sfDateTime(first),
          RecurrenceEndDateOnly: new Date(first.getTime() + 7 * 86_400_000).toISOString().slice(0, 10),
          RecurrenceType: 'RecursWeekly',
          RecurrenceInterval: 1,
          RecurrenceDayOfWeekMask: 2 ** first.getUTCDay(),
        },
      });
      for (const week of [0, 1])
        addMeeting({
          ...base,
          subject: 'Weekly planning',
          start: new Date(first.getTime() + week * 7 * 86_400_000),
          minutes: 60,
          type: 'Meeting',
          contacts: [ids[4]!],
          style: 'who',
          extra: { RecurrenceActivityId: master.Id },
        });
    } else if (index === 4)
      // Invitees without Shared Activities, no Type recorded (the default counts it face to face), and a
      // consultant from another company who is not the client.
      addMeeting({
        ...base,
        subject: 'Supply chain workshop',
        start,
        minutes: 60,
        type: null,
        contacts: [...ids.slice(0, 6), consultant()],
        style: 'invitees',
      });
    else
      addMeeting({
        ...base,
        subject: 'Quarterly business review',
        start,
        minutes: 120,
        type: 'Meeting',
        contacts: ids.slice(0, 4),
        style: 'shared',
      });
  };
  /**
   * Last month on Woodgrove Bank (Dana's), the shapes that need a rule: a two-day workshop, an all-day site visit,
   * a 0-minute meeting logged with no Type, and a Lightning event series (its series record beside occurrences).
   */
  const realOrgShapes = (accountId: string, ownerId: string, contacts: { id: string }[], month: Date) => {
    const ids = contacts.map((c) => c.id);
    const at = (day: number, hour: number) => new Date(month.getTime() + (day - 1) * 86_400_000 + hour * 3_600_000);
    const base = { accountId, ownerId, location: 'Woodgrove Bank HQ' };
    addMeeting({
      ...base,
      subject: 'Two-day design workshop',
      start: at(24, 9),
      minutes: 32 * 60,
      type: 'Meeting',
      contacts: ids.slice(0, 3),
      style: 'shared',
    });
    addMeeting({
      ...base,
      subject: 'Site visit',
      start: at(26, 0),
      minutes: 1440,
      type: 'Meeting',
      contacts: [ids[3]!],
      style: 'who',
      allDay: true,
    });
    addMeeting({
      ...base,
      subject: 'Call logged after the fact',
      start: at(27, 15),
      minutes: 0,
      type: null,
      contacts: [ids[4]!],
      style: 'who',
    });
    const seriesStart = at(3, 14);
    const series = addMeeting({
      ...base,
      subject: 'Fortnightly check-in (series)',
      start: seriesStart,
      minutes: 30,
      type: 'Meeting',
      contacts: [ids[5]!],
      style: 'who',
      extra: {
        GroupEventType: '3',
        IsRecurrence2: true,
        Recurrence2PatternText: 'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=2',
        Recurrence2PatternVersion: '1',
      },
    });
    for (const k of [0, 1])
      addMeeting({
        ...base,
        subject: 'Fortnightly check-in',
        start: new Date(seriesStart.getTime() + k * 14 * 86_400_000),
        minutes: 30,
        type: 'Meeting',
        contacts: [ids[5]!],
        style: 'who',
        extra: {
          IsRecurrence2: true,
          IsRecurrence2Exception: false,
          IsRecurrence2Exclusion: false,
          Recurrence2PatternText: series.Recurrence2PatternText,
        },
      });
  };
  const samId = () => users.get('sam')!;

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
        addMeeting({
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
      if (name === 'Woodgrove Bank' && m === -1) realOrgShapes(account.Id, ownerId, contacts, monthStart(now, m));
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
        data.put('Case', {
          AccountId: account.Id,
          CreatedDate: sfDateTime(created),
          Status: pick(['New', 'Working', 'Closed']),
          Priority: spike ? 'High' : pick(['Low', 'Medium']),
          SystemModstamp: stampOf(),
        });
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
  return data;
}
