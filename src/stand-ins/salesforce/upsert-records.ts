import { checkValue, writableFields } from '../../adapters/salesforce/fit-to-schema.ts';
import { sfDateTime, type Dataset } from './dataset.ts';
import { activityFields, eventError, relateWho, storedEvent } from './activity-writes.ts';
import { type RecordError, UpsertRequestError } from './write-errors.ts';

/** Makes the next `times` records of upserts fail with `statusCode` (e.g. UNABLE_TO_LOCK_ROW) and not be saved. */
export interface RecordFault {
  statusCode: string;
  message: string;
  times: number;
}

/** One record's result, as the sObject Collections API returns it. */
interface UpsertResult {
  id?: string;
  success: boolean;
  errors: RecordError[];
  created?: boolean;
}

type Planned =
  | { error: RecordError }
  | { values: Record<string, unknown>; existing: Record<string, unknown> | undefined };

const MAX_RECORDS = 200;

/** Checks the request as a whole: size, `attributes.type` on every record, known fields. */
function checkRequest(data: Dataset, records: Record<string, unknown>[], type: string | undefined): void {
  if (records.length > MAX_RECORDS)
    throw new UpsertRequestError(
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
    );
  for (const r of records) {
    const attributes = r.attributes as { type?: unknown } | undefined;
    // Update and upsert collections both need each record's type (REST API, sObject Collections).
    if (!attributes || typeof attributes.type !== 'string' || !attributes.type)
      throw new UpsertRequestError('INVALID_TYPE', 'Must send a concrete entity type.');
    if (type && attributes.type !== type)
      throw new UpsertRequestError('INVALID_TYPE', `Record type ${attributes.type} does not match the URL's ${type}`);
    const fields = settable(data, attributes.type);
    if (!fields && attributes.type !== 'Account')
      throw new UpsertRequestError('INVALID_TYPE', `sObject type '${attributes.type}' is not supported`);
    for (const f of Object.keys(r)) {
      if (f !== 'attributes' && f !== 'Id' && !fields?.has(f))
        throw new UpsertRequestError('INVALID_FIELD', `No such column '${f}' on sobject of type ${attributes.type}`);
    }
  }
}

/** The fields a write of `type` may set: a custom object's or custom field's, or the activity fields we write. */
function settable(data: Dataset, type: string): Set<string> | undefined {
  const declared = writableFields(type);
  return declared ? new Set(Object.keys(declared)) : activityFields(data, type);
}

/** What Salesforce checks of each value against the field metadata: type, length, precision, restricted picklist. */
function valueError(type: string, values: Record<string, unknown>): RecordError | undefined {
  const fields = writableFields(type) ?? {};
  for (const [f, v] of Object.entries(values)) {
    const spec = Object.hasOwn(fields, f) ? fields[f] : undefined;
    if (!spec) continue;
    if ((spec.type === 'Text' || spec.type === 'LongTextArea') && typeof v === 'string' && [...v].length > spec.length)
      return {
        statusCode: 'STRING_TOO_LONG',
        message: `${spec.label}: data value too large: ${v.slice(0, 40)} (max length=${spec.length})`,
        fields: [f],
      };
    const e = checkValue(f, spec, v);
    if (e) return e;
  }
  return undefined;
}

function takeFault(faults: RecordFault[]): RecordError | undefined {
  const fault = faults[0];
  if (!fault || fault.times <= 0) return undefined;
  fault.times -= 1;
  if (fault.times === 0) faults.shift();
  return { statusCode: fault.statusCode, message: fault.message, fields: [] };
}

function lookupError(data: Dataset, type: string, values: Record<string, unknown>): RecordError | undefined {
  for (const [f, spec] of Object.entries(writableFields(type) ?? {})) {
    if (spec.type === 'Lookup' && values[f] && !data.find(String(values[f])))
      return { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [f] };
  }
  return undefined;
}

/** Saves the planned records, or rolls all back with `allOrNone` when one failed. */
function save(data: Dataset, type: (i: number) => string, plan: Planned[], allOrNone: boolean): UpsertResult[] {
  if (allOrNone && plan.some((p) => 'error' in p)) {
    return plan.map((p) => ({
      success: false,
      errors: [
        'error' in p
          ? p.error
          : {
              statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
              message:
                'Record rolled back because not all records were valid and the request was using AllOrNone header',
              fields: [],
            },
      ],
    }));
  }
  return plan.map((p, i) => {
    if ('error' in p) return { success: false, errors: [p.error] };
    const saved = data.put(type(i), {
      ...p.existing,
      ...p.values,
      Id: p.existing?.Id,
      SystemModstamp: sfDateTime(data.clock()),
    });
    return { id: saved.Id, success: true, errors: [], created: !p.existing };
  });
}

/**
 * `PATCH /composite/sobjects/{type}/{extField}`: upserts by external id, with per-record results and allOrNone.
 * Refuses what Salesforce refuses: `Id` as the key (upsert goes by external id; update by Id is
 * `PATCH /composite/sobjects`), a record without `attributes.type`, the same external id twice in one call, and
 * values that do not fit the field metadata.
 */
export function upsertRecords(
  data: Dataset,
  type: string,
  extField: string,
  body: { allOrNone?: boolean; records?: Record<string, unknown>[] },
  faults: RecordFault[],
  /** The org's sharing: an Event's update needs edit on its account (activity access controlled by parent). */
  refused: (type: string) => RecordError | undefined = () => undefined,
  /** Field-level security: a field the integration user may read but not set. */
  readOnly: (type: string, field: string) => boolean = () => false,
): UpsertResult[] {
  const records = body.records ?? [];
  if (extField === 'Id')
    throw new UpsertRequestError(
      'INVALID_FIELD',
      'Upserting a collection by Id is not supported: use an external ID field, or PATCH /composite/sobjects to update by Id',
    );
  checkRequest(data, records, type);
  if (!settable(data, type!)?.has(extField))
    throw new UpsertRequestError(
      'INVALID_FIELD',
      `Provided external ID field does not exist or is not accessible: ${extField}`,
    );
  const keyCounts = new Map<unknown, number>();
  for (const r of records) keyCounts.set(r[extField], (keyCounts.get(r[extField]) ?? 0) + 1);
  const plan: Planned[] = records.map((r) => {
    const { attributes: _attributes, ...values } = r;
    const key = values[extField];
    if (typeof key !== 'string' || !key)
      return {
        error: {
          statusCode: 'REQUIRED_FIELD_MISSING',
          message: `Required fields are missing: [${extField}]`,
          fields: [extField],
        },
      };
    if ((keyCounts.get(key) ?? 0) > 1)
      return {
        error: { statusCode: 'DUPLICATE_EXTERNAL_ID', message: `Duplicate external id specified: ${key}`, fields: [] },
      };
    const existing = data.records(type).find((x) => x[extField] === key);
    const locked = Object.keys(values).filter((f) => readOnly(type, f));
    const error =
      (locked.length
        ? {
            statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
            message:
              `Unable to create/update fields: ${locked.join(', ')}. Please check the security settings of this ` +
              'field and verify that it is read/write for your profile or permission set.',
            fields: locked,
          }
        : undefined) ??
      takeFault(faults) ??
      valueError(type, values) ??
      lookupError(data, type, values) ??
      (type === 'Event' ? ((existing && refused('Account')) ?? eventError(data, values)) : undefined);
    if (error) return { error };
    return { values: type === 'Event' ? storedEvent(data, values) : values, existing };
  });
  const results = save(data, () => type, plan, body.allOrNone === true);
  if (type === 'Event') for (const r of results) if (r.id) relateWho(data, data.find(r.id)!.record);
  return results;
}

/** `PATCH /composite/sobjects`: updates existing records by `Id`, each naming its type in `attributes`. */
export function updateRecords(
  data: Dataset,
  body: { allOrNone?: boolean; records?: Record<string, unknown>[] },
  faults: RecordFault[],
  /** The org's sharing: a record the integration user may not edit, and why. */
  refused: (type: string) => RecordError | undefined = () => undefined,
): UpsertResult[] {
  const records = body.records ?? [];
  checkRequest(data, records, undefined);
  const types = records.map((r) => (r.attributes as { type: string }).type);
  const plan: Planned[] = records.map((r, i) => {
    const { attributes: _attributes, ...values } = r;
    const found = typeof values.Id === 'string' ? data.find(values.Id) : undefined;
    if (!found || found.type !== types[i])
      return {
        error: { statusCode: 'MALFORMED_ID', message: `invalid record id: ${String(values.Id)}`, fields: ['Id'] },
      };
    const error =
      takeFault(faults) ?? refused(types[i]!) ?? valueError(types[i]!, values) ?? lookupError(data, types[i]!, values);
    if (error) return { error };
    return { values, existing: found.record };
  });
  return save(data, (i) => types[i]!, plan, body.allOrNone === true);
}
