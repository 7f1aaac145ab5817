import { activityCustomFields, customObjects } from '../../adapters/salesforce/sf-schema.ts';
import { createRelations } from './activity-writes.ts';
import type { Dataset } from './dataset.ts';
import { type RecordFault, updateRecords, upsertRecords } from './upsert-records.ts';
import { type RecordError, UpsertRequestError } from './write-errors.ts';

/** The stand-in's write routes (REST API, sObject Collections and sObject Rows by External ID). */
type WriteRoute = 'upsert' | 'update' | 'create' | 'deleteByExternalId';

type Reply = { status: number; body?: unknown };

const sfError = (status: number, errorCode: string, message: string): Reply => ({
  status,
  body: [{ message, errorCode }],
});

/** What a write needs of the stand-in: its org, its log of writes, injected record faults and the org's sharing. */
interface WriteContext {
  data: Dataset;
  writes: string[];
  recordFaults: RecordFault[];
  /** The org's sharing: a record the integration user may not edit, and why. */
  refused: (type: string) => RecordError | undefined;
  /** Field-level security: a field the integration user may read but not write. */
  readOnly: (type: string, field: string) => boolean;
}

/** The external id fields of a type the integration user can see: our custom objects' key, or the Event's. */
function externalIdFields(data: Dataset, type: string): string[] | undefined {
  if (Object.hasOwn(customObjects, type)) return Object.keys(customObjects[type as keyof typeof customObjects].fields);
  if (type === 'Event') return Object.keys(activityCustomFields).filter((f) => data.fieldName(type, f));
  return undefined;
}

/** One write request: the collection upsert, update and create, and the delete by external id. */
function write(route: WriteRoute, url: URL, raw: string, ctx: WriteContext): Reply {
  const parts = url.pathname.split('/').map(decodeURIComponent);
  if (route === 'deleteByExternalId') {
    // `DELETE /sobjects/{type}/{extField}/{value}`: 204, or 404 NOT_FOUND when no record has that value.
    const [, , , , , type, extField, value] = parts;
    const fields = externalIdFields(ctx.data, type!);
    if (!fields) return sfError(404, 'NOT_FOUND', `The requested resource does not exist`);
    if (!fields.includes(extField!))
      return sfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${extField}`);
    const found = ctx.data.records(type!).find((r) => r[extField!] === value);
    if (!found) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    // Deleting an Event edits its account's activities: refused without edit on the account, as an update is.
    const denied = type === 'Event' ? ctx.refused('Account') : undefined;
    if (denied) return sfError(403, denied.statusCode, denied.message);
    ctx.data.remove(found.Id);
    return { status: 204 };
  }
  const body = JSON.parse(raw || '{}');
  const records = (Array.isArray(body.records) ? body.records : []) as Record<string, unknown>[];
  if (route === 'upsert') {
    const [, , , , , , type, extField] = parts;
    for (const r of records) ctx.writes.push(`${type}/${extField}=${String(r[extField!])}`);
    return {
      status: 200,
      body: upsertRecords(ctx.data, type!, extField!, body, ctx.recordFaults, ctx.refused, ctx.readOnly),
    };
  }
  if (route === 'update') {
    for (const r of records) ctx.writes.push(`${(r.attributes as { type?: string })?.type}/Id=${String(r.Id)}`);
    return { status: 200, body: updateRecords(ctx.data, body, ctx.recordFaults, ctx.refused) };
  }
  for (const r of records) ctx.writes.push(`${(r.attributes as { type?: string })?.type}/new`);
  return { status: 200, body: createRelations(ctx.data, records, ctx.refused) };
}

/** Answers a write route, a whole-request refusal as Salesforce's 400 with its error body. */
export function answerWrite(route: WriteRoute, url: URL, raw: string, ctx: WriteContext): Reply {
  try {
    return write(route, url, raw, ctx);
  } catch (error) {
    if (error instanceof UpsertRequestError) return sfError(400, error.errorCode, error.message);
    throw error;
  }
}
