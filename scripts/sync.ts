import { systemClock } from '../src/core/domain/clock.ts';
import type { Config } from '../src/platform/config/config.ts';
import { callAdmin } from './cli/admin-client.ts';
import { loadConfigOrExit } from './cli/load-config.ts';
import { withDatabase } from './cli/with-database.ts';
import { DataDirLockedError } from '../src/adapters/store/data-dir-lock.ts';
import { openSalesforce } from '../src/app/open-salesforce.ts';
import { calendarReaderFor } from '../src/app/open-calendars.ts';
import { runSync, type SyncProgress, type SyncSummary } from '../src/features/sync/run-sync.ts';
import { formatSummary, progressRenderer } from './cli/progress.ts';
import { parseCliArgsOrExit } from './cli/parse-cli-args.ts';

/**
 * `npm run sync -- [--full] [--dry-run]`: asks the running server to sync (it alone may open the embedded
 * database) and shows its progress; with no server running, syncs in this process under the data-dir lock.
 */
const usage = 'Usage: npm run sync -- [--full] [--dry-run]';
const { values } = parseCliArgsOrExit(
  process.argv.slice(2),
  { full: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } },
  usage,
);
const options = { full: values.full, dryRun: values['dry-run'] };

async function inProcess(config: Config, progress: ReturnType<typeof progressRenderer>): Promise<SyncSummary> {
  return withDatabase(config, async (db, log) => {
    const sf = await openSalesforce(config.salesforce, log, systemClock);
    const calendars = calendarReaderFor(config, db, log, systemClock);
    try {
      const summary = await runSync(
        { db, crm: sf.crm, settings: config.salesforce, log, now: systemClock },
        { ...options, onProgress: (p) => progress.update(p) },
      );
      // As the server does: the calendars after Salesforce, a failure reported with the summary.
      if (calendars && !options.dryRun)
        summary.calendars = await calendars
          .read((p) => progress.update(p))
          .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
      return summary;
    } finally {
      await calendars?.close();
      await sf.close();
    }
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const progress = progressRenderer();
  let summary = await callAdmin<SyncSummary>(config, '/admin/sync', options, (p) =>
    progress.update(p as unknown as SyncProgress),
  );
  if (!summary) {
    process.stderr.write('No server is running: syncing in this process.\n');
    try {
      summary = await inProcess(config, progress);
    } catch (error) {
      if (error instanceof DataDirLockedError) {
        progress.done();
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      }
      throw error;
    }
  }
  progress.done();
  console.log(formatSummary(summary));
}

main().catch((error: unknown) => {
  process.stderr.write(`\nSync failed: ${(error as Error).message}\n`);
  process.exit(1);
});
