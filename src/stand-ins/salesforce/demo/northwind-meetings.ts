import { sfDateTime } from '../dataset.ts';
import { addMeeting } from './add-meeting.ts';
import type { DemoGenerator } from './demo-generator.ts';

/**
 * Northwind's scripted meetings, one month at a time. Creating it adds the prospect lead Northwind's meetings
 * invite (so call it where the org's records are made in order); `samId` is the sales director's user id.
 */
export function northwindMeetings(g: DemoGenerator, samId: () => string) {
  const { data, stampOf } = g;
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
      addMeeting(g, {
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
      const event = addMeeting(g, {
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
      const master = addMeeting(g, {
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
        addMeeting(g, {
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
      addMeeting(g, {
        ...base,
        subject: 'Supply chain workshop',
        start,
        minutes: 60,
        type: null,
        contacts: [...ids.slice(0, 6), consultant()],
        style: 'invitees',
      });
    else
      addMeeting(g, {
        ...base,
        subject: 'Quarterly business review',
        start,
        minutes: 120,
        type: 'Meeting',
        contacts: ids.slice(0, 4),
        style: 'shared',
      });
  };
  return northwindMonth;
}
