import { systemClock } from '../../src/core/domain/clock.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, type Config } from '../../src/platform/config/config.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { openPgliteDatabase } from '../../src/adapters/store/pglite-database.ts';
import { migrate } from '../../src/adapters/store/migrate.ts';
import { openSalesforce } from '../../src/app/open-salesforce.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { seedDemoHistory } from '../../src/app/demo/seed-demo-history.ts';
import { seedDemoRound } from '../../src/app/demo/seed-demo-round.ts';
import { seedPreviewRating } from '../../src/app/demo/seed-preview-rating.ts';
import { createApp } from '../../src/app/app.ts';

/**
 * The local preview as `npm start` serves it (local mode, demo org synced, demo history), in this process on an
 * ephemeral loopback port with a throw-away embedded database (the demo's finished round and the preview's open one
 * included): for the tab benchmark and screenshots.
 */
export async function startTabPreview(): Promise<{
  url: string;
  db: Database;
  config: Config;
  stop(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-tab-preview-'));
  const config = readConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const log = createLogger('silent');
  const db = await openPgliteDatabase(dir);
  await migrate(db);
  const salesforce = await openSalesforce(config.salesforce, log, systemClock);
  await runSync({ db, crm: salesforce.crm, settings: config.salesforce, log, now: systemClock });
  await seedDemoHistory(db, systemClock(), false);
  await seedDemoRound(db, systemClock());
  await seedPreviewRating(db, systemClock());
  const app = await createApp({ config, log, db, now: systemClock });
  const address = await app.server.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}`,
    db,
    config,
    async stop() {
      await app.server.close(1000);
      await salesforce.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
