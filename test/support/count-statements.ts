import type { Database, Queryable } from '../../src/adapters/store/database.ts';

/**
 * The same database, counting the statements sent through it (in transactions too): a test of what a path claims to
 * cost in round trips counts them here rather than trusting a comment.
 */
export function countStatements(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const counted = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      statements.push(sql);
      return q.query(sql, params);
    },
    exec: (sql) => {
      statements.push(sql);
      return q.exec(sql);
    },
  });
  const wrapped: Database = {
    ...counted(db),
    kind: db.kind,
    transaction: (fn) => db.transaction((tx) => fn(counted(tx))),
    close: () => db.close(),
  };
  return { db: wrapped, statements };
}
