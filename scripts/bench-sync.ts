import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { clearBench, recordBench, row, type BenchRow } from './bench/bench-results.ts';
import { productionStart } from './build/production-command.ts';

/**
 * `npm run bench:sync [-- 2000 20000]`: a full sync against the stand-in at each size (10 meetings per key account),
 * reporting API calls against the floor ceil(records/2000) + ceil(writes/200), peak RSS (goal under 400 MB) and wall
 * time. The stand-in and the sync each run in their own process. Prints a table; asserts nothing.
 */
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const run = sizes.length ? sizes : [2000, 20000];

/**
 * A helper process: the sync with start:prod's Node options (the heap's limit among them), as it ships; the
 * Salesforce stand-in, which holds the whole generated org in memory, with room for it.
 */
function child(script: string, env: Record<string, string>, nodeOptions: readonly string[]) {
  return spawn(process.execPath, [...nodeOptions, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function firstLine(p: ReturnType<typeof child>): Promise<string> {
  const rl = createInterface({ input: p.stdout! });
  for await (const line of rl) return line;
  throw new Error('child printed nothing');
}

const rows: string[] = [];
const recorded: BenchRow[] = [];
clearBench('sync');
for (const keyAccounts of run) {
  process.stderr.write(`Generating an org of ${keyAccounts} key accounts...\n`);
  const server = child(
    'scripts/bench/serve-salesforce.ts',
    { KEY_ACCOUNTS: String(keyAccounts), MEETINGS_PER_ACCOUNT: '10' },
    ['--max-old-space-size=8192'],
  );
  const { url, counts } = JSON.parse(await firstLine(server)) as { url: string; counts: Record<string, number> };
  process.stderr.write(`  org: ${JSON.stringify(counts)}\n  syncing...\n`);
  const sync = child('scripts/bench/sync-once.ts', { SF_URL: url }, productionStart().nodeOptions);
  const result = JSON.parse(await firstLine(sync)) as {
    records: number;
    writes: number;
    apiCalls: number;
    wallMs: number;
    maxRssMb: number;
  };
  await new Promise((r) => sync.once('exit', r));
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const floor = Math.ceil(result.records / 2000) + Math.ceil(result.writes / 200);
  recorded.push(
    row({
      bench: 'sync',
      measure: `full sync, ${keyAccounts} key accounts: API calls`,
      value: result.apiCalls,
      unit: 'calls',
      baseline: { label: 'floor', value: floor },
      note: `${result.records} records read, ${result.writes} writes; peak RSS ${result.maxRssMb} MB; wall ${(result.wallMs / 1000).toFixed(1)} s`,
    }),
    row({
      bench: 'sync',
      measure: `full sync, ${keyAccounts} key accounts: peak RSS`,
      value: result.maxRssMb,
      unit: 'MB',
      baseline: null,
      // Issue 28: under 400 MB at 20,000 key accounts (and so at every smaller size).
      goal: [{ of: 'value', op: '<', bound: 400 }],
      note: `${result.records} records read`,
    }),
  );
  rows.push(
    `| ${keyAccounts} | ${result.records} | ${result.writes} | ${result.apiCalls} | ${floor} | ` +
      `${(result.apiCalls / floor).toFixed(2)} | ${result.maxRssMb} | ${(result.wallMs / 1000).toFixed(1)} ` +
      `|`,
  );
}
console.log('| key accounts | records read | writes | API calls | floor | calls / floor | peak RSS (MB) | wall (s) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
recordBench('sync', recorded);
