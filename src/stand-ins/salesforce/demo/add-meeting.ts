import type { SfRecord } from '../dataset.ts';
import { sfDateTime } from '../dataset.ts';
import type { DemoGenerator } from './demo-generator.ts';

/** One demo meeting: on which account, whose, when, how long, with whom, and the shape the org records it in. */
interface MeetingSpec {
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
}

/**
 * One meeting as a real org records it. `style`: `who` is Event.WhoId only (no Shared Activities: EventRelation
 * holds invitees only, and this meeting has none); `invitees` is WhoId plus the other contacts invited
 * (IsInvitee = true); `shared` is Shared Activities: every contact a related Who (IsParent = true,
 * IsInvitee = false) with the first as WhoId. The organiser (the owner) never has an EventRelation row. Invited
 * users get an accepted row and a child copy of the event (IsChild = true); declined contacts a Declined row.
 */
export function addMeeting(g: DemoGenerator, o: MeetingSpec): SfRecord {
  const { data, stampOf } = g;
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
}
