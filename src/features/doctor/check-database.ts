import type { Config } from '../../platform/config/config.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { openDatabase } from '../../adapters/store/open-database.ts';
import { loadMigrations, schemaVersion } from '../../adapters/store/migrate.ts';
import { DataDirLockedError } from '../../adapters/store/data-dir-lock.ts';
import type { CheckResult } from './check-result.ts';
import { checkParkedWrites } from './check-parked-writes.ts';

/** The loopback URL of this configuration's server (what the command-line tools call). */
function localServerUrl(config: Pick<Config, 'host' | 'port'>): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/**
 * Opens the database read-only in spirit (no migrations run) and compares its schema version with the migrations
 * shipped. The embedded database's folder is never opened while the server holds it (PGlite corrupts a folder
 * two processes share): then the running server's /readyz, which makes the same comparison, answers instead.
 */
export async function checkDatabase(config: Config, log: Logger): Promise<CheckResult[]> {
  const expected = (await loadMigrations()).length;
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`;
  let db: Awaited<ReturnType<typeof openDatabase>>;
  try {
    db = await openDatabase(config, log);
  } catch (error) {
    if (error instanceof DataDirLockedError)
      return [
        await viaRunningServer(config, error.holderPid),
        {
          check: 'salesforce write-back',
          status: 'skipped',
          detail:
            'the running server holds the embedded database: stop it and run npm run doctor again to list parked writes',
        },
      ];
    return [
      {
        check: 'database',
        status: 'fail',
        detail: `cannot open ${where}: ${(error as Error).message}`,
        fix: config.databaseUrl
          ? 'check DATABASE_URL (host, port, user, database name) and that PostgreSQL accepts connections from here'
          : 'check that DATA_DIR is a writable folder',
      },
    ];
  }
  try {
    const version = await schemaVersion(db);
    if (version > expected)
      return [
        {
          check: 'database',
          status: 'fail',
          detail: `${where} is at schema version ${version}, newer than this build knows (${expected})`,
          fix: 'run the release that migrated it (or newer); an older build must not run against a newer schema',
        },
      ];
    if (version < expected)
      return [
        {
          check: 'database',
          status: 'fail',
          detail: `${where} is at schema version ${version}; this build needs ${expected} (${expected - version} migration(s) pending)`,
          fix: 'start the server once (it runs pending migrations at start), then run npm run doctor again',
        },
      ];
    return [
      { check: 'database', status: 'ok', detail: `${where} reachable, schema at version ${version}` },
      await checkParkedWrites(db),
    ];
  } catch (error) {
    return [
      {
        check: 'database',
        status: 'fail',
        detail: `${where} opened but a query failed: ${(error as Error).message}`,
        fix: 'check that the database user may read the schema (DATABASE_URL)',
      },
    ];
  } finally {
    await db.close();
  }
}

async function viaRunningServer(config: Config, holderPid: number): Promise<CheckResult> {
  const url = `${localServerUrl(config)}/readyz`;
  const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) }).then(
    async (r) => ({ status: r.status, body: (await r.json().catch(() => ({}))) as { reason?: string } }),
    (error: unknown) => ({ status: 0, body: { reason: (error as Error).message } }),
  );
  if (answer.status === 200)
    return {
      check: 'database',
      status: 'ok',
      detail: `the server (pid ${holderPid}) holds ${config.dataDir} and reports it ready (${url}); not opened here`,
    };
  return {
    check: 'database',
    status: 'fail',
    detail:
      `process ${holderPid} holds ${config.dataDir}, and ${url} answered ` +
      `${answer.status || 'nothing'}${answer.body.reason ? `: ${answer.body.reason}` : ''}`,
    fix:
      answer.status === 0
        ? `if pid ${holderPid} is the server, check that it listens on HOST/PORT as configured; the folder is not opened while another process holds it`
        : 'read the reason above in the server log; a schema behind is migrated at the next start',
  };
}
