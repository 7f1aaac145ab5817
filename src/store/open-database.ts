import { chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from './database.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import type { Logger } from '../log/logger.ts';

/**
 * Opens the configured database: PostgreSQL when `databaseUrl` is set (shared by replicas), else the embedded
 * PGlite under `dataDir`, guarded by an exclusive lock because two processes on one folder corrupt it.
 */
export async function openDatabase(
  settings: { databaseUrl: string | undefined; dataDir: string },
  log: Logger,
): Promise<Database> {
  if (settings.databaseUrl) {
    return openPostgresDatabase(settings.databaseUrl, {
      onIdleError: (error) =>
        log.warn({ error: error.message }, 'an idle PostgreSQL connection failed; it will be replaced'),
    });
  }
  const release = acquireDataDirLock(settings.dataDir);
  try {
    // The database files are only ever this user's: whatever the umask made them, nobody else may reach them.
    chmodSync(resolve(settings.dataDir), 0o700);
    const db = await openPgliteDatabase(join(resolve(settings.dataDir), 'pglite'));
    return {
      ...db,
      async close() {
        try {
          await db.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
