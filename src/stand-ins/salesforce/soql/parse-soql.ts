import type { Condition, FieldPath, Literal, OrderKey, SoqlQuery } from './soql-ast.ts';

/** A query Salesforce would refuse: answered as 400 MALFORMED_QUERY. */
export class SoqlSyntaxError extends Error {
  readonly errorCode = 'MALFORMED_QUERY';
}

type Token = { type: 'word' | 'string' | 'number' | 'op' | 'punct'; text: string; pos: number };

const OPS = ['<=', '>=', '!=', '<>', '=', '<', '>'];

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= soql.length) throw new SoqlSyntaxError(`unterminated string literal at ${i}`);
        const d = soql[j]!;
        if (d === '\\') {
          const e = soql[j + 1];
          const map: Record<string, string> = {
            n: '\n',
            r: '\r',
            t: '\t',
            b: '\b',
            f: '\f',
            '"': '"',
            "'": "'",
            '\\': '\\',
            _: '\\_',
            '%': '\\%',
          };
          if (e === undefined || !(e in map)) throw new SoqlSyntaxError(`invalid escape \\${e ?? ''} at ${j}`);
          value += map[e];
          j += 2;
          continue;
        }
        if (d === "'") break;
        value += d;
        j++;
      }
      tokens.push({ type: 'string', text: value, pos: i });
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => soql.startsWith(o, i));
    if (op) {
      tokens.push({ type: 'op', text: op === '<>' ? '!=' : op, pos: i });
      i += op.length;
      continue;
    }
    if ('(),'.includes(c)) {
      tokens.push({ type: 'punct', text: c, pos: i });
      i++;
      continue;
    }
    // Words cover names, dotted paths, numbers, dates (2026-05-01), datetimes and LAST_N_DAYS:30.
    const m = /^[A-Za-z0-9_.:+-]+/.exec(soql.slice(i));
    if (!m) throw new SoqlSyntaxError(`unexpected character '${c}' at ${i}`);
    const text = m[0];
    tokens.push({ type: /^-?\d+(\.\d+)?$/.test(text) ? 'number' : 'word', text, pos: i });
    i += text.length;
  }
  return tokens;
}

/** Parses the SOQL subset the adapter sends: SELECT fields FROM object [WHERE] [ORDER BY] [LIMIT]. */
export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let p = 0;
  /** Inside a semi-join's subquery: another semi-join there is refused. */
  let nested = false;
  const peek = () => tokens[p];
  const isWord = (w: string) => peek()?.type === 'word' && peek()!.text.toUpperCase() === w;
  const expectWord = (w: string) => {
    if (!isWord(w)) throw new SoqlSyntaxError(`expected ${w} at ${peek()?.pos ?? 'end'}`);
    p++;
  };
  const expectPunct = (c: string) => {
    if (peek()?.text !== c || peek()?.type !== 'punct')
      throw new SoqlSyntaxError(`expected '${c}' at ${peek()?.pos ?? 'end'}`);
    p++;
  };
  const fieldPath = (): FieldPath => {
    const t = peek();
    if (t?.type !== 'word' || !/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/.test(t.text)) {
      throw new SoqlSyntaxError(`expected a field name at ${t?.pos ?? 'end'}`);
    }
    p++;
    return t.text.split('.');
  };
  const literal = (): Literal => {
    const t = peek();
    if (!t) throw new SoqlSyntaxError('expected a value at end');
    p++;
    if (t.type === 'string') return { kind: 'string', value: t.text };
    if (t.type === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.type !== 'word') throw new SoqlSyntaxError(`expected a value at ${t.pos}`);
    const upper = t.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
    if (upper === 'NULL') return { kind: 'null' };
    if (/^\d{4}-\d{2}-\d{2}$/.test(t.text)) return { kind: 'date', value: t.text };
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/.test(t.text))
      return { kind: 'datetime', value: t.text };
    const dl =
      /^(TODAY|YESTERDAY|TOMORROW|THIS_MONTH|LAST_MONTH|NEXT_MONTH|THIS_WEEK|LAST_WEEK|(LAST|NEXT)_N_(DAYS|MONTHS):(\d+))$/.exec(
        upper,
      );
    if (dl)
      return dl[4]
        ? { kind: 'dateLiteral', name: `${dl[2]}_N_${dl[3]}`, n: Number(dl[4]) }
        : { kind: 'dateLiteral', name: upper };
    throw new SoqlSyntaxError(`unexpected token '${t.text}' at ${t.pos}`);
  };
  const condition = (): Condition => {
    let left = conjunction();
    while (isWord('OR')) {
      p++;
      left = { kind: 'or', left, right: conjunction() };
    }
    return left;
  };
  const conjunction = (): Condition => {
    let left = factor();
    while (isWord('AND')) {
      p++;
      left = { kind: 'and', left, right: factor() };
    }
    return left;
  };
  const factor = (): Condition => {
    if (isWord('NOT')) {
      p++;
      return { kind: 'not', inner: factor() };
    }
    if (peek()?.type === 'punct' && peek()!.text === '(') {
      p++;
      const inner = condition();
      expectPunct(')');
      return inner;
    }
    const field = fieldPath();
    if (isWord('NOT') || isWord('IN')) {
      const negated = isWord('NOT');
      if (negated) p++;
      expectWord('IN');
      expectPunct('(');
      if (isWord('SELECT')) {
        // Semi-join rules (SOQL reference, "Semi-Joins with IN and Anti-Joins with NOT IN"): the subquery selects
        // one id or reference field, and a semi-join does not nest inside another.
        if (nested) throw new SoqlSyntaxError(`a semi-join cannot nest inside another at ${peek()!.pos}`);
        const query = select(true);
        expectPunct(')');
        const [selected, ...more] = query.fields;
        if (more.length || !selected || selected.length !== 1 || !/(Id|__c)$/.test(selected[0]!))
          throw new SoqlSyntaxError('a semi-join subquery selects exactly one id or reference field');
        if (query.orderBy.length || query.limit !== undefined)
          throw new SoqlSyntaxError('a semi-join subquery takes no ORDER BY or LIMIT');
        return { kind: 'semiJoin', field, negated, query };
      }
      const values: Literal[] = [literal()];
      while (peek()?.text === ',') {
        p++;
        values.push(literal());
      }
      expectPunct(')');
      return { kind: 'in', field, negated, values };
    }
    if (isWord('LIKE')) {
      p++;
      const v = literal();
      if (v.kind !== 'string') throw new SoqlSyntaxError('LIKE needs a string');
      return { kind: 'like', field, pattern: v.value };
    }
    const op = peek();
    if (op?.type !== 'op') throw new SoqlSyntaxError(`expected an operator at ${op?.pos ?? 'end'}`);
    p++;
    return { kind: 'compare', field, op: op.text as '=' | '!=' | '<' | '<=' | '>' | '>=', value: literal() };
  };

  /** A SELECT from its keyword on; `inner` for a semi-join's subquery, which ends at its closing parenthesis. */
  function select(inner: boolean): SoqlQuery {
    const outer = nested;
    nested = inner;
    expectWord('SELECT');
    const fields: FieldPath[] = [fieldPath()];
    while (peek()?.text === ',') {
      p++;
      fields.push(fieldPath());
    }
    expectWord('FROM');
    const from = fieldPath();
    if (from.length !== 1) throw new SoqlSyntaxError('FROM takes one object name');
    const query: SoqlQuery = { fields, from: from[0]!, orderBy: [] };
    if (isWord('WHERE')) {
      p++;
      query.where = condition();
    }
    if (isWord('ORDER')) {
      p++;
      expectWord('BY');
      do {
        if (peek()?.text === ',') p++;
        const key: OrderKey = { field: fieldPath(), descending: false, nullsLast: false };
        if (isWord('ASC') || isWord('DESC')) key.descending = tokens[p++]!.text.toUpperCase() === 'DESC';
        key.nullsLast = key.descending;
        if (isWord('NULLS')) {
          p++;
          key.nullsLast = isWord('LAST');
          p++;
        }
        query.orderBy.push(key);
      } while (peek()?.text === ',');
    }
    if (isWord('LIMIT')) {
      p++;
      const n = peek();
      if (n?.type !== 'number') throw new SoqlSyntaxError('LIMIT takes a number');
      p++;
      query.limit = Number(n.text);
    }
    nested = outer;
    return query;
  }

  const query = select(false);
  if (p < tokens.length) throw new SoqlSyntaxError(`unexpected token '${tokens[p]!.text}' at ${tokens[p]!.pos}`);
  return query;
}
