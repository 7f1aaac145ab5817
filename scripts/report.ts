import { systemClock } from '../src/core/domain/clock.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataDirLockedError } from '../src/adapters/store/data-dir-lock.ts';
import { buildReviewPack } from '../src/features/reports/build-review-pack.ts';
import { ReportError } from '../src/features/reports/report-error.ts';
import { callAdmin } from './cli/admin-client.ts';
import { loadConfigOrExit } from './cli/load-config.ts';
import { withDatabase } from './cli/with-database.ts';
import { parseCliArgsOrExit } from './cli/parse-cli-args.ts';

/**
 * `npm run report -- --account <name or id> --from YYYY-MM --to YYYY-MM [--internal] [--out file.html]`: the review
 * pack of one key account (its Salesforce id, or its name or a unique part of it) as a self-contained HTML file (open
 * it in a browser and print to PDF). By default the joint pack for both senior teams (client-safe); `--internal` adds
 * status, risks and what is at stake for the account team.
 * Through the running server, else in-process under the data-dir lock.
 */
const usage =
  'Usage: npm run report -- --account <key account name or Salesforce id> --from YYYY-MM --to YYYY-MM ' +
  '[--internal] [--out file.html]';
// Strict: a mistyped --internal would otherwise quietly give the joint pack.
const { values } = parseCliArgsOrExit(
  process.argv.slice(2),
  {
    account: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    internal: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
  usage,
);
const { account, from, to } = values;
const audience = values.internal ? 'internal' : 'joint';
if (!account || !from || !to) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  type Pack = { html: string; accountName: string; from: string; to: string; audience: string };
  let pack = await callAdmin<Pack>(config, '/admin/report', { account, from, to, audience }, () => undefined);
  if (!pack) {
    pack = await withDatabase(config, (db) =>
      buildReviewPack(
        { db, scoringSettings: config.scoringSettings, now: systemClock, orgTimeZone: config.orgTimeZone },
        account!,
        from!,
        to!,
        audience,
      ),
    );
  }
  const out = resolve(
    values.out ??
      join(
        'reports',
        `review-${pack.accountName.replace(/[^A-Za-z0-9]+/g, '-')}-${pack.from}-${pack.to}-${pack.audience}.html`,
      ),
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, pack.html);
  console.log(
    `Wrote ${out}: ${pack.audience === 'joint' ? 'joint (client-safe)' : 'internal'} review pack of ` +
      `${pack.accountName}, ${pack.from} to ${pack.to}. Open it in a browser and print to PDF.`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError || error instanceof ReportError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`The report failed: ${(error as Error).message}\n`);
  process.exit(1);
});
