import { permissionableReadFields } from '../../adapters/salesforce/sf-schema.ts';
import type { Condition, FieldPath, SoqlQuery } from './soql/soql-ast.ts';

/** The object a relationship name leads to, for the relationships the sync's queries use. */
const RELATIONSHIP_TARGETS: Record<string, string> = {
  Account: 'Account',
  Event: 'Event',
  Owner: 'User',
  Manager: 'User',
  Parent: 'Account',
};

const PERMISSIONABLE = new Set<string>(permissionableReadFields);

/** Whether field-level security governs `Object.Field` (custom fields always; standard ones listed in sf-schema). */
function isPermissionable(qualified: string): boolean {
  return qualified.endsWith('__c') || PERMISSIONABLE.has(qualified);
}

function fieldsOf(c: Condition | undefined): FieldPath[] {
  if (!c) return [];
  switch (c.kind) {
    case 'and':
    case 'or':
      return [...fieldsOf(c.left), ...fieldsOf(c.right)];
    case 'not':
      return fieldsOf(c.inner);
    default:
      return [c.field];
  }
}

/** The semi-joins of a condition: their subqueries are checked against the user's access too. */
function semiJoinsOf(c: Condition | undefined): Extract<Condition, { kind: 'semiJoin' }>[] {
  if (!c) return [];
  switch (c.kind) {
    case 'and':
    case 'or':
      return [...semiJoinsOf(c.left), ...semiJoinsOf(c.right)];
    case 'not':
      return semiJoinsOf(c.inner);
    case 'semiJoin':
      return [c];
    default:
      return [];
  }
}

/**
 * The first field of the query the user may not read, as `Object.Field`, or undefined. Salesforce answers such a
 * query exactly as one naming a field that does not exist: 400 INVALID_FIELD "No such column".
 */
export function firstUnreadableField(
  q: SoqlQuery,
  type: string,
  readable: ReadonlySet<string> | undefined,
): { object: string; field: string } | undefined {
  if (!readable) return undefined;
  for (const path of [...q.fields, ...fieldsOf(q.where), ...q.orderBy.map((o) => o.field)]) {
    let object: string | undefined = type;
    for (const step of path.slice(0, -1)) {
      // The lookup field behind the relationship is read too (Event.Account.X reads Event.AccountId).
      object = object && RELATIONSHIP_TARGETS[step];
    }
    const field = path[path.length - 1]!;
    if (object && isPermissionable(`${object}.${field}`) && !readable.has(`${object}.${field}`))
      return { object, field };
  }
  for (const join of semiJoinsOf(q.where)) {
    const hidden = firstUnreadableField(join.query, join.query.from, readable);
    if (hidden) return hidden;
  }
  return undefined;
}
