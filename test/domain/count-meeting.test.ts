import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countedMinutes,
  countMeeting,
  DEFAULT_MEETING_RULES,
  type MeetingFacts,
  type MeetingPerson,
} from '../../src/core/domain/count-meeting.ts';
import { fitRecord } from '../../src/adapters/salesforce/fit-to-schema.ts';
import { clientManHours } from '../../src/core/domain/man-hours.ts';

const meeting: MeetingFacts = {
  id: '00U000000000001AAA',
  accountId: '001000000000001AAA',
  ownerId: '005000000000001AAA',
  subject: 'Review',
  start: new Date('2026-10-05T10:00:00Z'),
  durationMinutes: 60,
  isAllDay: false,
  type: 'Meeting',
  whoId: null,
};
const contactIds = ['003000000000001AAA', '003000000000002AAA', '003000000000003AAA'];

describe('Counting one meeting (pure)', () => {
  it('Counts each contact of the account once however it is linked, never one who declined', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            relationId: fc.constantFrom(...contactIds),
            source: fc.constantFrom('who' as const, 'invitee' as const, 'parent' as const),
            status: fc.constantFrom(null, 'New', 'Accepted', 'Declined'),
          }),
          { maxLength: 12 },
        ),
        (links) => {
          const people: MeetingPerson[] = links.map((l) => ({
            ...l,
            contactAccountId: meeting.accountId,
            contactName: l.relationId,
          }));
          const declined = new Set(links.filter((l) => l.status === 'Declined').map((l) => l.relationId));
          const expected = new Set(links.map((l) => l.relationId).filter((id) => !declined.has(id))).size;
          expect(countMeeting(meeting, people, DEFAULT_MEETING_RULES).clientAttendees).toBe(expected);
        },
      ),
    );
  });

  it('Never counts more hours than the event lasts, nor more than the hours-a-day setting per day beyond 24 h', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_160 }), fc.double({ min: 0.5, max: 24, noNaN: true }), (m, h) => {
        const rules = { ...DEFAULT_MEETING_RULES, hoursPerDay: h };
        const counted = countedMinutes({ durationMinutes: m, isAllDay: false }, rules);
        expect(counted).toBeLessThanOrEqual(m);
        if (m > 1440) expect(counted).toBeLessThanOrEqual(Math.ceil(m / 1440) * Math.round(h * 60));
      }),
    );
    expect(countedMinutes({ durationMinutes: 2 * 1440, isAllDay: true }, DEFAULT_MEETING_RULES)).toBe(960);
  });

  it('Fits text to the field and refuses values the metadata cannot take, including hostile keys', () => {
    const fitted = fitRecord('Pulse_Monthly_Return__c', { Next_Step__c: 'é'.repeat(400), Client_Man_Hours__c: 1.26 });
    expect(fitted).toMatchObject({ ok: true, record: { Client_Man_Hours__c: 1.3 } });
    expect([...String((fitted as { record: Record<string, unknown> }).record.Next_Step__c)]).toHaveLength(255);
    expect(fitRecord('Pulse_Monthly_Return__c', { Status__c: '__proto__' })).toMatchObject({
      ok: false,
      error: { statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' },
    });
    // A key named like an Object.prototype member is not a declared field: it passes through for Salesforce to judge.
    expect(fitRecord('Pulse_Monthly_Return__c', { constructor: 'x' })).toMatchObject({ ok: true });
    expect(fitRecord('constructor', { Status__c: 'x' })).toMatchObject({ ok: true });
  });

  // Event object reference: Type is a picklist (standard values Call, Email, Meeting, Other; orgs add their own, such as
  // Video Call), Location a free-text field where calendar tools put a meeting's join link.
  // https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-event.html
  it('Tells a video call from an e-mail or a phone call: only a video call can count where the organisation admits them', () => {
    const kind = (type: string | null, location: string | null = null) => {
      const m = countMeeting({ ...meeting, type, location }, [], DEFAULT_MEETING_RULES);
      return m.faceToFace ? 'face to face' : m.videoCall ? 'video call' : 'not a meeting';
    };
    expect(kind('Meeting')).toBe('face to face');
    expect(kind('Video Call')).toBe('video call');
    expect(kind('Call', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0')).toBe('video call');
    expect(kind('Other', 'https://acme.zoom.us/j/123456789')).toBe('video call');
    expect(kind('Call')).toBe('not a meeting');
    expect(kind('Call', 'Room 4.12, Head office')).toBe('not a meeting');
    expect(kind('Email', 'https://meet.google.com/abc-defg-hij')).toBe('not a meeting');
    expect(kind('Video Call', null)).toBe('video call');
    // Admitted, a video call counts and an e-mail does not; a meeting the account manager logged counts as a video call.
    const hours = (m: { faceToFace: boolean; videoCall?: boolean }) =>
      clientManHours([{ minutes: 60, clientAttendees: 2, ourAttendees: 1, ...m }], true);
    expect(hours({ faceToFace: false, videoCall: true })).toBe(2);
    expect(hours({ faceToFace: false, videoCall: false })).toBe(0);
    expect(hours({ faceToFace: false })).toBe(2);
    expect(
      clientManHours([{ minutes: 60, clientAttendees: 2, ourAttendees: 1, faceToFace: false, videoCall: true }], false),
    ).toBe(0);
  });
});
