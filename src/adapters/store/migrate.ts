import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

/** The numbered SQL files, in order; the number is the schema version. */
interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Arbitrary constant key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 4_205_310_771;

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Reads `src/adapters/store/migrations/NNN_name.sql`; rejects gaps and duplicates so a bad merge fails loudly. */
export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file name ${file} must look like 001_what_it_does.sql`);
    const version = Number(match[1]);
    if (version !== migrations.length + 1) {
      throw new Error(`Migration ${file} should be number ${String(migrations.length + 1).padStart(3, '0')}`);
    }
    migrations.push({ version, name: match[2]!, sql: await readFile(`${dir}/${file}`, 'utf8') });
  }
  return migrations;
}

/**
 * Applies the pending migrations in one transaction under a transaction-scoped advisory lock, so two processes
 * starting at once apply each migration exactly once (the second waits, then finds nothing to do).
 * Returns the versions it applied.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations');
    // A version applied under another name was made by a build whose migrations were numbered differently (an
    // unreleased branch): running ours on top would skip one and repeat another. Stop, saying so.
    for (const r of rows) {
      const ours = all.find((m) => m.version === Number(r.version));
      if (ours && ours.name !== r.name)
        throw new Error(
          `The database's migration ${r.version} is "${r.name}", but this code's ${r.version} is ` +
            `"${ours.name}": it was migrated by another build. Restore a backup made by this release, or start ` +
            `on a new database.`,
        );
    }
    const applied = new Set(rows.map((r) => Number(r.version)));
    const done: number[] = [];
    for (const m of all) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      done.push(m.version);
    }
    return done;
  });
}

/** The schema version in the database; /readyz compares it with the migrations this code ships. */
export async function schemaVersion(db: Database): Promise<number> {
  const [table] = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!table?.present) return 0;
  const [row] = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return Number(row?.v ?? 0);
}
