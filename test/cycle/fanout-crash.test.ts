import { promptsStore } from '../../src/adapters/store/prompts-store.ts';
import { postgresAvailable } from '../support/test-database.ts';
import { PINNED_AT } from '../support/test-clock.ts';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TeamsStandIn } from '../support/teams-stand-in.ts';
import { ids } from '../support/start-test-bot.ts';
import { openPgliteDatabase } from '../../src/adapters/store/pglite-database.ts';
import { openPostgresDatabase } from '../../src/adapters/store/postgres-database.ts';
import { migrate } from '../../src/adapters/store/migrate.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { syncStore } from '../../src/adapters/store/sync-store.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';
import { installationsStore } from '../../src/adapters/store/installations-store.ts';
import { keyAccountRow, salesforceUserRow } from '../support/salesforce-rows.ts';
import { spawnWatched } from '../support/watched-child.ts';
import { until } from '../support/until.ts';

const AMS = 40;
const period = '2026-10';

async function seed(db: Database, teams: TeamsStandIn) {
  const now = new Date(PINNED_AT);
  const sync = syncStore(db);
  const rows = Array.from({ length: AMS }, (_, i) => String(i).padStart(3, '0'));
  await sync.upsert(
    'User',
    rows.map((n) =>
      salesforceUserRow(
        { id: `005000000000${n}AAA`, name: `Manager ${n}`, email: `am${n}@supplier.example`, time_zone: 'UTC' },
        now,
      ),
    ),
    now,
  );
  await sync.upsert(
    'Account',
    rows.map((n) =>
      keyAccountRow({ id: `001000000000${n}AAA`, name: `Client ${n}`, owner_id: `005000000000${n}AAA` }, now),
    ),
    now,
  );
  for (const n of rows) {
    teams.state.addMember(
      {
        id: `29:am${n}`,
        name: `Manager ${n}`,
        aadObjectId: `aad-${n}`,
        email: `am${n}@supplier.example`,
        userPrincipalName: `am${n}@supplier.example`,
        tenantId: ids.homeTenant,
        userRole: 'user',
      },
      { installed: true },
    );
    await usersStore(db).upsert({
      id: `29:am${n}`,
      aadObjectId: `aad-${n}`,
      tenantId: ids.homeTenant,
      name: `Manager ${n}`,
      email: `am${n}@supplier.example`,
      upn: `am${n}@supplier.example`,
    });
  }
  // One earlier install in the tenant tells the bot where Teams' service is.
  await installationsStore(db).save({
    conversationId: '19:general',
    scope: 'team',
    tenantId: ids.homeTenant,
    teamId: '19:general',
    channelId: '19:general',
    userId: null,
    serviceUrl: teams.url,
    reference: { conversationId: '19:general', conversationType: 'channel', serviceUrl: teams.url, botId: '28:bot' },
    installedBy: null,
  });
}

function worker(env: Record<string, string>): ChildProcess {
  const child = spawnWatched(
    process.execPath,
    ['--import', 'tsx', '--disable-warning=DEP0111', 'test/cycle/fanout-worker.ts'],
    { env: { ...process.env, ...env } },
  );
  // Its errors stay in sight, as when it inherited this process's stderr.
  child.stderr!.pipe(process.stderr);
  return child;
}
const exit = (c: ChildProcess) =>
  new Promise<number | null>((r) =>
    c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code)),
  );

function messagesPerManager(teams: TeamsStandIn): number[] {
  return Array.from(
    { length: AMS },
    (_, i) => teams.sentTo(teams.state.personalConversationId(`29:am${String(i).padStart(3, '0')}`)).length,
  );
}

describe('Prompting account managers across crashes and replicas', () => {
  let teams: TeamsStandIn;
  const dirs: string[] = [];
  beforeAll(async () => {
    teams = await new TeamsStandIn({ appId: ids.appId, appPassword: ids.appPassword }).start();
  });
  afterAll(async () => {
    await teams.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('When the process is killed mid fan-out and restarted, then nobody is prompted twice, and nobody is left out unless reported', async () => {
    teams.received.length = 0;
    teams.faults.push({ op: ['create', 'send', 'reply'], status: 0, delayMs: 40, times: 10_000 });
    const dir = mkdtempSync(join(tmpdir(), 'pulse-crash-'));
    dirs.push(dir);
    cpSync(inject('pgliteMigratedTemplate'), dir, { recursive: true });
    const setup = await openPgliteDatabase(dir);
    await seed(setup, teams);
    await setup.close();
    const env = {
      PGLITE_DIR: dir,
      TEAMS_URL: teams.url,
      APP_ID: ids.appId,
      APP_PASSWORD: ids.appPassword,
      PERIOD: period,
      LEASE_MS: '1500',
    };

    const first = worker(env);
    // Up to 60 s for the first sends: a worker starts tsx and PGlite first, which takes long on a loaded machine.
    await until('the first twelve sends', () => teams.received.length >= 12, 60_000, 25);
    first.kill('SIGKILL');
    await exit(first);
    const sentBeforeRestart = teams.received.length;
    expect(sentBeforeRestart).toBeGreaterThan(0);
    expect(sentBeforeRestart).toBeLessThan(AMS);

    const second = worker(env);
    expect(await exit(second)).toBe(0);
    teams.faults.length = 0;

    const counts = messagesPerManager(teams);
    expect(Math.max(...counts)).toBe(1);
    const check = await openPgliteDatabase(dir);
    const prompts = await promptsStore(check).prompts(period as never);
    await check.close();
    expect(prompts).toHaveLength(AMS);
    const missing = counts.map((c, i) => ({ c, i })).filter((x) => x.c === 0);
    for (const m of missing)
      expect(prompts.find((p) => p.sfUserId === `005000000000${String(m.i).padStart(3, '0')}AAA`)!.status).toBe(
        'unknown',
      );
    expect(prompts.filter((p) => p.status !== 'sent' && p.status !== 'unknown')).toEqual([]);
  }, 120_000);

  it.runIf(postgresAvailable())(
    'When two app instances open the cycle on one PostgreSQL at once, then each account manager is prompted exactly once',
    async () => {
      teams.received.length = 0;
      for (const m of [...teams.state.members.keys()])
        teams.state.conversations.delete(teams.state.personalConversationId(m));
      const url = process.env.TEST_DATABASE_URL!;
      const schema = `t_replicas_${Date.now().toString(36)}`;
      const admin = openPostgresDatabase(url, { max: 1 });
      await admin.exec(`CREATE SCHEMA ${schema}`);
      const db = openPostgresDatabase(url, { schema, max: 2 });
      try {
        await migrate(db);
        await seed(db, teams);
        const env = {
          DATABASE_URL: url,
          PG_SCHEMA: schema,
          TEAMS_URL: teams.url,
          APP_ID: ids.appId,
          APP_PASSWORD: ids.appPassword,
          PERIOD: period,
        };
        const [a, b] = [worker(env), worker(env)];
        expect(await Promise.all([exit(a), exit(b)])).toEqual([0, 0]);
        expect(messagesPerManager(teams)).toEqual(Array(AMS).fill(1));
      } finally {
        await db.close();
        await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
        await admin.close();
      }
    },
    120_000,
  );
});
