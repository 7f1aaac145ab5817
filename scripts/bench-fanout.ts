import { systemClock } from '../src/core/domain/clock.ts';
import { DEFAULT_SCORING_SETTINGS } from '../src/core/scoring/settings.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationBotFrameworkAuthentication, CloudAdapter } from 'botbuilder';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { LoopbackCredentialsFactory } from '../test/support/loopback-credentials-factory.ts';
import { keyAccountRow, salesforceUserRow } from '../test/support/salesforce-rows.ts';
import { botFrameworkEndpointsFor } from '../src/stand-ins/teams/teams-stand-in.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { openPgliteDatabase } from '../src/adapters/store/pglite-database.ts';
import { migrate } from '../src/adapters/store/migrate.ts';
import { syncStore } from '../src/adapters/store/sync-store.ts';
import { usersStore } from '../src/adapters/store/users-store.ts';
import { installationsStore } from '../src/adapters/store/installations-store.ts';
import { outboxStore } from '../src/adapters/store/outbox-store.ts';
import { openCycle } from '../src/features/cycle/cycle-steps.ts';
import { botbuilderSender } from '../src/adapters/teams/teams-sender.ts';
import { TeamsLimiter } from '../src/adapters/teams/teams-limiter.ts';
import { drainTeamsOutbox } from '../src/adapters/teams/drain-teams-outbox.ts';
import { recordPromptOutcome } from '../src/features/cycle/prompt-outcomes.ts';
import type { Period } from '../src/core/domain/period.ts';
import { clearBench, recordBench, row } from './bench/bench-results.ts';

/**
 * `npm run bench:fanout [-- 5000]`: opens the cycle for N account managers (one tenant, each with a stored 1:1
 * chat) and delivers every prompt through the Teams stand-in, which enforces 50 requests/s per tenant with 429 +
 * Retry-After. Reports wall time against the floor N/50 s and the lost and duplicated messages. Asserts nothing.
 */
const n = Number(process.argv[2] ?? 5000);
clearBench('fanout');
const appId = '11111111-2222-4333-8444-555555555555';
const tenant = 'aaaaaaaa-0000-4000-8000-000000000001';
const log = createLogger('warn');
// Teams runs in its own process, as it would: it must not share the bot's event loop.
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/serve-teams.ts'], {
  env: { ...process.env, MEMBERS: String(n), APP_ID: appId, APP_PASSWORD: 'bench-secret', TENANT_ID: tenant },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const { url: teamsUrl } = JSON.parse(
  (await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next()).value as string,
) as { url: string };
const personalChat = (k: string) => `a:1personal-29am${k}`;
const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-fanout-'));
const db = await openPgliteDatabase(dir);
try {
  await migrate(db);
  const now = systemClock();
  const pad = (i: number) => String(i).padStart(6, '0');
  process.stderr.write(`Seeding ${n} account managers...\n`);
  const ids = Array.from({ length: n }, (_, i) => pad(i));
  for (let i = 0; i < n; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await syncStore(db).upsert(
      'User',
      chunk.map((k) =>
        salesforceUserRow({ id: `005${k}000000AAA`, name: `Manager ${k}`, email: `am${k}@x.example` }, now),
      ),
      now,
    );
    await syncStore(db).upsert(
      'Account',
      chunk.map((k) =>
        keyAccountRow({ id: `001${k}000000AAA`, name: `Client ${k}`, owner_id: `005${k}000000AAA` }, now),
      ),
      now,
    );
  }
  for (const k of ids) {
    const memberId = `29:am${k}`;
    await usersStore(db).upsert({
      id: memberId,
      aadObjectId: `aad-${k}`,
      tenantId: tenant,
      name: `Manager ${k}`,
      email: `am${k}@x.example`,
      upn: `am${k}@x.example`,
    });
    await installationsStore(db).save({
      conversationId: personalChat(k),
      scope: 'personal',
      tenantId: tenant,
      teamId: null,
      channelId: null,
      userId: memberId,
      serviceUrl: teamsUrl,
      reference: {
        conversationId: personalChat(k),
        conversationType: 'personal',
        tenantId: tenant,
        serviceUrl: teamsUrl,
        botId: `28:${appId}`,
        userId: memberId,
      },
      installedBy: memberId,
    });
  }
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(
      { MicrosoftAppId: appId, ...botFrameworkEndpointsFor(teamsUrl) },
      new LoopbackCredentialsFactory(appId, 'bench-secret'),
    ),
  );
  const period = '2026-10' as Period;
  process.stderr.write('Opening the cycle...\n');
  const openStarted = performance.now();
  const summary = await openCycle(
    { db, log, scoringSettings: DEFAULT_SCORING_SETTINGS, defaultServiceUrl: teamsUrl, now: systemClock },
    period,
  );
  const openSeconds = (performance.now() - openStarted) / 1000;
  process.stderr.write(`  queued ${summary.queued} prompts in ${openSeconds.toFixed(1)} s; delivering...\n`);
  const outbox = outboxStore(db);
  const engine = {
    db,
    sender: botbuilderSender(adapter, appId),
    limiter: new TeamsLimiter(),
    log,
    onOutcome: recordPromptOutcome,
  };
  const started = performance.now();
  const ticker = setInterval(
    () =>
      void outbox
        .counts('teams')
        .then((c) =>
          process.stderr.write(
            `  delivered ${c.done}/${n} after ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
          ),
        ),
    10_000,
  );
  for (;;) {
    await drainTeamsOutbox(engine, { batchSize: 200, concurrency: 32 });
    const c = await outbox.counts('teams');
    if (c.pending === 0 && c.in_flight === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  clearInterval(ticker);
  const wall = (performance.now() - started) / 1000;
  const seen = (await (await fetch(`${teamsUrl}/_stand-in/summary`)).json()) as {
    perConversation: Record<string, number>;
    throttled: number;
  };
  const perManager = ids.map((k) => seen.perConversation[personalChat(k)] ?? 0);
  const lost = perManager.filter((c) => c === 0).length;
  const duplicated = perManager.filter((c) => c > 1).length;
  const floor = n / 50;
  const throttled = seen.throttled;
  console.log(
    '| account managers | delivered | lost | duplicated | 429s from Teams | wall (s) | floor (s) | wall / floor |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${n} | ${perManager.filter((c) => c === 1).length} | ${lost} | ${duplicated} | ${throttled} | ` +
      `${wall.toFixed(1)} | ${floor.toFixed(1)} | ${(wall / floor).toFixed(2)} |`,
  );
  console.log(`(queueing the ${n} prompts took ${openSeconds.toFixed(1)} s before delivery started)`);
  recordBench('fanout', [
    row({
      bench: 'fanout',
      measure: `${n} prompts delivered through the Teams stand-in (50 req/s per tenant)`,
      value: wall,
      unit: 's',
      baseline: { label: 'floor N/50 s', value: floor },
      goal: [{ of: 'ratio', op: '<=', bound: 1.05 }],
      note: `${throttled} 429s from Teams`,
    }),
    row({
      bench: 'fanout',
      measure: `429s from Teams while delivering ${n} prompts`,
      value: throttled,
      unit: '',
      baseline: null,
      goal: [{ of: 'value', op: '=', bound: 0 }],
    }),
    row({
      bench: 'fanout',
      measure: `account managers not prompted (of ${n})`,
      value: lost,
      unit: '',
      baseline: null,
      goal: [{ of: 'value', op: '=', bound: 0 }],
    }),
    row({
      bench: 'fanout',
      measure: `account managers prompted more than once (of ${n})`,
      value: duplicated,
      unit: '',
      baseline: null,
      goal: [{ of: 'value', op: '=', bound: 0 }],
    }),
    row({
      bench: 'fanout',
      measure: `queueing the ${n} prompts (openCycle)`,
      value: openSeconds,
      unit: 's',
      baseline: { label: 'delivery floor N/50 s', value: floor },
      goal: [{ of: 'ratio', op: '<=', bound: 0.1 }],
      note: `${summary.queued} queued (22 s before)`,
    }),
  ]);
} finally {
  await db.close();
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
