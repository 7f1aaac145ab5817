import {
  CALENDAR_KEY_FIELD,
  type calendarWriteFields,
  type customFieldsOnStandardObjects,
  EXTERNAL_ID_FIELD,
  type DeletableObject,
  type WriteFields,
  type WriteObject,
} from '../salesforce/sf-schema.ts';
import type { OutboxStore } from '../store/outbox-store.ts';

type FieldValue = string | number | boolean | null;

/** What a queued Salesforce write holds: the external id field to upsert by, and the fields; or a delete. */
export interface SalesforceWritePayload {
  /** Absent for an upsert. */
  op?: 'delete';
  externalIdField: string;
  fields: Record<string, FieldValue>;
  /** An Event's attendees: the contacts related to it by EventRelation once it is written. */
  relations?: string[];
}

/**
 * Queues an upsert of one custom-object record, keyed by its external id (e.g. account id + period), so the
 * record lands once however often it is queued or retried. Fields are typed by the schema.
 */
export function queueSalesforceUpsert<O extends WriteObject>(
  outbox: Pick<OutboxStore, 'enqueue'>,
  object: O,
  key: string,
  fields: Partial<Record<WriteFields<O>, FieldValue>>,
) {
  const payload: SalesforceWritePayload = {
    externalIdField: EXTERNAL_ID_FIELD,
    fields: { ...(fields as Record<string, FieldValue>), [EXTERNAL_ID_FIELD]: key },
  };
  return outbox.enqueue('salesforce', object, key, payload as unknown as Record<string, unknown>);
}

/**
 * Queues the delete of a custom-object record by its external id (e.g. a key activity the account manager
 * removed). Same outbox key as the record's upsert, so whichever was queued last is what Salesforce ends up with.
 */
export function queueSalesforceDelete(outbox: Pick<OutboxStore, 'enqueue'>, object: DeletableObject, key: string) {
  const payload: SalesforceWritePayload = { op: 'delete', externalIdField: EXTERNAL_ID_FIELD, fields: {} };
  return outbox.enqueue('salesforce', object, key, payload as unknown as Record<string, unknown>);
}

/** The Account fields Partnership Pulse keeps up to date (latest status and client man-hours). */
type AccountSummaryField = keyof (typeof customFieldsOnStandardObjects)['Account'];

/** Queues an update of an Account's summary fields, by its Salesforce Id (Accounts are never created here). */
export function queueAccountSummary(
  outbox: Pick<OutboxStore, 'enqueue'>,
  accountId: string,
  fields: Partial<Record<Exclude<AccountSummaryField, 'Key_Account__c'>, FieldValue>>,
) {
  const payload: SalesforceWritePayload = {
    externalIdField: 'Id',
    fields: { ...(fields as Record<string, FieldValue>), Id: accountId },
  };
  return outbox.enqueue('salesforce', 'Account', accountId, payload as unknown as Record<string, unknown>);
}

/** The record sent to Salesforce for a queued write. */
export function recordOf(key: string, payload: Record<string, unknown>): Record<string, unknown> {
  const p = payload as unknown as SalesforceWritePayload;
  return { ...p.fields, [p.externalIdField]: key };
}

/** The Event fields a confirmed calendar meeting is written with. */
type EventField = (typeof calendarWriteFields)['Event'][number];

/**
 * Queues the upsert of a confirmed calendar meeting as a Salesforce Event, by its calendar key, with its contacts to
 * relate once it exists (`relateEventContacts`): queued again, or sent again after a crash, it updates the one Event.
 */
export function queueCalendarEvent(
  outbox: Pick<OutboxStore, 'enqueue'>,
  key: string,
  fields: Partial<Record<EventField, FieldValue>>,
  contactIds: readonly string[],
) {
  const payload: SalesforceWritePayload = {
    externalIdField: CALENDAR_KEY_FIELD,
    fields: { ...(fields as Record<string, FieldValue>), [CALENDAR_KEY_FIELD]: key },
    relations: [...contactIds],
  };
  return outbox.enqueue('salesforce', 'Event', key, payload as unknown as Record<string, unknown>);
}

/** Queues the delete of a calendar meeting's Event (the account manager unticked it): same outbox key as its upsert. */
export function queueCalendarEventDelete(outbox: Pick<OutboxStore, 'enqueue'>, key: string) {
  const payload: SalesforceWritePayload = { op: 'delete', externalIdField: CALENDAR_KEY_FIELD, fields: {} };
  return outbox.enqueue('salesforce', 'Event', key, payload as unknown as Record<string, unknown>);
}
