import { customFieldsOnStandardObjects, customObjects, type FieldSpec } from './sf-schema.ts';

/** A value Salesforce would refuse, named as Salesforce names the refusal. */
interface FitError {
  statusCode:
    | 'NUMBER_OUTSIDE_VALID_RANGE'
    | 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
    | 'INVALID_TYPE_ON_FIELD_IN_RECORD';
  message: string;
  fields: string[];
}

/** The declared fields of an object we write (custom objects, and our custom fields on Account/Contact). */
export function writableFields(object: string): Record<string, FieldSpec> | undefined {
  if (Object.hasOwn(customObjects, object)) return customObjects[object as keyof typeof customObjects].fields;
  if (Object.hasOwn(customFieldsOnStandardObjects, object))
    return customFieldsOnStandardObjects[object as keyof typeof customFieldsOnStandardObjects];
  return undefined;
}

/** What Salesforce checks of one value against its field's metadata; undefined when the value fits. */
export function checkValue(field: string, spec: FieldSpec, value: unknown): FitError | undefined {
  if (value === null) return undefined;
  const wrong = (what: string): FitError => ({
    statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
    message: `${field}: value not of required type: ${what}`,
    fields: [field],
  });
  switch (spec.type) {
    case 'Checkbox':
      return typeof value === 'boolean' ? undefined : wrong('boolean');
    case 'Text':
    case 'LongTextArea':
      return typeof value === 'string' ? undefined : wrong('string');
    case 'Lookup':
      return typeof value === 'string' && /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value) ? undefined : wrong('id');
    case 'Date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : wrong('date');
    case 'DateTime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : wrong('datetime');
    case 'Picklist':
      return typeof value === 'string' && spec.values.includes(value)
        ? undefined
        : {
            statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: `${spec.label}: bad value for restricted picklist field: ${String(value).slice(0, 80)}`,
            fields: [field],
          };
    case 'Number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrong('double');
      // Precision counts every digit, scale those after the point: Number(8, 1) holds at most 9,999,999.9.
      const limit = 10 ** (spec.precision - spec.scale);
      return Math.abs(value) < limit
        ? undefined
        : {
            statusCode: 'NUMBER_OUTSIDE_VALID_RANGE',
            message: `${spec.label}: value outside of valid range on numeric field: ${value}`,
            fields: [field],
          };
    }
  }
}

/** The longest text a field takes, or undefined for non-text fields. */
function textLength(spec: FieldSpec): number | undefined {
  return spec.type === 'Text' || spec.type === 'LongTextArea' ? spec.length : undefined;
}

/**
 * Fits a record we are about to write to the field metadata in `sf-schema.ts`, so Salesforce never refuses it for
 * its values: text longer than the field is cut (ending in "…"), numbers are rounded to the field's scale; a value
 * that cannot fit (a number beyond the precision, a value outside a restricted picklist, a wrong type) is refused
 * here with the error Salesforce would give. Fields not declared (Id, the external id of a standard object) pass.
 */
export function fitRecord(
  object: string,
  record: Record<string, unknown>,
): { ok: true; record: Record<string, unknown> } | { ok: false; error: FitError } {
  const fields = writableFields(object) ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(record)) {
    const spec = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!spec) {
      out[name] = raw;
      continue;
    }
    let value = raw;
    const max = textLength(spec);
    if (max !== undefined && typeof value === 'string' && [...value].length > max)
      value = `${[...value].slice(0, max - 1).join('')}…`;
    if (spec.type === 'Number' && typeof value === 'number' && Number.isFinite(value))
      value = Math.round(value * 10 ** spec.scale) / 10 ** spec.scale;
    const error = checkValue(name, spec, value);
    if (error) return { ok: false, error };
    out[name] = value;
  }
  return { ok: true, record: out };
}
