import type { Dataset, SfRecord } from '../dataset.ts';
import { parseSoql, SoqlSyntaxError } from './parse-soql.ts';
import type { Condition, FieldPath, Literal, SoqlQuery } from './soql-ast.ts';
import { firstUnreadableField } from '../field-access.ts';

/** A query naming an object or field the org does not have: 400 INVALID_FIELD / INVALID_TYPE. */
export class SoqlSemanticError extends Error {
  constructor(
    readonly errorCode: 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

/** The lookup field behind a relationship name: Owner → OwnerId, Account__r → Account__c. */
function lookupFieldOf(relationship: string): string {
  return relationship.endsWith('__r') ? `${relationship.slice(0, -3)}__c` : `${relationship}Id`;
}

/** Resolves a path on a record of `type`; undefined for a null lookup along the way. */
function resolve(
  data: Dataset,
  type: string,
  record: SfRecord,
  path: FieldPath,
): { value: unknown; type: string; record: SfRecord } | undefined {
  let currentType = type;
  let current = record;
  for (let i = 0; i < path.length - 1; i++) {
    const lookup = data.fieldName(currentType, lookupFieldOf(path[i]!));
    if (!lookup)
      throw new SoqlSemanticError('INVALID_FIELD', `No such relationship '${path[i]}' on entity '${currentType}'`);
    const id = current[lookup] as string | null | undefined;
    const target = id ? data.find(id) : undefined;
    if (!target) return undefined;
    currentType = target.type;
    current = target.record;
  }
  const last = path[path.length - 1]!;
  const name = data.fieldName(currentType, last);
  if (!name) throw new SoqlSemanticError('INVALID_FIELD', `No such column '${last}' on entity '${currentType}'`);
  return { value: current[name], type: currentType, record: current };
}

function startOfDayUtc(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** The [from, to) range of a date literal, in UTC (the stand-in org's time zone). */
function dateLiteralRange(l: Extract<Literal, { kind: 'dateLiteral' }>, now: Date): [number, number] {
  const day = 86_400_000;
  const today = startOfDayUtc(now).getTime();
  const month = (offset: number) =>
    [
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1),
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 1),
    ] as [number, number];
  const week = (offset: number) => {
    const start = today - new Date(today).getUTCDay() * day + offset * 7 * day;
    return [start, start + 7 * day] as [number, number];
  };
  switch (l.name) {
    case 'TODAY':
      return [today, today + day];
    case 'YESTERDAY':
      return [today - day, today];
    case 'TOMORROW':
      return [today + day, today + 2 * day];
    case 'THIS_MONTH':
      return month(0);
    case 'LAST_MONTH':
      return month(-1);
    case 'NEXT_MONTH':
      return month(1);
    case 'THIS_WEEK':
      return week(0);
    case 'LAST_WEEK':
      return week(-1);
    case 'LAST_N_DAYS':
      return [today - (l.n ?? 0) * day, today + day];
    case 'NEXT_N_DAYS':
      return [today + day, today + ((l.n ?? 0) + 1) * day];
    case 'LAST_N_MONTHS':
      return [month(-(l.n ?? 0))[0], month(0)[0]];
    case 'NEXT_N_MONTHS':
      return [month(1)[0], month((l.n ?? 0) + 1)[0]];
    default:
      throw new SoqlSyntaxError(`unsupported date literal ${l.name}`);
  }
}

function asTime(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? undefined : t;
}

function compare(a: unknown, b: Literal, _now: Date): number | undefined {
  if (a === null || a === undefined) return undefined;
  switch (b.kind) {
    case 'number':
      return Number(a) - b.value;
    case 'string':
      return String(a) < b.value ? -1 : String(a) > b.value ? 1 : 0;
    case 'boolean':
      return Number(Boolean(a)) - Number(b.value);
    case 'date':
    case 'datetime': {
      const ta = asTime(a);
      const tb = asTime(b.value);
      return ta === undefined || tb === undefined ? undefined : ta - tb;
    }
    default:
      return undefined;
  }
}

/** The object a FROM names, in its own spelling (names are case-insensitive). */
function objectType(data: Dataset, from: string): string {
  const type =
    ['Account', 'Contact', 'User', 'Event', 'EventRelation', 'Opportunity', 'Case', 'AccountTeamMember'].find(
      (t) => t.toLowerCase() === from.toLowerCase(),
    ) ?? from;
  if (!data.has(type)) throw new SoqlSemanticError('INVALID_TYPE', `sObject type '${from}' is not supported.`);
  return type;
}

/** The values a semi-join's subquery selects, worked out once per query. */
const semiJoinCache = new WeakMap<Condition, Set<string>>();
function semiJoinValues(data: Dataset, c: Extract<Condition, { kind: 'semiJoin' }>, now: Date): Set<string> {
  let values = semiJoinCache.get(c);
  if (!values) {
    const type = objectType(data, c.query.from);
    const where = c.query.where;
    const rows = data.records(type).filter((r) => !where || matches(data, type, r, where, now));
    values = new Set(
      rows
        .map((r) => resolve(data, type, r, c.query.fields[0]!)?.value)
        .filter((v): v is string => typeof v === 'string'),
    );
    semiJoinCache.set(c, values);
  }
  return values;
}

function matches(data: Dataset, type: string, record: SfRecord, c: Condition, now: Date): boolean {
  switch (c.kind) {
    case 'and':
      return matches(data, type, record, c.left, now) && matches(data, type, record, c.right, now);
    case 'or':
      return matches(data, type, record, c.left, now) || matches(data, type, record, c.right, now);
    case 'not':
      return !matches(data, type, record, c.inner, now);
    case 'like': {
      const v = resolve(data, type, record, c.field)?.value;
      if (typeof v !== 'string') return false;
      const re = c.pattern.replace(/\\[_%]|[_%]|[.*+?^${}()|[\]\\]/g, (m) =>
        m === '%'
          ? '.*'
          : m === '_'
            ? '.'
            : m.startsWith('\\') && m.length === 2 && '_%'.includes(m[1]!)
              ? m[1]!
              : `\\${m}`,
      );
      return new RegExp(`^${re}$`, 'is').test(v);
    }
    case 'in': {
      const v = resolve(data, type, record, c.field)?.value;
      const found = c.values.some((l) =>
        l.kind === 'null' ? v === null || v === undefined : compare(v, l, now) === 0,
      );
      return c.negated ? !found : found;
    }
    case 'semiJoin': {
      const v = resolve(data, type, record, c.field)?.value;
      const found = typeof v === 'string' && semiJoinValues(data, c, now).has(v);
      return c.negated ? !found : found;
    }
    case 'compare': {
      const v = resolve(data, type, record, c.field)?.value;
      if (c.value.kind === 'null')
        return c.op === '=' ? v === null || v === undefined : c.op === '!=' ? v !== null && v !== undefined : false;
      if (c.value.kind === 'dateLiteral') {
        const t = asTime(v);
        if (t === undefined) return false;
        const [from, to] = dateLiteralRange(c.value, now);
        return {
          '=': t >= from && t < to,
          '!=': t < from || t >= to,
          '<': t < from,
          '<=': t < to,
          '>': t >= to,
          '>=': t >= from,
        }[c.op];
      }
      const d = compare(v, c.value, now);
      if (d === undefined) return c.op === '!=';
      return { '=': d === 0, '!=': d !== 0, '<': d < 0, '<=': d <= 0, '>': d > 0, '>=': d >= 0 }[c.op];
    }
  }
}

/** Projects the selected fields the way the REST API returns them: relationship fields as nested objects. */
function project(
  data: Dataset,
  type: string,
  record: SfRecord,
  fields: FieldPath[],
  apiVersion: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type, url: `/services/data/v${apiVersion}/sobjects/${type}/${record.Id}` },
  };
  for (const path of fields) {
    let node: Record<string, unknown> | undefined = out;
    let nodeType = type;
    let nodeRecord: SfRecord = record;
    for (let i = 0; i < path.length - 1 && node; i++) {
      const lookup = data.fieldName(nodeType, lookupFieldOf(path[i]!));
      const id: string | undefined = lookup ? (nodeRecord[lookup] as string | undefined) : undefined;
      const target: { type: string; record: SfRecord } | undefined = id ? data.find(id) : undefined;
      if (!target) {
        node[path[i]!] = null;
        node = undefined;
        break;
      }
      const existing = node[path[i]!] as Record<string, unknown> | undefined;
      const child: Record<string, unknown> = existing ?? {
        attributes: {
          type: target.type,
          url: `/services/data/v${apiVersion}/sobjects/${target.type}/${target.record.Id}`,
        },
      };
      node[path[i]!] = child;
      node = child;
      nodeType = target.type;
      nodeRecord = target.record;
    }
    if (!node) continue;
    const last = path[path.length - 1]!;
    const name = data.fieldName(nodeType, last) ?? last;
    node[name] = nodeRecord[name] ?? null;
  }
  return out;
}

/** Runs a SOQL string over the dataset; every selected and filtered field must exist. */
export function runSoql(
  data: Dataset,
  soql: string,
  apiVersion: string,
  now: Date,
  readableFields?: ReadonlySet<string>,
  /** queryAll: deleted records still in the Recycle Bin are returned too (IsDeleted = true). */
  includeDeleted = false,
): Record<string, unknown>[] {
  const q: SoqlQuery = parseSoql(soql);
  const type = objectType(data, q.from);
  const hidden = firstUnreadableField(q, type, readableFields);
  if (hidden)
    throw new SoqlSemanticError(
      'INVALID_FIELD',
      `No such column '${hidden.field}' on entity '${hidden.object}'. If you are attempting to use a ` +
        `custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL ` +
        `or the describe call for the appropriate names.`,
    );
  const all = includeDeleted ? [...data.records(type), ...data.deleted(type)] : data.records(type);
  // Validate every path once, even when no record would reach it.
  const probe = all[0];
  if (probe) for (const f of [...q.fields, ...q.orderBy.map((o) => o.field)]) resolve(data, type, probe, f);
  else
    for (const f of q.fields)
      if (f.length === 1 && !data.fieldName(type, f[0]!))
        throw new SoqlSemanticError('INVALID_FIELD', `No such column '${f[0]}' on entity '${type}'`);
  let rows = q.where ? all.filter((r) => matches(data, type, r, q.where!, now)) : all;
  if (q.orderBy.length) {
    const keyed = rows.map((r) => ({ r, keys: q.orderBy.map((o) => resolve(data, type, r, o.field)?.value) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < q.orderBy.length; i++) {
        const o = q.orderBy[i]!;
        const x = a.keys[i];
        const y = b.keys[i];
        if (x === y) continue;
        if (x === null || x === undefined) return o.nullsLast ? 1 : -1;
        if (y === null || y === undefined) return o.nullsLast ? -1 : 1;
        const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
        return o.descending ? -d : d;
      }
      return 0;
    });
    rows = keyed.map((k) => k.r);
  }
  if (q.limit !== undefined) rows = rows.slice(0, q.limit);
  return rows.map((r) => project(data, type, r, q.fields, apiVersion));
}
