import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every value reaches SQL as a $n parameter. A template literal that reads as SQL may interpolate only: an
 * UPPER_CASE module constant (SQL fragments written in the file), a call of one with string literals only, or an
 * expression reviewed below, each built from constants (table and column names from `syncTables`, a fragment).
 * A new interpolation fails this test until someone shows it cannot carry input.
 */
const REVIEWED: Record<string, Record<string, string>> = {
  'src/adapters/store/sync-store.ts': {
    table: 'syncTables[object].table: a constant table name chosen by a typed key',
    cols: 'the constant column list of that table',
    updates: 'built from the same constant column list',
    c: 'one constant column name while building `updates`',
    'syncTables[object].table': 'a constant table name chosen by a typed key',
    eventIds: "the constant column that names a row's event ('id' or 'event_id'), chosen by the typed object",
    kept: "'' or one of two constant NOT IN clauses over KEPT_EVENT_IDS, chosen by the typed object",
    where: "one of two constant clauses, 'id = ANY($1::text[])' or 'synced_at < $1', as the parameter's type allows",
    "REVIVED[object] ?? ''": "'' or the constant ', deleted_at = NULL' of a constant map, chosen by the typed object",
  },
  'src/adapters/store/people-met-sql.ts': {
    $account: "a $n placeholder: `peopleMetSql` is called with string literals only ('$1', '$2' and '$2', '$19')",
    $windows: "a $n placeholder: `peopleMetSql` is called with string literals only ('$1', '$2' and '$2', '$19')",
  },
  'src/adapters/store/return-submit.ts': {
    'metList(counted)':
      "one of two constant CTEs chosen by a boolean: `peopleMetSql('$2', '$19')` aggregated, or the literal empty list",
  },
  'src/adapters/store/save-context-store.ts': Object.fromEntries(
    ['$account', '$period', '$lastPeriod'].map((p) => [
      p,
      'a $n placeholder: `checkinContextJoins` is called with string literals only',
    ]),
  ),
  'src/adapters/store/meetings-store.ts': Object.fromEntries(
    ['$account', '$from', '$to', '$allDayFrom', '$allDayTo'].map((p) => [
      p,
      'a $n placeholder: `meetingsSql` is called with string literals only',
    ]),
  ),
  'src/adapters/store/people-store.ts': {
    select: 'a constant SELECT written in the same function',
    $teamsUser: "a $n placeholder: `byTeamsUserSql` is called with string literals only ('$1')",
  },
  'src/adapters/store/outbox-store.ts': {
    t: "a column prefix; `due` is called with string literals only ('', 'e.')",
    lock: "one of two constant locking clauses ('FOR UPDATE' or 'FOR UPDATE SKIP LOCKED') chosen by the typed target",
  },
};
const SQL = /\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|WHERE|CREATE|DROP|ALTER)\b/;

function sqlInterpolations(file: string): { expr: string; ok: boolean; line: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { expr: string; ok: boolean; line: number }[] = [];
  const allowed = (e: ts.Expression): boolean => {
    const text = e.getText(source);
    if (/^[A-Z][A-Z0-9_]*$/.test(text) || REVIEWED[file]?.[text]) return true;
    if (ts.isCallExpression(e))
      return (
        /^[A-Za-z_][A-Za-z0-9_]*$/.test(e.expression.getText(source)) &&
        e.arguments.every((a) => ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a))
      );
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (SQL.test(text))
        for (const span of node.templateSpans)
          found.push({
            expr: span.expression.getText(source),
            ok: allowed(span.expression),
            line: source.getLineAndCharacterOfPosition(span.getStart()).line + 1,
          });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('Every SQL statement is parameterised', () => {
  const files = readdirSync('src/adapters/store')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('src/adapters/store', f));

  it('interpolates nothing but constants and reviewed constant-built names into SQL text', () => {
    const offending = files.flatMap((f) =>
      sqlInterpolations(f)
        .filter((i) => !i.ok)
        .map((i) => `${f}:${i.line} \${${i.expr}}`),
    );
    expect(offending).toEqual([]);
  });

  it('finds an interpolated value when there is one (the scan itself works)', () => {
    const probe = join('test', 'security', 'fixtures', 'interpolated-query.ts.txt');
    expect(sqlInterpolations(probe).map((i) => `${i.expr}:${i.ok}`)).toEqual(['accountId:false', 'TABLE:true']);
  });

  it('has no SQL outside src/adapters/store (the layer rule, checked here on the text as well)', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
      );
    const outside = walk('src')
      .filter((f) => !f.startsWith('src/adapters/store/') && !f.startsWith('src/adapters/salesforce/'))
      .filter((f) => /\.(query|exec)\(\s*`/.test(readFileSync(f, 'utf8')));
    expect(outside).toEqual([]);
  });
});
