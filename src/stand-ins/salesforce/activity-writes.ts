import { activityCustomFields, calendarWriteFields } from '../../adapters/salesforce/sf-schema.ts';
import { type Dataset, sfDateTime, type SfRecord } from './dataset.ts';
import { type RecordError, UpsertRequestError } from './write-errors.ts';

/**
 * The activity fields a write may set in this org, as its describe lists them: the Event fields we write, our key
 * field once the calendar permission set grants it, and EventRelation's (IsParent only with Shared Activities).
 */
export function activityFields(data: Dataset, type: string): Set<string> | undefined {
  if (type === 'Event')
    return new Set(
      [...calendarWriteFields.Event, ...Object.keys(activityCustomFields)].filter((f) => data.fieldName(type, f)),
    );
  if (type === 'EventRelation')
    return new Set(calendarWriteFields.EventRelation.filter((f) => data.fieldName(type, f)));
  return undefined;
}

const refusal = (statusCode: string, message: string, fields: string[]): RecordError => ({
  statusCode,
  message,
  fields,
});

/** Ids of a type: a reference to anything else Salesforce refuses as INVALID_CROSS_REFERENCE_KEY. */
const isA = (data: Dataset, id: unknown, types: readonly string[]) =>
  typeof id === 'string' && types.includes(data.find(id)?.type ?? '');

/** An event may last at most 14 days (Event object reference, DurationInMinutes and EndDateTime). */
const MAX_EVENT_MINUTES = 14 * 1440;

/**
 * What Salesforce refuses of an Event write (Event object reference): an owner that is not an active user, a What or
 * Who that is not a record it can relate, a timed event without both ends or ending before it starts, an all-day
 * event without its date, and any event over 14 days.
 */
export function eventError(data: Dataset, v: Record<string, unknown>): RecordError | undefined {
  if (!isA(data, v.OwnerId, ['User']) || data.find(String(v.OwnerId))?.record.IsActive === false)
    return refusal('INVALID_CROSS_REFERENCE_KEY', 'Assigned To ID: owner cannot be blank or inactive', ['OwnerId']);
  if (v.WhatId != null && !isA(data, v.WhatId, ['Account', 'Opportunity', 'Case']))
    return refusal('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['WhatId']);
  if (v.WhoId != null && !isA(data, v.WhoId, ['Contact', 'Lead']))
    return refusal('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['WhoId']);
  let minutes: number;
  if (v.IsAllDayEvent === true) {
    if (typeof v.ActivityDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v.ActivityDate))
      return refusal('REQUIRED_FIELD_MISSING', 'Required fields are missing: [ActivityDate]', ['ActivityDate']);
    minutes = typeof v.DurationInMinutes === 'number' ? v.DurationInMinutes : 1440;
  } else {
    const start = Date.parse(String(v.StartDateTime));
    const end = Date.parse(String(v.EndDateTime));
    if (Number.isNaN(start) || Number.isNaN(end))
      return refusal('REQUIRED_FIELD_MISSING', 'Required fields are missing: [StartDateTime, EndDateTime]', [
        'StartDateTime',
        'EndDateTime',
      ]);
    if (end < start)
      return refusal('FIELD_INTEGRITY_EXCEPTION', 'End Date Time: cannot be before Start Date Time', ['EndDateTime']);
    minutes = (end - start) / 60_000;
  }
  if (minutes > MAX_EVENT_MINUTES)
    return refusal('FIELD_INTEGRITY_EXCEPTION', 'Event duration cannot exceed 14 days', ['DurationInMinutes']);
  return undefined;
}

/**
 * The Event as Salesforce stores it: its account from the What (or the Who's account), both ends and the duration
 * filled in from what was sent, an all-day event from midnight UTC of its date, and not an invitee's copy.
 */
export function storedEvent(data: Dataset, v: Record<string, unknown>): Record<string, unknown> {
  const what = typeof v.WhatId === 'string' ? data.find(v.WhatId) : undefined;
  const who = typeof v.WhoId === 'string' ? data.find(v.WhoId) : undefined;
  const accountId = what?.type === 'Account' ? what.record.Id : (who?.record.AccountId ?? null);
  const allDay = v.IsAllDayEvent === true;
  const start = allDay ? new Date(`${String(v.ActivityDate)}T00:00:00Z`) : new Date(String(v.StartDateTime));
  const minutes = allDay
    ? typeof v.DurationInMinutes === 'number'
      ? v.DurationInMinutes
      : 1440
    : (Date.parse(String(v.EndDateTime)) - start.getTime()) / 60_000;
  return {
    ...v,
    AccountId: accountId,
    IsAllDayEvent: allDay,
    ActivityDate: start.toISOString().slice(0, 10),
    StartDateTime: sfDateTime(start),
    EndDateTime: sfDateTime(new Date(start.getTime() + minutes * 60_000)),
    DurationInMinutes: minutes,
    IsChild: false,
    IsGroupEvent: false,
    GroupEventType: '0',
  };
}

/**
 * With Shared Activities, the Event's Who is one of its related people: Salesforce keeps an EventRelation row for it
 * (IsParent = true), which the write need not create (EventRelation object reference).
 */
export function relateWho(data: Dataset, event: SfRecord): void {
  if (!data.fieldName('EventRelation', 'IsParent') || typeof event.WhoId !== 'string') return;
  if (data.records('EventRelation').some((r) => r.EventId === event.Id && r.RelationId === event.WhoId)) return;
  data.put('EventRelation', {
    EventId: event.Id,
    RelationId: event.WhoId,
    AccountId: event.AccountId,
    IsInvitee: false,
    IsParent: true,
    IsWhat: false,
    Status: 'New',
  });
}

/**
 * `POST /composite/sobjects` for EventRelation (sObject Collections, create): per-record results. Refused per record:
 * an EventId that is not an Event, a RelationId that is not a contact, lead or user, no edit on the account (activity
 * sharing controlled by parent, as the stand-in models an org's sharing), and a person related to the
 * event already (the stand-in answers DUPLICATE_VALUE; the drain reads the relations first, so it does not depend on
 * the exact code).
 */
export function createRelations(
  data: Dataset,
  records: Record<string, unknown>[],
  /** The org's sharing: relating people to an Event edits it, which needs edit on its account. */
  refused: (type: string) => RecordError | undefined = () => undefined,
) {
  for (const r of records) {
    const type = (r.attributes as { type?: unknown } | undefined)?.type;
    if (type !== 'EventRelation')
      throw new UpsertRequestError('INVALID_TYPE', `the stand-in creates EventRelation only, not ${String(type)}`);
    const fields = activityFields(data, type)!;
    for (const f of Object.keys(r))
      if (f !== 'attributes' && !fields.has(f))
        throw new UpsertRequestError('INVALID_FIELD', `No such column '${f}' on sobject of type EventRelation`);
  }
  if (records.length > 200)
    throw new UpsertRequestError(
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 200 records into this call',
    );
  return records.map((r) => {
    const { attributes: _attributes, ...v } = r;
    const error =
      (!isA(data, v.EventId, ['Event']) &&
        refusal('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['EventId'])) ||
      (!isA(data, v.RelationId, ['Contact', 'Lead', 'User']) &&
        refusal('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['RelationId'])) ||
      (data.records('EventRelation').some((x) => x.EventId === v.EventId && x.RelationId === v.RelationId) &&
        refusal('DUPLICATE_VALUE', 'duplicate value found: RelationId duplicates value on record', ['RelationId'])) ||
      refused('Account');
    if (error) return { success: false, errors: [error] };
    const event = data.find(String(v.EventId))!.record;
    const saved = data.put('EventRelation', {
      Status: 'New',
      AccountId: event.AccountId,
      ...v,
      SystemModstamp: sfDateTime(data.clock()),
    });
    return { id: saved.Id, success: true, errors: [], created: true };
  });
}
