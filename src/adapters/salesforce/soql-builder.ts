import { readFields, type ReadObject } from './sf-schema.ts';

/** A SOQL string literal: quotes and backslashes escaped, so a value can never change the query around it. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** A SOQL datetime literal (UTC, no quotes). */
export function soqlDateTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What a read needs: the object, its extra fields, its conditions (ANDed), and the incremental watermark. */
interface ReadPlan {
  object: ReadObject;
  extraFields?: readonly string[];
  /** Fields of the object's read list this org does not have (Shared Activities' fields where it is off). */
  omitFields?: readonly string[];
  where: readonly string[];
  since?: Date;
}

/** Builds the SELECT for a read; ordered by SystemModstamp so a watermark can advance page by page. */
export function buildSoql(plan: ReadPlan): string {
  const omit = new Set(plan.omitFields ?? []);
  const fields = [...readFields[plan.object], ...(plan.extraFields ?? [])].filter((f) => !omit.has(f));
  const where = [...plan.where, ...(plan.since ? [`SystemModstamp > ${soqlDateTime(plan.since)}`] : [])];
  return (
    `SELECT ${[...new Set(fields)].join(', ')} FROM ` +
    `${plan.object}${where.length ? ` WHERE ${where.map((w) => (where.length > 1 && /\bOR\b/i.test(w) ? `(${w})` : w)).join(' AND ')}` : ''} ` +
    `ORDER BY SystemModstamp ASC, Id ASC`
  );
}

/** Splits ids into IN-list chunks that keep a query well under Salesforce's length limit. */
export function idChunks(ids: readonly string[], size = 300): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size) as string[]);
  return out;
}

/** `Field IN (SELECT Id FROM Object WHERE ...)`: a semi-join on a reference field. */
export function inSubquery(field: string, object: ReadObject, where: string): string {
  return `${field} IN (SELECT Id FROM ${object} WHERE ${where})`;
}

/** `Field IN ('a','b')` with escaped values. */
export function inList(field: string, values: readonly string[]): string {
  return `${field} IN (${values.map(soqlString).join(', ')})`;
}
