import { cyclePeriodsStore } from '../../src/adapters/store/cycle-periods-store.ts';
import { systemClock } from '../../src/core/domain/clock.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { readConfig } from '../../src/platform/config/config.ts';
import { createApp } from '../../src/app/app.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { openPostgresDatabase } from '../../src/adapters/store/postgres-database.ts';
import { migrate } from '../../src/adapters/store/migrate.ts';
import { syncStore } from '../../src/adapters/store/sync-store.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';
import { installationsStore } from '../../src/adapters/store/installations-store.ts';
import { lastEndedPeriod } from '../../src/core/domain/period.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { TeamsStandIn } from '../../src/stand-ins/teams/teams-stand-in.ts';
import { LoopbackCredentialsFactory } from '../../test/support/loopback-credentials-factory.ts';
import { keyAccountRow, salesforceUserRow } from '../../test/support/salesforce-rows.ts';
import { benchIds, benchManager } from './bench-ids.ts';

/**
 * The real app for the request-path benchmark, in a process of its own: MANAGERS account managers with one key
 * account each, mapped to Teams and installed, the period open. DATABASE_URL set: PostgreSQL (in a schema of its
 * own, dropped at exit); else embedded PGlite in a temporary folder. Prints one JSON line (url, token, period),
 * then answers "stats" on stdin, once no request is in flight, with its CPU time, RSS and the outbox count.
 */
const managers = Number(process.env.MANAGERS ?? 200);
const log = createLogger('warn');
const teams = await new TeamsStandIn({ appId: benchIds.appId, appPassword: benchIds.appPassword }).start();
const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-request-'));
const url = process.env.DATABASE_URL;
const schema = `bench_${process.pid}`;
let db: Database;
if (url) {
  const admin = openPostgresDatabase(url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  db = openPostgresDatabase(url, { schema });
} else {
  db = await openDatabase({ databaseUrl: undefined, dataDir: dir }, log);
}
await migrate(db);
const now = systemClock();
const period = lastEndedPeriod(now);
const all = Array.from({ length: managers }, (_, i) => benchManager(i));
await syncStore(db).upsert(
  'User',
  all.map((m) => salesforceUserRow({ id: m.sfUserId, name: m.name, email: m.email }, now)),
  now,
);
await syncStore(db).upsert(
  'Account',
  all.map((m) => ({
    ...keyAccountRow({ id: m.accountId, name: `Client of ${m.name}`, owner_id: m.sfUserId }, now),
    annual_revenue: 1_000_000,
  })),
  now,
);
for (const m of all) {
  await usersStore(db).upsert({
    id: m.teamsId,
    aadObjectId: m.aadObjectId,
    tenantId: benchIds.tenant,
    name: m.name,
    email: m.email,
    upn: m.email,
  });
  await installationsStore(db).save({
    conversationId: m.chatId,
    scope: 'personal',
    tenantId: benchIds.tenant,
    teamId: null,
    channelId: null,
    userId: m.teamsId,
    serviceUrl: teams.url,
    reference: {
      conversationId: m.chatId,
      conversationType: 'personal',
      tenantId: benchIds.tenant,
      serviceUrl: teams.url,
      botId: `28:${benchIds.appId}`,
      userId: m.teamsId,
    },
    installedBy: m.teamsId,
  });
}
await cyclePeriodsStore(db).openPeriod(period);
const config = readConfig({
  MicrosoftAppId: benchIds.appId,
  MicrosoftAppPassword: benchIds.appPassword,
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: benchIds.tenant,
  ALLOWED_TENANT_IDS: benchIds.tenant,
  PORT: '0',
});
const app = await createApp({
  config,
  log,
  now: systemClock,
  db,
  botAuthentication: new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: benchIds.appId, MicrosoftAppTenantId: benchIds.tenant, ...teams.botFrameworkEndpoints },
    new LoopbackCredentialsFactory(benchIds.appId, benchIds.appPassword),
  ),
});
const address = await app.server.listen(0, '127.0.0.1');
process.stdout.write(
  `${JSON.stringify({
    url: `http://127.0.0.1:${address.port}/api/messages`,
    serviceUrl: teams.url,
    token: await teams.channelToken({ expiresInSeconds: 4 * 3600 }),
    period,
  })}\n`,
);

async function stop() {
  await app.server.close(1000);
  await teams.stop();
  await db.close();
  if (url) {
    const admin = openPostgresDatabase(url, { max: 1 });
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.once('SIGTERM', () => void stop());
// Event-loop delay since the last "stats" (the soak samples it).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'stats') continue;
  // A load generator stops with requests in flight, which still run here (some still unread in socket buffers on a
  // busy machine): wait (bounded, 15 s) until none has been in flight for a second, so the outbox count covers
  // every save that was sent.
  for (let i = 0, idle = 0; i < 300 && idle < 20; i++) {
    idle = app.server.inFlight > 0 ? 0 : idle + 1;
    await new Promise((r) => setTimeout(r, 50));
  }
  const [outbox] = await db.query<{ n: number }>(
    `SELECT coalesce(sum(version), 0)::int AS n FROM outbox WHERE target = 'salesforce' AND object = 'Pulse_Monthly_Return__c'`,
  );
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      outbox: outbox?.n ?? 0,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
    })}\n`,
  );
  loopDelay.reset();
}
