import { fileURLToPath } from 'node:url';
import { ConfigError, readConfig, type Config } from '../src/config/config.ts';
import { loadEnvFiles } from '../src/config/env-files.ts';
import { createLogger } from '../src/log/logger.ts';
import { readAdminToken } from '../src/http/admin-token.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { migrate } from '../src/store/migrate.ts';
import { DataDirLockedError } from '../src/store/data-dir-lock.ts';
import { openSalesforce } from '../src/salesforce/open-salesforce.ts';
import { runSync, type SyncProgress, type SyncSummary } from '../src/sync/run-sync.ts';
import { formatSummary, progressRenderer } from './cli/progress.ts';

/**
 * `npm run sync -- [--full] [--dry-run]`: asks the running server to sync (it alone may open the embedded
 * database) and shows its progress; with no server running, syncs in this process under the data-dir lock.
 */
const usage = 'Usage: npm run sync -- [--full] [--dry-run]';
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--full' && a !== '--dry-run');
if (unknown.length) {
  process.stderr.write(`Unknown option ${unknown.join(' ')}.\n${usage}\n`);
  process.exit(2);
}
const options = { full: args.includes('--full'), dryRun: args.includes('--dry-run') };

async function viaServer(config: Config, token: string, progress: ReturnType<typeof progressRenderer>): Promise<SyncSummary | undefined> {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let res: Response;
  try {
    res = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${config.port}/admin/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pulse-admin-token': token },
      body: JSON.stringify(options),
    });
  } catch {
    // Nobody listening: the caller syncs in this process instead.
    return undefined;
  }
  if (!res.ok || !res.body) throw new Error(`The server refused the sync: ${res.status} ${await res.text()}`);
  let buffer = '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buffer.slice(0, nl)) as { type: string; summary?: SyncSummary; code?: string; message?: string } & SyncProgress;
      buffer = buffer.slice(nl + 1);
      if (msg.type === 'progress') progress.update(msg);
      else if (msg.type === 'summary') return msg.summary;
      else if (msg.type === 'error') throw new Error(`${msg.code}: ${msg.message}`);
    }
  }
  throw new Error('The server closed the connection before the sync finished');
}

async function inProcess(config: Config, progress: ReturnType<typeof progressRenderer>): Promise<SyncSummary> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, log);
  try {
    await migrate(db);
    const sf = await openSalesforce(config.salesforce, log);
    try {
      return await runSync({ db, crm: sf.crm, settings: config.salesforce, log }, { ...options, onProgress: (p) => progress.update(p) });
    } finally {
      await sf.close();
    }
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  let config: Config;
  try {
    config = readConfig(loadEnvFiles(root, process.env).env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const progress = progressRenderer();
  const token = readAdminToken(config.dataDir);
  let summary = token ? await viaServer(config, token, progress) : undefined;
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
