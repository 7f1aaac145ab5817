import { countedMinutes, type MeetingRules } from './count-meeting.ts';
import { localDate } from './local-time.ts';
import type { ReturnMeetingEntry } from './monthly-return.ts';

/**
 * An event of an account manager's calendar as Microsoft Graph gives it (`calendarView`), reduced to what counting
 * needs. Times are instants; an all-day event runs from midnight UTC of its first date to midnight UTC of the day
 * after its last (as Salesforce stores all-day events), so its dates read the same on every calendar.
 */
export interface CalendarEventFacts {
  id: string;
  iCalUId: string | null;
  subject: string | null;
  start: Date;
  end: Date;
  isAllDay: boolean;
  isCancelled: boolean;
  /** normal, personal, private or confidential. */
  sensitivity: string;
  isOnlineMeeting: boolean;
  /** The event's locations: a display name and Graph's locationType (default, conferenceRoom, streetAddress, …). */
  places: readonly { name: string; kind: string }[];
  attendees: readonly CalendarAttendee[];
  organizer: { address: string; name: string } | null;
}

/** An attendee: address, type (required, optional, resource) and response (none, accepted, declined, …). */
interface CalendarAttendee {
  address: string;
  name: string;
  type: string;
  response: string;
}

/** A synced Salesforce contact that an address belongs to. */
export interface ContactRef {
  id: string;
  accountId: string;
  name: string;
}

/** Who is who: the synced contacts of key accounts by address, and our own people. */
export interface CalendarDirectory {
  /** Contacts of key accounts, by lower-case e-mail address. */
  contacts: ReadonlyMap<string, ContactRef>;
  /** Each key account's e-mail domains: where its synced contacts' addresses are (public mail domains left out). */
  clientDomains: ReadonlyMap<string, ReadonlySet<string>>;
  /** Our own people's addresses and domains (Salesforce users, the account manager). */
  ourAddresses: ReadonlySet<string>;
  ourDomains: ReadonlySet<string>;
  /** People erased on request, by address: never named; like any stranger, never counted. */
  forgotten?: (address: string) => boolean;
}

/** A client meeting found in the calendar, for one key account, with the reasons the check-in shows. */
export interface CalendarMeeting {
  eventId: string;
  iCalUId: string | null;
  accountId: string;
  start: Date;
  end: Date;
  isAllDay: boolean;
  /** The date on the account manager's calendar (an all-day event's own date). */
  date: string;
  subject: string;
  minutes: number;
  faceToFace: boolean;
  videoCall: boolean;
  contacts: ContactRef[];
  ourAttendees: number;
  /** Addresses at the client's domains that are no Salesforce contact: shown, never counted. */
  strangers: string[];
  /** Why it counts as it does (beside its contacts, shown by name), and what it does not count. */
  reasons: string[];
}

/** Why an event is not a client meeting; nothing of it is kept. */
type SkipReason = 'cancelled' | 'private' | 'no client contact';

/** Mail services anyone can have an address at: a contact there says nothing of the client's domain. */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'web.de',
]);

/** The domain of an address, lower-case ('' for none). */
export const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Whether a domain can stand for one company (not a public mail service). */
export const isCompanyDomain = (domain: string): boolean => domain.includes('.') && !PUBLIC_MAIL_DOMAINS.has(domain);

/**
 * What people type in a location when they meet online (Graph's locationType is `default` for any free text): a
 * meeting service, or a link anywhere in it. A phone line is no place either, and no video call.
 */
const ONLINE_TEXT = /https?:\/\/|www\.|\b(teams|zoom|webex|skype|google meet|gotomeeting|online|virtual|remote)\b/i;
const NO_PLACE = /^(tbd|tba|n\/?a|none|-+)$|\b(dial[- ]?in|call|phone|conference line)\b/i;

const isFreeText = (place: CalendarEventFacts['places'][number]) => place.kind === 'default' || place.kind === '';
/** True when a location's free text says the meeting was online. */
const isOnlineText = (place: CalendarEventFacts['places'][number]) => isFreeText(place) && ONLINE_TEXT.test(place.name);

/** True when the event names a place people meet in (a room, an address), not only a meeting link or "Online". */
export function hasPhysicalPlace(places: CalendarEventFacts['places']): boolean {
  return places.some((p) => {
    const name = p.name.trim();
    if (!isFreeText(p)) return true;
    return name !== '' && !isOnlineText(p) && !NO_PLACE.test(name);
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The reason that names a meeting's attendees at the client's domain who are no contact. */
const strangersReason = (strangers: readonly string[]) =>
  `not in Salesforce, not counted: ${strangers.join(', ')} (add them as contacts to count them)`;
/** The reason that counts, without naming them, attendees erased on request. */
const erasedReason = (n: number) => `${plural(n, 'person', 'people')} erased on request, not counted`;
const ERASED_REASON = /^(\d+) (?:person|people) erased on request, not counted$/;

/**
 * A kept meeting's strangers and reasons once the addresses `erased` names are forgotten: the others still named,
 * and the erased counted, in the words a read gives them (`readCalendarEvent`). Unchanged when none is erased.
 */
export function withoutErased(
  strangers: readonly string[],
  reasons: readonly string[],
  erased: (address: string) => boolean,
): { strangers: string[]; reasons: string[] } {
  const kept = strangers.filter((a) => !erased(a));
  if (kept.length === strangers.length) return { strangers: [...strangers], reasons: [...reasons] };
  const before = reasons.reduce((n, r) => n + Number(ERASED_REASON.exec(r)?.[1] ?? 0), 0);
  const named = strangers.length ? strangersReason(strangers) : undefined;
  const out = reasons.flatMap((r) =>
    r === named ? (kept.length ? [strangersReason(kept)] : []) : ERASED_REASON.test(r) ? [] : [r],
  );
  return { strangers: kept, reasons: [...out, erasedReason(before + strangers.length - kept.length)] };
}

/**
 * The client meetings an event of the account manager's calendar holds (DOMAIN.md, measure 1; the same rules as
 * Salesforce's meetings): one per key account whose contacts attended, each contact once; not a contact who
 * declined, not a room, not our people, not another company's people; an address at the client's domain that is no
 * contact is named as such, not counted. Cancelled and private events hold none. Face to face when it names a
 * place; an online meeting without one is a video call.
 */
export function readCalendarEvent(
  event: CalendarEventFacts,
  directory: CalendarDirectory,
  rules: MeetingRules,
  timeZone: string,
): { skipped: SkipReason } | { meetings: CalendarMeeting[] } {
  if (event.isCancelled) return { skipped: 'cancelled' };
  if (event.sensitivity === 'private' || event.sensitivity === 'confidential') return { skipped: 'private' };
  const people = new Map<string, { name: string; declined: boolean }>();
  if (event.organizer?.address)
    people.set(event.organizer.address.toLowerCase(), { name: event.organizer.name, declined: false });
  for (const a of event.attendees) {
    if (a.type === 'resource' || !a.address) continue;
    const key = a.address.toLowerCase();
    if (!people.has(key)) people.set(key, { name: a.name, declined: a.response === 'declined' });
  }
  const byAccount = new Map<string, { contacts: ContactRef[]; declined: number }>();
  let ours = 0;
  let others = 0;
  const strangersAt = new Map<string, string[]>();
  const erasedAt = new Map<string, number>();
  for (const [address, p] of people) {
    const contact = directory.contacts.get(address);
    if (contact) {
      const entry = byAccount.get(contact.accountId) ?? { contacts: [], declined: 0 };
      if (p.declined) entry.declined += 1;
      else entry.contacts.push(contact);
      byAccount.set(contact.accountId, entry);
      continue;
    }
    if (p.declined) continue;
    const domain = domainOf(address);
    if (directory.ourAddresses.has(address) || directory.ourDomains.has(domain)) {
      ours += 1;
      continue;
    }
    const account = [...directory.clientDomains].find(([, domains]) => domains.has(domain))?.[0];
    if (account && directory.forgotten?.(address)) erasedAt.set(account, (erasedAt.get(account) ?? 0) + 1);
    else if (account) strangersAt.set(account, [...(strangersAt.get(account) ?? []), address]);
    else others += 1;
  }
  const attended = [...byAccount].filter(([, e]) => e.contacts.length > 0);
  if (!attended.length) return { skipped: 'no client contact' };

  const durationMinutes = Math.max(0, Math.round((event.end.getTime() - event.start.getTime()) / 60_000));
  const physical = hasPhysicalPlace(event.places);
  const faceToFace = physical;
  const online = event.isOnlineMeeting || event.places.some(isOnlineText);
  const videoCall = !physical && online;
  const meetings = attended.map(([accountId, entry]): CalendarMeeting => {
    const strangers = strangersAt.get(accountId) ?? [];
    const reasons: string[] = [];
    if (physical && online)
      reasons.push('a place and a meeting link: counted as face to face; untick if you met online');
    else if (physical) reasons.push('a meeting place: face to face');
    else if (online) reasons.push('an online meeting: a video call, not face to face');
    else reasons.push('no place and no meeting link: not face to face; tick it if you met');
    if (event.isAllDay) reasons.push(`all-day event: ${rules.hoursPerDay} h a day counted; correct if wrong`);
    if (entry.declined) reasons.push(`${plural(entry.declined, 'contact', 'contacts')} declined, not counted`);
    if (strangers.length) reasons.push(strangersReason(strangers));
    if (others) reasons.push(`${plural(others, 'person', 'people')} of other companies, not counted`);
    const erased = erasedAt.get(accountId) ?? 0;
    if (erased) reasons.push(erasedReason(erased));
    return {
      eventId: event.id,
      iCalUId: event.iCalUId,
      accountId,
      start: event.start,
      end: event.end,
      isAllDay: event.isAllDay,
      date: event.isAllDay ? event.start.toISOString().slice(0, 10) : localDate(event.start, timeZone),
      subject: event.subject ?? '',
      minutes: countedMinutes({ durationMinutes, isAllDay: event.isAllDay }, rules),
      faceToFace,
      videoCall,
      contacts: [...entry.contacts].sort((a, b) => a.name.localeCompare(b.name)),
      ourAttendees: ours,
      strangers,
      reasons,
    };
  });
  return { meetings };
}

/** A Salesforce meeting as far as telling it from a calendar event goes. */
interface SalesforceMeetingRef {
  id: string;
  accountId: string;
  start: Date;
  durationMinutes: number;
  isAllDay: boolean;
  contactIds: readonly string[];
  /** The calendar's iCalUId, where the org stores one on its Events (an e-mail and calendar integration does). */
  iCalUId?: string | null;
}

/** The end of a meeting: an all-day one ends at midnight UTC after its last day, as stored. */
const endOf = (m: { start: Date; durationMinutes: number; isAllDay: boolean }) =>
  m.start.getTime() + Math.max(m.durationMinutes, m.isAllDay ? 1440 : 1) * 60_000;

/**
 * Whether a calendar meeting is a Salesforce meeting already (DOMAIN.md: never counted twice): the same iCalUId where
 * Salesforce has one; else the same account, times that overlap and a contact in both (any time that overlaps, when
 * the Salesforce meeting names no contact). A Salesforce all-day meeting overlaps the calendar's all-day meetings of
 * its dates and the timed ones of its first day only: a week-long fair in Salesforce does not hide the week's other
 * meetings.
 */
export function sameMeeting(calendar: CalendarMeeting, salesforce: SalesforceMeetingRef): boolean {
  if (calendar.iCalUId && salesforce.iCalUId) return calendar.iCalUId === salesforce.iCalUId;
  if (calendar.accountId !== salesforce.accountId) return false;
  const overlap =
    salesforce.isAllDay && !calendar.isAllDay
      ? calendar.date === salesforce.start.toISOString().slice(0, 10)
      : calendar.start.getTime() < endOf(salesforce) && salesforce.start.getTime() < calendar.end.getTime();
  if (!overlap) return false;
  return salesforce.contactIds.length === 0 || calendar.contacts.some((c) => salesforce.contactIds.includes(c.id));
}

/** A calendar meeting as a row of the monthly return: counted as found, its reasons shown, its contacts kept. */
export function calendarEntry(m: CalendarMeeting): ReturnMeetingEntry {
  return {
    sfEventId: null,
    calendarEventId: m.eventId,
    contactIds: m.contacts.map((c) => c.id),
    startsAt: m.start.toISOString(),
    endsAt: m.end.toISOString(),
    ...(m.isAllDay ? { allDay: true } : {}),
    date: m.date,
    subject: m.subject,
    minutes: m.minutes,
    clientAttendees: m.contacts.length,
    ourAttendees: m.ourAttendees,
    faceToFace: m.faceToFace,
    ...(m.faceToFace ? {} : { videoCall: m.videoCall }),
    clientNames: m.contacts.map((c) => c.name),
    notes: m.reasons,
  };
}
