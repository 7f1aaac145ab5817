import { systemClock } from '../src/core/domain/clock.ts';
import { writeFileSync } from 'node:fs';
import { entraObjectIdSchema, handlePrivacyRequest, type PrivacyResult } from '../src/features/people/personal-data.ts';
import type { Config } from '../src/platform/config/config.ts';
import { serverOrInProcess } from './cli/server-or-in-process.ts';
import { loadConfigOrExit } from './cli/load-config.ts';
import { withDatabase } from './cli/with-database.ts';
import { parseCliArgsOrExit } from './cli/parse-cli-args.ts';

/**
 * `npm run privacy -- export|erase --user <Entra object id> [--out file.json]`: a person's data request. Export
 * prints (or writes) everything Partnership Pulse holds that names the person, as JSON; erase removes it in one
 * transaction and prints what it removed. Through the running server like `npm run cycle`; with no server, in this
 * process under the data-dir lock.
 */
const usage = 'Usage: npm run privacy -- export|erase --user <Entra object id> [--out file.json]';
const { values, positionals } = parseCliArgsOrExit(
  process.argv.slice(2),
  { user: { type: 'string' }, out: { type: 'string' } },
  usage,
  true,
);
const action = positionals[0];
const user = entraObjectIdSchema.safeParse(values.user ?? '');
if ((action !== 'export' && action !== 'erase') || positionals.length > 1 || !user.success) {
  process.stderr.write(
    `${values.user !== undefined && !user.success ? `--user ${user.error.issues[0]?.message}.\n` : ''}${usage}\n`,
  );
  process.exit(2);
}
if (values.out !== undefined && action !== 'export') {
  process.stderr.write(`--out goes with export only.\n${usage}\n`);
  process.exit(2);
}

async function inProcess(config: Config): Promise<PrivacyResult> {
  return withDatabase(config, (db) => handlePrivacyRequest(db, action as 'export' | 'erase', user.data!, systemClock));
}

function show(result: PrivacyResult): string {
  if (result.action === 'export') {
    const counts = Object.entries(result.data).map(([name, d]) => `${name} ${d.rows.length}`);
    return `Exported the data of ${result.aadObjectId}: ${counts.join(', ')} rows.`;
  }
  const total = Object.values(result.erased).reduce((a, b) => a + b, 0);
  if (total === 0) return `Nothing held about ${result.aadObjectId}: nothing erased.`;
  const counts = Object.entries(result.erased).map(([name, n]) => `${name} ${n}`);
  return `Erased the data of ${result.aadObjectId}: ${counts.join(', ')} rows deleted or made anonymous.`;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const body = { action, aadObjectId: user.data };
  const { summary: result } = await serverOrInProcess<PrivacyResult>(config, { path: '/admin/privacy', body }, () =>
    inProcess(config),
  );
  if (result.action === 'export') {
    const json = `${JSON.stringify(result, null, 2)}\n`;
    if (values.out) writeFileSync(values.out, json, { mode: 0o600 });
    else process.stdout.write(json);
  }
  process.stderr.write(`${show(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`The privacy request failed: ${(error as Error).message}\n`);
  process.exit(1);
});
