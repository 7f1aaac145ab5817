import { customObjects, customFieldsOnStandardObjects } from '../sf-schema.ts';
import { sfDateTime, type Dataset } from './dataset.ts';

/** A whole-request error of a collection upsert (400 with Salesforce's error body). */
export class UpsertRequestError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** Makes the next `times` records of upserts fail with `statusCode` (e.g. UNABLE_TO_LOCK_ROW) and not be saved. */
export interface RecordFault {
  statusCode: string;
  message: string;
  times: number;
}

/** One record's result, as the sObject Collections API returns it. */
export interface UpsertResult {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
  created?: boolean;
}

const MAX_RECORDS = 200;

function fieldsOf(type: string): Record<string, { type: string }> | undefined {
  if (type in customObjects) return customObjects[type as keyof typeof customObjects].fields;
  if (type in customFieldsOnStandardObjects)
    return customFieldsOnStandardObjects[type as keyof typeof customFieldsOnStandardObjects];
  return undefined;
}

/** `PATCH /composite/sobjects/{type}/{extField}`: upserts by external id, with per-record results and allOrNone. */
export function upsertRecords(
  data: Dataset,
  type: string,
  extField: string,
  body: { allOrNone?: boolean; records?: Record<string, unknown>[] },
  faults: RecordFault[],
): UpsertResult[] {
  const records = body.records ?? [];
  if (records.length > MAX_RECORDS)
    throw new UpsertRequestError(
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
    );
  const fields = fieldsOf(type);
  if (!fields && type !== 'Account')
    throw new UpsertRequestError('INVALID_TYPE', `sObject type '${type}' is not supported`);
  if (extField !== 'Id' && !(fields && extField in fields))
    throw new UpsertRequestError(
      'INVALID_FIELD',
      `Provided external ID field does not exist or is not accessible: ${extField}`,
    );
  for (const r of records) {
    for (const f of Object.keys(r)) {
      if (f !== 'attributes' && f !== 'Id' && !(fields && f in fields))
        throw new UpsertRequestError('INVALID_FIELD', `No such column '${f}' on sobject of type ${type}`);
    }
  }
  const plan = records.map((r) => {
    const { attributes: _attributes, ...values } = r;
    const key = values[extField];
    if (typeof key !== 'string' || !key) {
      return {
        error: {
          statusCode: 'REQUIRED_FIELD_MISSING',
          message: `Required fields are missing: [${extField}]`,
          fields: [extField],
        },
      };
    }
    const fault = faults[0];
    if (fault && fault.times > 0) {
      fault.times -= 1;
      if (fault.times === 0) faults.shift();
      return { error: { statusCode: fault.statusCode, message: fault.message, fields: [] } };
    }
    for (const [f, spec] of Object.entries(fields ?? {})) {
      if (spec.type === 'Lookup' && values[f] && !data.find(String(values[f]))) {
        return {
          error: { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: `invalid cross reference id`, fields: [f] },
        };
      }
    }
    const existing = extField === 'Id' ? data.find(key)?.record : data.records(type).find((x) => x[extField] === key);
    if (extField === 'Id' && !existing)
      return { error: { statusCode: 'INVALID_ID_FIELD', message: 'invalid record id', fields: ['Id'] } };
    return { values, existing };
  });
  const failed = plan.some((p) => 'error' in p);
  if (failed && body.allOrNone) {
    return plan.map((p) => ({
      success: false,
      errors: [
        'error' in p
          ? p.error!
          : {
              statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
              message:
                'Record rolled back because not all records were valid and the request was using AllOrNone header',
              fields: [],
            },
      ],
    }));
  }
  return plan.map((p) => {
    if ('error' in p) return { success: false, errors: [p.error!] };
    const saved = data.put(type, {
      ...p.existing,
      ...p.values,
      Id: p.existing?.Id,
      SystemModstamp: sfDateTime(new Date()),
    });
    return { id: saved.Id, success: true, errors: [], created: !p.existing };
  });
}
