import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openPgliteThreadDatabase } from '../../src/adapters/store/pglite-thread-database.ts';
import { openPostgresDatabase } from '../../src/adapters/store/postgres-database.ts';
import { migrate } from '../../src/adapters/store/migrate.ts';
import type { Database } from '../../src/adapters/store/database.ts';

/**
 * Whether the PostgreSQL tests can run: TEST_DATABASE_URL names the server. Under CI its absence fails the file
 * instead of skipping it, so a CI run that lost its database cannot pass on PGlite alone.
 */
export function postgresAvailable(): boolean {
  if (process.env.TEST_DATABASE_URL) return true;
  if (process.env.CI)
    throw new Error(
      'CI is set but TEST_DATABASE_URL is not: the PostgreSQL tests would be skipped. Set it (.ci/run sets postgres://postgres@127.0.0.1:5432/test).',
    );
  return false;
}

/** The databases the storage tests run on: always PGlite, and PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): ('pglite' | 'postgres')[] {
  return postgresAvailable() ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * The database the flows run on (the test bot, the cycle and ratings worlds, the tab): PGlite, or PostgreSQL when
 * TEST_DATABASE_KIND=postgres (`npm run test:postgres`), so every flow is also run against a real server.
 */
export function flowDatabaseKind(): 'pglite' | 'postgres' {
  const kind = process.env.TEST_DATABASE_KIND ?? 'pglite';
  if (kind !== 'pglite' && kind !== 'postgres')
    throw new Error(`TEST_DATABASE_KIND must be pglite or postgres, not ${kind}`);
  if (kind === 'postgres' && !postgresAvailable())
    throw new Error('TEST_DATABASE_KIND=postgres needs TEST_DATABASE_URL');
  return kind;
}

/** A migrated database of its own for one test file; `close` removes what it made. */
export interface TestDatabase {
  db: Database;
  /** Opens another connection pool on the same database (PostgreSQL only), as a second replica would. */
  openReplica(): Database;
  close(): Promise<void>;
}

/**
 * Opens a fresh migrated database. PGlite copies the data directory that global setup prepared (initdb runs
 * once per test run, not per file); PostgreSQL gets a schema of its own, dropped at close.
 */
export async function openTestDatabase(
  kind: 'pglite' | 'postgres' = flowDatabaseKind(),
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-test-db-'));
    cpSync(inject(migrated ? 'pgliteMigratedTemplate' : 'pgliteEmptyTemplate'), dir, { recursive: true });
    // In its own thread, as the server opens it (open-database.ts).
    const db = await openPgliteThreadDatabase(dir);
    return {
      db,
      openReplica: () => {
        throw new Error('PGlite is single-process: there is no second replica');
      },
      async close() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = openPostgresDatabase(url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const pools: Database[] = [];
  const open = () => {
    const d = openPostgresDatabase(url, { schema, max: 5 });
    pools.push(d);
    return d;
  };
  const db = open();
  if (migrated) await migrate(db);
  return {
    db,
    openReplica: open,
    async close() {
      await Promise.all(pools.map((p) => p.close()));
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}
