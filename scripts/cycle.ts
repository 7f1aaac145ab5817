import { systemClock } from '../src/core/domain/clock.ts';
import { parsePeriod, periodLabel, type Period } from '../src/core/domain/period.ts';
import { cycleServiceFor, type ManualStep } from '../src/features/cycle/cycle-service.ts';
import type { StepSummary } from '../src/features/cycle/cycle-steps.ts';
import type { Config } from '../src/platform/config/config.ts';
import { serverOrInProcess } from './cli/server-or-in-process.ts';
import { loadConfigOrExit } from './cli/load-config.ts';
import { withDatabase } from './cli/with-database.ts';
import { parseCliArgsOrExit } from './cli/parse-cli-args.ts';

/**
 * `npm run cycle -- open|remind|close|post [--period YYYY-MM] [--dry-run]`: runs one step of the monthly cycle by hand
 * (`post`: a closed month's scorecards to linked channels that have not had theirs),
 * through the running server (which also delivers the messages at once); with no server, in this process under the
 * data-dir lock, and the queued messages go out when the server next runs.
 */
const usage = 'Usage: npm run cycle -- open|remind|close|post [--period YYYY-MM] [--dry-run]';
const { values, positionals } = parseCliArgsOrExit(
  process.argv.slice(2),
  { period: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  usage,
  true,
);
const step = positionals[0] as ManualStep | undefined;
const periodArg = values.period;
const period = periodArg === undefined ? undefined : parsePeriod(periodArg);
if (
  !step ||
  !['open', 'remind', 'close', 'post'].includes(step) ||
  positionals.length > 1 ||
  (periodArg !== undefined && !period)
) {
  process.stderr.write(
    `${periodArg !== undefined && !period ? `--period must be YYYY-MM, got "${periodArg}".\n` : ''}${usage}\n`,
  );
  process.exit(2);
}
const dryRun = values['dry-run'];

function show(s: StepSummary, viaServer: boolean): string {
  const lines = [
    `${s.dryRun ? 'Dry run: ' : ''}${s.step} for ${periodLabel(s.period)} (${s.period})`,
    `  account managers: ${s.accountManagers}; ${s.dryRun ? 'would queue' : 'queued'}: ${s.queued}; already done: ${s.alreadyDone}`,
  ];
  if (s.skipped) return [lines[0], `  nothing to do: ${s.skipped}`].join('\n');
  if (s.step === 'close')
    lines.push(
      `  missing returns recorded: ${s.missingReturns}; scorecards posted to linked channels: ` +
        `${s.scorecardsPosted}; Salesforce writes queued: ${s.salesforceWrites}`,
    );
  if (s.step === 'post') lines.push(`  scorecards posted to linked channels: ${s.scorecardsPosted}`);
  for (const n of s.scorecardsNotPosted) lines.push(`  not posted: ${n.accountName}: ${n.reason}`);
  for (const u of s.unreachable) lines.push(`  unreachable: ${u.name}: ${u.reason}`);
  if (!s.dryRun && s.queued > 0)
    lines.push(viaServer ? '  The server is delivering them now.' : '  Queued: the server delivers them when it runs.');
  return lines.join('\n');
}

async function inProcess(config: Config): Promise<StepSummary> {
  return withDatabase(config, (db, log) =>
    cycleServiceFor(config, db, log, systemClock).runStep(step!, {
      period: period as Period | undefined,
      dryRun,
      onProgress: (d, t) => process.stderr.write(`\r  ${d}/${t} account managers`),
    }),
  );
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const { summary, viaServer } = await serverOrInProcess(
    config,
    {
      path: '/admin/cycle',
      body: { step, ...(period ? { period } : {}), dryRun },
      onProgress: (p) => process.stderr.write(`\r  ${String(p.done)}/${String(p.total)} account managers`),
    },
    () => inProcess(config),
  );
  process.stderr.write('\n');
  console.log(show(summary, viaServer));
}

main().catch((error: unknown) => {
  process.stderr.write(`\nThe cycle step failed: ${(error as Error).message}\n`);
  process.exit(1);
});
