import { inMeetingWindow, localDate, type MeetingWindow } from './local-time.ts';
import type { ReturnMeetingEntry } from './monthly-return.ts';

/**
 * How the organisation turns a Salesforce meeting into a prefilled row of the monthly return (README, "How each
 * kind of meeting is counted"): which Types are face to face, what a blank Type means, and how many hours a day of
 * an all-day or multi-day event is worth.
 */
export interface MeetingRules {
  /** Event Type values that count as face to face (`SF_FACE_TO_FACE_TYPES`). */
  faceToFaceTypes: readonly string[];
  /** Whether an Event with no Type counts as face to face (`SF_BLANK_TYPE_FACE_TO_FACE`). */
  blankTypeFaceToFace: boolean;
  /** Hours a client person spends per day of an all-day or multi-day event (`MEETING_HOURS_PER_DAY`). */
  hoursPerDay: number;
  /** Event Type values that are video calls (`SF_VIDEO_CALL_TYPES`); a meeting link in Location makes one too. */
  videoCallTypes: readonly string[];
}

/** The documented defaults: `Meeting` is face to face, a blank Type is too (the form says so), 8 hours a day. */
export const DEFAULT_MEETING_RULES: MeetingRules = {
  faceToFaceTypes: ['Meeting'],
  blankTypeFaceToFace: true,
  hoursPerDay: 8,
  videoCallTypes: ['Video Call'],
};

/** A link to join an online meeting (Teams, Zoom, Webex, Google Meet), as calendar tools put one in Location. */
const ONLINE_MEETING_LINK =
  /https:\/\/(?:teams\.microsoft\.com\/l\/meetup-join|teams\.live\.com\/meet|[\w.-]*zoom\.us\/[jw]\/|[\w.-]*webex\.com\/|meet\.google\.com\/)/i;

/**
 * Whether a meeting that is not face to face is a video call (DOMAIN.md, measure 1: an organisation may admit video
 * calls, not e-mails or phone calls): its Type is one of the video-call types, or its Location holds a meeting link.
 * An Event typed Email never is.
 */
function isVideoCall(type: string | null, location: string | null, rules: MeetingRules): boolean {
  const t = (type ?? '').trim();
  if (t === 'Email') return false;
  return rules.videoCallTypes.includes(t) || ONLINE_MEETING_LINK.test(location ?? '');
}

/** The longest event Salesforce allows: 14 days (Event object reference, DurationInMinutes / EndDateTime). */
export const MAX_EVENT_MINUTES = 14 * 24 * 60;

/** A meeting as the sync stored it: the Event's own fields. */
export interface MeetingFacts {
  id: string;
  accountId: string;
  ownerId: string;
  subject: string | null;
  start: Date;
  durationMinutes: number;
  isAllDay: boolean;
  type: string | null;
  /** Event.WhoId: the contact (003…) or lead (00Q…) the meeting is about, if any. */
  whoId: string | null;
  /** Event.Location: a room, an address, or a link to join online. */
  location?: string | null;
}

/** A person linked to a meeting, from Event.WhoId or an EventRelation row, with the contact's account if known. */
export interface MeetingPerson {
  relationId: string;
  /** Where the link comes from: the Event's WhoId, or an EventRelation row (invitee or Shared Activities parent). */
  source: 'who' | 'invitee' | 'parent';
  /** EventRelation.Status (New, Accepted, Declined, …); null for a WhoId. */
  status: string | null;
  /** The contact's account, when the contact was synced (contacts of key accounts are); null otherwise. */
  contactAccountId: string | null;
  contactName: string | null;
}

const isContact = (id: string) => id.startsWith('003');
const isUser = (id: string) => id.startsWith('005');
const isLead = (id: string) => id.startsWith('00Q');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Minutes the meeting contributes per client person: its length, except that an all-day event counts
 * `hoursPerDay` for each day, and an event longer than 24 hours counts at most `hoursPerDay` per 24-hour day it
 * spans (a two-day workshop from 9:00 to 17:00 the next day is 16 h at 8 h a day, not 32).
 */
export function countedMinutes(m: Pick<MeetingFacts, 'durationMinutes' | 'isAllDay'>, rules: MeetingRules): number {
  const perDay = Math.round(rules.hoursPerDay * 60);
  const days = Math.max(1, Math.ceil(m.durationMinutes / 1440));
  if (m.isAllDay) return days * perDay;
  if (m.durationMinutes > 1440) return Math.min(m.durationMinutes, days * perDay);
  return m.durationMinutes;
}

/** Whether the meeting counts as face to face under the rules (a video call is not, unless admitted later). */
export function isFaceToFace(type: string | null, rules: MeetingRules): boolean {
  const t = (type ?? '').trim();
  return t === '' ? rules.blankTypeFaceToFace : rules.faceToFaceTypes.includes(t);
}

/**
 * One Salesforce meeting as the monthly return's prefill shows it (DOMAIN.md, measure 1): each contact of the
 * account counted once, from Event.WhoId and every EventRelation row (with or without Shared Activities); not a
 * contact who declined, not a contact of another company, not a lead; our people are the owner plus invited users
 * who did not decline. `notes` say why, so the account manager can see and correct each figure.
 */
export function countMeeting(
  meeting: MeetingFacts,
  people: readonly MeetingPerson[],
  rules: MeetingRules,
  /** The account manager's calendar: the date the form shows (an all-day meeting keeps its own date). */
  timeZone = 'UTC',
): ReturnMeetingEntry {
  const declined = new Set(people.filter((p) => p.status === 'Declined').map((p) => p.relationId));
  const clients = new Map<string, string>();
  const foreign = new Set<string>();
  const leads = new Set<string>();
  const ours = new Set<string>([meeting.ownerId]);
  for (const p of people) {
    if (declined.has(p.relationId)) continue;
    if (isLead(p.relationId)) leads.add(p.relationId);
    else if (isUser(p.relationId) && p.source !== 'who') ours.add(p.relationId);
    else if (isContact(p.relationId)) {
      if (p.contactAccountId === meeting.accountId) clients.set(p.relationId, p.contactName ?? 'a contact');
      else foreign.add(p.relationId);
    }
  }
  const minutes = countedMinutes(meeting, rules);
  const notes: string[] = [];
  const days = Math.max(1, Math.ceil(meeting.durationMinutes / 1440));
  if (meeting.isAllDay)
    notes.push(`all-day event: ${plural(days, 'day', 'days')} x ${rules.hoursPerDay} h counted; correct if wrong`);
  else if (meeting.durationMinutes > 1440)
    notes.push(
      `${days}-day event: at most ${rules.hoursPerDay} h a day counted (${Math.round(meeting.durationMinutes / 60)} h in Salesforce); correct if wrong`,
    );
  else if (meeting.durationMinutes === 0) notes.push('no length in Salesforce: give the minutes');
  if (!(meeting.type ?? '').trim())
    notes.push(
      `no Type in Salesforce: counted as ${rules.blankTypeFaceToFace ? 'face to face; untick if it was a call' : 'not face to face; tick if it was'}`,
    );
  const t = (meeting.type ?? '').trim();
  if (t && !isFaceToFace(meeting.type, rules) && !isVideoCall(meeting.type, meeting.location ?? null, rules))
    notes.push(`Type ${t}: neither face to face nor a video call, not counted; tick face to face if you met`);
  const declinedContacts = [...declined].filter(isContact).length;
  if (declinedContacts) notes.push(`${plural(declinedContacts, 'contact', 'contacts')} declined, not counted`);
  if (foreign.size) notes.push(`${plural(foreign.size, 'contact', 'contacts')} of another company, not counted`);
  if (leads.size) notes.push(`${plural(leads.size, 'lead', 'leads')}, not counted`);
  return {
    sfEventId: meeting.id,
    date: meeting.isAllDay ? meeting.start.toISOString().slice(0, 10) : localDate(meeting.start, timeZone),
    subject: meeting.subject ?? '',
    minutes,
    clientAttendees: clients.size,
    ourAttendees: ours.size,
    faceToFace: isFaceToFace(meeting.type, rules),
    ...(isFaceToFace(meeting.type, rules)
      ? {}
      : { videoCall: isVideoCall(meeting.type, meeting.location ?? null, rules) }),
    clientNames: [...clients.values()].sort(),
    ...(notes.length ? { notes } : {}),
  };
}

/** A stored meeting with every person linked to it (its WhoId first), as the stores read them. */
export interface MeetingWithPeople {
  meeting: MeetingFacts;
  people: MeetingPerson[];
}

/** The meetings of `window`'s month among `meetings` (`inMeetingWindow`), in the order given. */
export const meetingsIn = <M extends MeetingWithPeople>(meetings: readonly M[], window: MeetingWindow): M[] =>
  meetings.filter((m) => inMeetingWindow(m.meeting.start, m.meeting.isAllDay, window));

/**
 * A monthly return's prefill: the meetings of `window`'s month among `meetings` (`meetingsIn`), oldest first as
 * given, each counted under the organisation's rules and dated on the window's calendar.
 */
export function prefillOf(
  meetings: readonly MeetingWithPeople[],
  window: MeetingWindow,
  rules: MeetingRules = DEFAULT_MEETING_RULES,
): ReturnMeetingEntry[] {
  return meetingsIn(meetings, window).map((m) => countMeeting(m.meeting, m.people, rules, window.timeZone));
}
