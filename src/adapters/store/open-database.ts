import { chmodSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from './database.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { openPgliteThreadDatabase } from './pglite-thread-database.ts';
import { buildPgliteTemplate, isPgliteTemplate, pgliteTemplateDir, seedFromTemplate } from './pglite-template.ts';
import type { Logger } from '../../platform/log/logger.ts';

/**
 * Opens the configured database: PostgreSQL when `databaseUrl` is set (shared by replicas), else the embedded
 * PGlite under `dataDir`, guarded by an exclusive lock because two processes on one folder corrupt it.
 */
export async function openDatabase(
  settings: { databaseUrl: string | undefined; dataDir: string },
  log: Logger,
): Promise<Database> {
  if (settings.databaseUrl) {
    // The PostgreSQL driver is loaded only when it is used: the embedded default starts without it.
    const { openPostgresDatabase } = await import('./postgres-database.ts');
    return openPostgresDatabase(settings.databaseUrl, {
      onIdleError: (error) =>
        log.warn({ error: error.message }, 'an idle PostgreSQL connection failed; it will be replaced'),
    });
  }
  const release = acquireDataDirLock(settings.dataDir);
  try {
    // The database files are only ever this user's: whatever the umask made them, nobody else may reach them.
    chmodSync(resolve(settings.dataDir), 0o700);
    const folder = join(resolve(settings.dataDir), 'pglite');
    await seedNewFolder(folder, log);
    const db = await openPgliteThreadDatabase(folder);
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

/** A new embedded database starts as a copy of the pre-initialised template (made here if the build did not). */
async function seedNewFolder(folder: string, log: Logger): Promise<void> {
  if (existsSync(join(folder, 'PG_VERSION'))) return;
  const template = await pgliteTemplateDir();
  try {
    if (!isPgliteTemplate(template))
      log.info({ template }, 'preparing the embedded database for its first use (once: a few seconds)');
    await buildPgliteTemplate(template);
    if (seedFromTemplate(folder, template)) log.info({ template }, 'new embedded database copied from the template');
  } catch (error) {
    // A read-only install folder, say: PGlite initialises the folder itself, only more slowly.
    log.warn({ template, error: (error as Error).message }, 'no embedded database template; initialising in place');
  }
}
