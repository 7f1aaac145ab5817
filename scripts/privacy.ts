import { systemClock } from '../src/core/domain/clock.ts';
import { writeFileSync } from 'node:fs';
import {
  emailAddressSchema,
  entraObjectIdSchema,
  handleAddressRequest,
  handlePrivacyRequest,
  type PrivacyResult,
} from '../src/features/people/personal-data.ts';
import type { Config } from '../src/platform/config/config.ts';
import { serverOrInProcess } from './cli/server-or-in-process.ts';
import { loadConfigOrExit } from './cli/load-config.ts';
import { withDatabase } from './cli/with-database.ts';
import { parseCliArgsOrExit } from './cli/parse-cli-args.ts';

/**
 * `npm run privacy -- export|erase --user <Entra object id> | --address <e-mail> [--out file.json]`: a person's data
 * request. Export prints (or writes) everything Partnership Pulse holds that names the person, as JSON; erase removes
 * it in one transaction and prints what it removed. `--address` is for someone known by nothing else: an attendee at
 * a client's domain seen in a calendar who is no Salesforce contact. Through the running server like `npm run cycle`;
 * with no server, in this process under the data-dir lock.
 */
const usage = 'Usage: npm run privacy -- export|erase --user <Entra object id> | --address <e-mail> [--out file.json]';
const { values, positionals } = parseCliArgsOrExit(
  process.argv.slice(2),
  { user: { type: 'string' }, address: { type: 'string' }, out: { type: 'string' } },
  usage,
  true,
);
const action = positionals[0];
const byAddress = values.address !== undefined;
const who = byAddress ? emailAddressSchema.safeParse(values.address) : entraObjectIdSchema.safeParse(values.user ?? '');
const flag = byAddress ? '--address' : '--user';
if (
  (action !== 'export' && action !== 'erase') ||
  positionals.length > 1 ||
  !who.success ||
  (byAddress && values.user !== undefined)
) {
  const given = byAddress || values.user !== undefined;
  process.stderr.write(`${given && !who.success ? `${flag} ${who.error.issues[0]?.message}.\n` : ''}${usage}\n`);
  process.exit(2);
}
if (values.out !== undefined && action !== 'export') {
  process.stderr.write(`--out goes with export only.\n${usage}\n`);
  process.exit(2);
}

async function inProcess(config: Config): Promise<PrivacyResult> {
  const act = action as 'export' | 'erase';
  return withDatabase(
    config,
    (db): Promise<PrivacyResult> =>
      byAddress
        ? handleAddressRequest(db, act, who.data!, systemClock)
        : handlePrivacyRequest(db, act, who.data!, systemClock),
  );
}

function show(result: PrivacyResult): string {
  const whom = 'address' in result ? result.address : result.aadObjectId;
  if (result.action === 'export') {
    const counts = Object.entries(result.data).map(([name, d]) => `${name} ${d.rows.length}`);
    return `Exported the data of ${whom}: ${counts.join(', ')} rows.`;
  }
  const total = Object.values(result.erased).reduce((a: number, b: number) => a + b, 0);
  const counts = Object.entries(result.erased).map(([name, n]) => `${name} ${n}`);
  // An address is remembered as erased even when nothing names it yet: a later calendar read leaves it out.
  if (total === 0)
    return 'address' in result
      ? `No meeting names ${whom} (check the spelling); it is remembered as erased, so a later calendar read will not keep it.`
      : `Nothing held about ${whom}: nothing erased.`;
  return `Erased the data of ${whom}: ${counts.join(', ')} rows deleted or made anonymous.`;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const body = byAddress ? { action, address: who.data } : { action, aadObjectId: who.data };
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
