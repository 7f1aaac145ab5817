import { PINNED_AT, testClock } from './test-clock.ts';
import { readConfig } from '../../src/platform/config/config.ts';
import { createApp, type App } from '../../src/app/app.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { seedDemoHistory } from '../../src/app/demo/seed-demo-history.ts';
import { seedDemoRound } from '../../src/app/demo/seed-demo-round.ts';
import { seedPreviewRating } from '../../src/app/demo/seed-preview-rating.ts';
import type { SharedChannels } from '../../src/features/tab/shared-channels.ts';
import { startSalesforce } from './start-salesforce.ts';
import { captureLogs } from './capture-logs.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

/**
 * The demo org synced into a test database with the demo history added; with `preview`, also the demo's finished
 * rating round and the local preview's shared channel with its open round: the data the local preview shows, as of PINNED_AT.
 */
export async function openDemoDatabase(
  options: { preview?: boolean; kind?: 'pglite' | 'postgres' } = {},
): Promise<TestDatabase & { accountId(name: string): Promise<string> }> {
  const { log } = captureLogs('silent');
  const now = new Date(PINNED_AT);
  const sf = await startSalesforce({ now });
  const t = await openTestDatabase(options.kind);
  try {
    await runSync({ db: t.db, crm: await sf.connect(log), settings: sf.settings.jwt, log, now: () => now });
  } finally {
    await sf.sf.stop();
  }
  await seedDemoHistory(t.db, now, false);
  if (options.preview) {
    await seedDemoRound(t.db, now);
    await seedPreviewRating(t.db, now);
  }
  return {
    ...t,
    async accountId(name) {
      const [r] = await t.db.query<{ id: string }>('SELECT id FROM sf_accounts WHERE name = $1', [name]);
      return r!.id;
    },
  };
}

/** The real app listening on an ephemeral loopback port: local mode (the preview) or Teams mode with tab SSO. */
export async function startTabApp(
  t: TestDatabase,
  env: Record<string, string>,
  options: { sharedChannels?: SharedChannels } = {},
): Promise<{ app: App; url: string; logs: ReturnType<typeof captureLogs>; stop(): Promise<void> }> {
  const logs = captureLogs();
  const config = readConfig({ PORT: '0', ...env });
  const app = await createApp({
    config,
    log: logs.log,
    db: t.db,
    sharedChannels: options.sharedChannels,
    now: testClock().now,
  });
  const address = await app.server.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${address.port}`, logs, stop: () => app.server.close(1000) };
}
