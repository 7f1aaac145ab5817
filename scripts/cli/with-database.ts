import type { Config } from '../../src/platform/config/config.ts';
import { createLogger, type Logger } from '../../src/platform/log/logger.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { migrate } from '../../src/adapters/store/migrate.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';

/**
 * For a command run without the server: opens the configured database (logging at LOG_LEVEL, `warn` by default),
 * migrates it, runs `use` and closes it again, whatever `use` does.
 */
export async function withDatabase<T>(config: Config, use: (db: Database, log: Logger) => Promise<T>): Promise<T> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, log);
  try {
    await migrate(db);
    return await use(db, log);
  } finally {
    await db.close();
  }
}
