import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasPhysicalPlace,
  readCalendarEvent,
  sameMeeting,
  type CalendarDirectory,
  type CalendarEventFacts,
  type CalendarMeeting,
} from '../../src/core/domain/calendar-meeting.ts';
import { DEFAULT_MEETING_RULES } from '../../src/core/domain/count-meeting.ts';

// Shapes from Graph's event resource (https://learn.microsoft.com/en-us/graph/api/resources/event), its attendee
// (https://learn.microsoft.com/en-us/graph/api/resources/attendee: type required, optional or resource) and
// responseStatus (https://learn.microsoft.com/en-us/graph/api/resources/responsestatus: none, organizer,
// tentativelyAccepted, accepted, declined, notResponded).

const NORTHWIND = '001000000000001AAA';
const CONTOSO = '001000000000002AAA';
const directory: CalendarDirectory = {
  contacts: new Map([
    ['ana@northwind.example', { id: '003000000000001AAA', accountId: NORTHWIND, name: 'Ana Silva' }],
    ['bo@northwind.example', { id: '003000000000002AAA', accountId: NORTHWIND, name: 'Bo Chen' }],
    ['cy@contoso.example', { id: '003000000000003AAA', accountId: CONTOSO, name: 'Cy Park' }],
    ['dee@gmail.com', { id: '003000000000004AAA', accountId: CONTOSO, name: 'Dee Home' }],
  ]),
  clientDomains: new Map([
    [NORTHWIND, new Set(['northwind.example'])],
    [CONTOSO, new Set(['contoso.example'])],
  ]),
  ourAddresses: new Set(['am@fabrikam.example']),
  ourDomains: new Set(['fabrikam.example']),
};

const attendee = (address: string, response = 'accepted', type = 'required') => ({
  address,
  name: address.split('@')[0]!,
  type,
  response,
});

const event = (over: Partial<CalendarEventFacts> = {}): CalendarEventFacts => ({
  id: 'AAMkAGI2TAAA=',
  iCalUId: '040000008200E00074C5B7101A82E008000000001',
  subject: 'Quarterly review',
  start: new Date('2026-10-05T09:00:00Z'),
  end: new Date('2026-10-05T11:00:00Z'),
  isAllDay: false,
  isCancelled: false,
  sensitivity: 'normal',
  isOnlineMeeting: false,
  places: [{ name: 'Room 4.12', kind: 'conferenceRoom' }],
  attendees: [attendee('ana@northwind.example'), attendee('bo@northwind.example', 'tentativelyAccepted')],
  organizer: { address: 'am@fabrikam.example', name: 'Alex' },
  ...over,
});

const read = (e: CalendarEventFacts, zone = 'Europe/Berlin') =>
  readCalendarEvent(e, directory, DEFAULT_MEETING_RULES, zone);
const meetingsOf = (e: CalendarEventFacts, zone?: string): CalendarMeeting[] => {
  const r = read(e, zone);
  if (!('meetings' in r)) throw new Error(`skipped: ${r.skipped}`);
  return r.meetings;
};

describe('Reading a calendar event as client meetings (pure)', () => {
  it('Counts each contact of the key account once, with the reasons the check-in shows', () => {
    const [m] = meetingsOf(event({ attendees: [...event().attendees, attendee('ANA@northwind.example')] }));
    expect(m).toMatchObject({
      accountId: NORTHWIND,
      minutes: 120,
      faceToFace: true,
      videoCall: false,
      ourAttendees: 1,
    });
    expect(m!.contacts.map((c) => c.name)).toEqual(['Ana Silva', 'Bo Chen']);
    expect(m!.reasons).toContain('a meeting place: face to face');
  });

  it('Leaves out cancelled and private events whole: nothing of them is kept', () => {
    expect(read(event({ isCancelled: true }))).toEqual({ skipped: 'cancelled' });
    expect(read(event({ sensitivity: 'private' }))).toEqual({ skipped: 'private' });
    expect(read(event({ sensitivity: 'confidential' }))).toEqual({ skipped: 'private' });
    expect(read(event({ attendees: [attendee('someone@elsewhere.example')] }))).toEqual({
      skipped: 'no client contact',
    });
  });

  it('Never counts a contact who declined, a room, or another company; names a client address Salesforce lacks', () => {
    const [m] = meetingsOf(
      event({
        attendees: [
          attendee('ana@northwind.example'),
          attendee('bo@northwind.example', 'declined'),
          attendee('room412@fabrikam.example', 'accepted', 'resource'),
          attendee('consultant@bigfour.example'),
          attendee('new.person@northwind.example', 'none'),
          attendee('colleague@fabrikam.example', 'none', 'optional'),
        ],
      }),
    );
    expect(m!.contacts.map((c) => c.id)).toEqual(['003000000000001AAA']);
    expect(m!.ourAttendees).toBe(2);
    expect(m!.strangers).toEqual(['new.person@northwind.example']);
    expect(m!.reasons).toEqual(
      expect.arrayContaining([
        '1 contact declined, not counted',
        '1 person of other companies, not counted',
        'not in Salesforce, not counted: new.person@northwind.example (add them as contacts to count them)',
      ]),
    );
  });

  it('Only declined contacts make no meeting', () => {
    expect(read(event({ attendees: [attendee('ana@northwind.example', 'declined')] }))).toEqual({
      skipped: 'no client contact',
    });
  });

  it('Counts a contact who organised the meeting (a client invitation to us)', () => {
    const [m] = meetingsOf(
      event({
        organizer: { address: 'cy@contoso.example', name: 'Cy Park' },
        attendees: [attendee('am@fabrikam.example')],
      }),
    );
    expect(m).toMatchObject({ accountId: CONTOSO, ourAttendees: 1 });
  });

  it('Gives one meeting per key account when two clients met us together', () => {
    const ms = meetingsOf(event({ attendees: [attendee('ana@northwind.example'), attendee('cy@contoso.example')] }));
    expect(ms.map((m) => m.accountId).sort()).toEqual([NORTHWIND, CONTOSO]);
  });

  it('Finds a contact at a public mail service by address, yet takes no one else there for the client', () => {
    const [m] = meetingsOf(event({ attendees: [attendee('dee@gmail.com'), attendee('x@gmail.com')] }));
    expect(m).toMatchObject({ accountId: CONTOSO, strangers: [] });
    expect(m!.reasons).toContain('1 person of other companies, not counted');
  });

  it('Face to face where there is a place; an online meeting alone is a video call', () => {
    const online = { name: 'Microsoft Teams Meeting', kind: 'default' };
    expect(meetingsOf(event({ isOnlineMeeting: true, places: [online] }))[0]).toMatchObject({
      faceToFace: false,
      videoCall: true,
    });
    const hybrid = meetingsOf(
      event({ isOnlineMeeting: true, places: [online, { name: 'HQ lobby', kind: 'default' }] }),
    );
    expect(hybrid[0]).toMatchObject({ faceToFace: true });
    expect(hybrid[0]!.reasons).toContain(
      'a place and a meeting link: counted as face to face; untick if you met online',
    );
    expect(meetingsOf(event({ places: [] }))[0]).toMatchObject({ faceToFace: false, videoCall: false });
    expect(hasPhysicalPlace([{ name: 'https://zoom.us/j/123', kind: 'default' }])).toBe(false);
    expect(hasPhysicalPlace([{ name: '1 Main St', kind: 'streetAddress' }])).toBe(true);
  });

  it('Takes free text that says online, a link within it or a phone line as no place', () => {
    // Graph's location: locationType `default` for any text typed (https://learn.microsoft.com/en-us/graph/api/resources/location).
    for (const name of ['Online', 'Join Zoom Meeting https://zoom.us/j/98765', 'Virtual', 'Webex', 'TBD', 'Phone call'])
      expect(hasPhysicalPlace([{ name, kind: 'default' }]), name).toBe(false);
    for (const name of ['Northwind HQ, Room 4', 'Café Central', 'Hamburg office'])
      expect(hasPhysicalPlace([{ name, kind: 'default' }]), name).toBe(true);
    const zoomText = meetingsOf(
      event({ isOnlineMeeting: false, places: [{ name: 'Zoom: https://zoom.us/j/1', kind: 'default' }] }),
    );
    expect(zoomText[0]).toMatchObject({ faceToFace: false, videoCall: true });
    const phone = meetingsOf(
      event({ isOnlineMeeting: false, places: [{ name: 'Dial-in +49 30 1234', kind: 'default' }] }),
    );
    expect(phone[0]).toMatchObject({ faceToFace: false, videoCall: false });
  });

  it('Dates a timed event on the manager calendar and an all-day event by its own date, 8 h a day', () => {
    const late = event({ start: new Date('2026-10-31T23:30:00Z'), end: new Date('2026-11-01T00:30:00Z') });
    expect(meetingsOf(late, 'America/Los_Angeles')[0]!.date).toBe('2026-10-31');
    expect(meetingsOf(late, 'Europe/Berlin')[0]!.date).toBe('2026-11-01');
    const allDay = event({
      isAllDay: true,
      start: new Date('2026-10-05T00:00:00Z'),
      end: new Date('2026-10-07T00:00:00Z'),
    });
    expect(meetingsOf(allDay, 'Pacific/Auckland')[0]).toMatchObject({ date: '2026-10-05', minutes: 960 });
  });

  it('Never counts a person twice, whatever the attendee list holds', () => {
    const addresses = ['ana@northwind.example', 'bo@northwind.example', 'x@northwind.example', 'am@fabrikam.example'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            address: fc.constantFrom(...addresses),
            response: fc.constantFrom('none', 'accepted', 'declined', 'tentativelyAccepted'),
            type: fc.constantFrom('required', 'optional', 'resource'),
          }),
          { maxLength: 10 },
        ),
        (list) => {
          const r = read(event({ attendees: list.map((a) => ({ ...a, name: 'n' })), organizer: null }));
          if (!('meetings' in r)) return;
          for (const m of r.meetings) expect(new Set(m.contacts.map((c) => c.id)).size).toBe(m.contacts.length);
          expect(r.meetings[0]!.contacts.length).toBeLessThanOrEqual(2);
        },
      ),
    );
  });
});

describe('Telling a calendar meeting from a Salesforce one (pure)', () => {
  const [cal] = meetingsOf(event());
  const sf = {
    id: '00U000000000001AAA',
    accountId: NORTHWIND,
    start: new Date('2026-10-05T09:30:00Z'),
    durationMinutes: 60,
    isAllDay: false,
    contactIds: ['003000000000002AAA'],
  };

  it('Is the same meeting by iCalUId where Salesforce stores one, and only then', () => {
    expect(sameMeeting(cal!, { ...sf, iCalUId: cal!.iCalUId })).toBe(true);
    expect(sameMeeting(cal!, { ...sf, iCalUId: 'another' })).toBe(false);
  });

  it('Else by account, overlapping time and a contact in both', () => {
    expect(sameMeeting(cal!, sf)).toBe(true);
    expect(sameMeeting(cal!, { ...sf, accountId: CONTOSO })).toBe(false);
    expect(sameMeeting(cal!, { ...sf, start: new Date('2026-10-05T11:00:00Z') })).toBe(false);
    expect(sameMeeting(cal!, { ...sf, contactIds: ['003000000000009AAA'] })).toBe(false);
    expect(
      sameMeeting(cal!, { ...sf, start: new Date('2026-10-05T00:00:00Z'), isAllDay: true, durationMinutes: 0 }),
    ).toBe(true);
  });

  it('A Salesforce meeting with no contact is matched by account and time alone', () => {
    expect(sameMeeting(cal!, { ...sf, contactIds: [] })).toBe(true);
    expect(sameMeeting(cal!, { ...sf, contactIds: [], start: new Date('2026-10-05T12:00:00Z') })).toBe(false);
  });

  it("A Salesforce all-day meeting of a week hides the calendar's meetings of its first day only", () => {
    // Salesforce stores an all-day event at midnight UTC of its date, DurationInMinutes 1440 a day
    // (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm).
    const fair = { ...sf, start: new Date('2026-10-05T00:00:00Z'), isAllDay: true, durationMinutes: 5 * 1440 };
    expect(sameMeeting(cal!, fair)).toBe(true);
    const [later] = meetingsOf(
      event({ start: new Date('2026-10-07T09:00:00Z'), end: new Date('2026-10-07T10:00:00Z') }),
    );
    expect(later!.date).toBe('2026-10-07');
    expect(sameMeeting(later!, fair)).toBe(false);
    const [allDayCopy] = meetingsOf(
      event({ isAllDay: true, start: new Date('2026-10-06T00:00:00Z'), end: new Date('2026-10-08T00:00:00Z') }),
    );
    expect(sameMeeting(allDayCopy!, fair)).toBe(true);
  });
});
