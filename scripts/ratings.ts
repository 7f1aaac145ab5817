import { systemClock } from '../src/core/domain/clock.ts';
import { ratingRounds, type RoundSummary } from '../src/features/ratings/rating-rounds.ts';
import { salesforceIdSchema } from '../src/core/domain/salesforce-id.ts';
import type { Config } from '../src/platform/config/config.ts';
import { serverOrInProcess } from './cli/server-or-in-process.ts';
import { loadConfigOrExit } from './cli/load-config.ts';
import { withDatabase } from './cli/with-database.ts';
import { parseCliArgsOrExit } from './cli/parse-cli-args.ts';

/**
 * `npm run ratings -- open|close --account <id>`: opens or closes an account's rating round by hand, through the
 * running server (which posts the cards at once); with no server, in this process under the data-dir lock, and the
 * queued cards go out when the server next runs.
 */
const usage = 'Usage: npm run ratings -- open|close --account <Salesforce account id>';
const { values, positionals } = parseCliArgsOrExit(process.argv.slice(2), { account: { type: 'string' } }, usage, true);
const step = positionals[0];
const account = salesforceIdSchema().safeParse(values.account ?? '');
if ((step !== 'open' && step !== 'close') || positionals.length > 1 || !account.success) {
  process.stderr.write(
    `${account.success ? '' : '--account must be a Salesforce account id (15 or 18 characters).\n'}${usage}\n`,
  );
  process.exit(2);
}
const accountId = account.data;

function show(s: RoundSummary, viaServer: boolean): string {
  const lines = [
    step === 'open'
      ? `Rating round ${s.roundId} opened for ${s.accountName}; it closes ${s.closesAt}.`
      : `Rating round ${s.roundId} of ${s.accountName} closed: ${s.enough ? `${s.clientRaters} client raters` : 'not enough client responses for numbers'}.`,
    `  messages queued: ${s.queued}`,
  ];
  if (s.queued > 0)
    lines.push(viaServer ? '  The server is delivering them now.' : '  Queued: the server delivers them when it runs.');
  return lines.join('\n');
}

async function inProcess(config: Config): Promise<RoundSummary> {
  return withDatabase(config, (db, log) => {
    const rounds = ratingRounds({ db, log, scoringSettings: config.scoringSettings, now: systemClock });
    return step === 'open' ? rounds.open(accountId, 'npm run ratings') : rounds.close(accountId);
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const { summary, viaServer } = await serverOrInProcess(
    config,
    { path: '/admin/ratings', body: { step, accountId } },
    () => inProcess(config),
  );
  console.log(show(summary, viaServer));
}

main().catch((error: unknown) => {
  const e = error as { userText?: string; message?: string };
  process.stderr.write(`The ratings step failed: ${e.userText ?? e.message ?? String(error)}\n`);
  process.exit(1);
});
