import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** SQL statements as the house writes them (keywords in capitals): a verb with the keyword that makes a statement. */
const SQL = /\b(SELECT\b[^;`'"]*?\bFROM\s+\w|INSERT\s+INTO\s+\w|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\s+\w)/;

/** The string and template literals of a TypeScript source (comments are not code). */
function literals(source: string): string[] {
  const out: string[] = [];
  const pattern = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
  for (const m of source.matchAll(pattern)) if (!m[0].startsWith('/')) out.push(m[0]);
  return out;
}

function sqlIn(source: string): string[] {
  return literals(source)
    .filter((l) => SQL.test(l))
    .map((l) => l.slice(0, 80));
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('SQL lives only in src/adapters/store/ (docs/ARCHITECTURE.md, import rules)', () => {
  it('When a source holds an SQL statement in a literal, then the scan finds it (and ignores comments and prose)', () => {
    expect(sqlIn("db.query('SELECT status FROM cycle_periods WHERE period = $1', [p])")).toHaveLength(1);
    expect(sqlIn('await db.query(`UPDATE outbox SET status = $1`)')).toHaveLength(1);
    expect(sqlIn('const q = "INSERT INTO leases (name) VALUES ($1)";')).toHaveLength(1);
    expect(sqlIn("await tx.query(`DELETE FROM channel_links WHERE id = ${'$'}1`)")).toHaveLength(1);
    expect(sqlIn('// SELECT what FROM where: a comment\nconst text = "Select an account from the list";')).toEqual([]);
  });

  it(
    'When the source tree is scanned, then no file outside src/adapters/store/ holds SQL (SOQL in ' +
      'src/adapters/salesforce/ is Salesforce’s language, not ours)',
    () => {
      const offenders = tsFiles(join(root, 'src'))
        .map((f) => relative(root, f).replaceAll('\\', '/'))
        .filter((f) => !f.startsWith('src/adapters/store/') && !f.startsWith('src/adapters/salesforce/'))
        .flatMap((f) => sqlIn(readFileSync(join(root, f), 'utf8')).map((l) => `${f}: ${l}`));
      expect(offenders).toEqual([]);
      // The scan reads the real files: the stores' own SQL is found.
      expect(sqlIn(readFileSync(join(root, 'src/adapters/store/leases-store.ts'), 'utf8')).length).toBeGreaterThan(0);
    },
  );
});
