/** A field reference, possibly through relationships: `Owner.Email` is ['Owner', 'Email']. */
export type FieldPath = string[];

/** A literal in a WHERE clause. Date literals like LAST_N_DAYS:30 are resolved when evaluated. */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: string }
  | { kind: 'dateLiteral'; name: string; n?: number };

/** A WHERE condition. */
export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; field: FieldPath; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal }
  | { kind: 'in'; field: FieldPath; negated: boolean; values: Literal[] }
  | { kind: 'like'; field: FieldPath; pattern: string }
  /** `Field [NOT] IN (SELECT Id FROM Object WHERE ...)`: a semi-join (anti-join when negated) on one id field. */
  | { kind: 'semiJoin'; field: FieldPath; negated: boolean; query: SoqlQuery };

/** One ORDER BY key. */
export interface OrderKey {
  field: FieldPath;
  descending: boolean;
  nullsLast: boolean;
}

/** A parsed SELECT. */
export interface SoqlQuery {
  fields: FieldPath[];
  from: string;
  where?: Condition;
  orderBy: OrderKey[];
  limit?: number;
}
