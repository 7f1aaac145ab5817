import { type TestClock, testClock } from './test-clock.ts';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { readConfig } from '../../src/platform/config/config.ts';
import { createApp, type App } from '../../src/app/app.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { TeamsStandIn } from './teams-stand-in.ts';
import { LoopbackCredentialsFactory } from './loopback-credentials-factory.ts';
import { captureLogs } from './capture-logs.ts';
import { registerSecret } from './secret-watch.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';
import { botbuilderSender } from '../../src/adapters/teams/teams-sender.ts';
import { TeamsLimiter } from '../../src/adapters/teams/teams-limiter.ts';
import type { OutcomeRecorder } from '../../src/adapters/teams/drain-teams-outbox.ts';

/** Ids the tests share: the bot's app, the home tenant, and a client's tenant. */
export const ids = {
  appId: '11111111-2222-4333-8444-555555555555',
  appPassword: 'stand-in-secret-value',
  homeTenant: 'aaaaaaaa-0000-4000-8000-000000000001',
  clientTenant: 'bbbbbbbb-0000-4000-8000-000000000002',
  otherTenant: 'cccccccc-0000-4000-8000-000000000003',
};

/** A running bot in Teams mode (JWT verified) against a fresh Teams stand-in, on ephemeral ports. */
export interface TestBot {
  app: App;
  teams: TeamsStandIn;
  logs: ReturnType<typeof captureLogs>;
  /** The app's clock: pinned at PINNED_AT (or `options.at`) until the test moves it. */
  clock: TestClock;
  stop(): Promise<void>;
}

/** Starts the real app (real config parsing, real botbuilder validation) wired to the stand-in. */
export async function startTestBot(
  db: Database,
  options: {
    allowedTenantIds?: string[];
    endorsements?: string[];
    env?: Record<string, string>;
    /** The instant the app's clock is pinned at (default PINNED_AT). */
    at?: string;
    /** The clock the stand-in's rate limits count by (see TeamsStandInOptions.now). */
    teamsClock?: () => number;
  } = {},
): Promise<TestBot> {
  const teams = await new TeamsStandIn({
    appId: ids.appId,
    appPassword: ids.appPassword,
    endorsements: options.endorsements,
    now: options.teamsClock,
  }).start();
  const config = readConfig({
    MicrosoftAppId: ids.appId,
    MicrosoftAppPassword: ids.appPassword,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: ids.homeTenant,
    ALLOWED_TENANT_IDS: (options.allowedTenantIds ?? [ids.homeTenant]).join(','),
    PORT: '0',
    ...options.env,
  });
  const logs = captureLogs();
  registerSecret(ids.appPassword);
  const botAuthentication = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: ids.appId, MicrosoftAppTenantId: ids.homeTenant, ...teams.botFrameworkEndpoints },
    new LoopbackCredentialsFactory(ids.appId, ids.appPassword),
  );
  const clock = testClock(options.at);
  const app = await createApp({ config, log: logs.log, db, botAuthentication, now: clock.now });
  const address = await app.server.listen(0, '127.0.0.1');
  teams.botEndpoint = `http://127.0.0.1:${address.port}/api/messages`;
  return {
    app,
    teams,
    logs,
    clock,
    async stop() {
      await app.server.close(1000);
      await teams.stop();
    },
  };
}

/** A member of the home tenant with e-mail and UPN derived from the first name. */
export function homeMember(id: string, name: string, aadObjectId: string): Member {
  const mail = `${name.split(' ')[0]!.toLowerCase()}@supplier.example`;
  return { id, name, aadObjectId, email: mail, userPrincipalName: mail, tenantId: ids.homeTenant, userRole: 'user' };
}

/**
 * Registers the hooks of a test file that talks to one bot: a fresh database and bot before all tests, an empty
 * record (activities, faults, users, installations) before each, everything stopped after. `perTest` gives each test
 * a database and bot of its own instead, for tests that each build the state they need (a story told in steps).
 */
export function useTestBot(
  options: Parameters<typeof startTestBot>[1] & { resetEachTest?: boolean; perTest?: boolean } = {},
): {
  readonly bot: TestBot;
  readonly tdb: TestDatabase;
} {
  let bot: TestBot | undefined;
  let tdb: TestDatabase | undefined;
  const [before, after] = hooksFor(options);
  before(async () => {
    tdb = await openTestDatabase();
    bot = await startTestBot(tdb.db, options);
  });
  after(async () => {
    await bot?.stop();
    await tdb?.close();
  });
  beforeEach(async () => {
    // A file whose tests tell one story in order (a whole monthly cycle) keeps its state between tests; a fresh
    // bot per test has nothing to empty.
    if (options.resetEachTest === false || options.perTest) return;
    bot!.teams.received.length = 0;
    bot!.teams.faults.length = 0;
    await tdb!.db.exec('DELETE FROM installations; DELETE FROM teams_users;');
  });
  return {
    get bot() {
      return bot!;
    },
    get tdb() {
      return tdb!;
    },
  };
}

/** The hooks a world is set up and torn down in: around each test with `perTest`, around the file otherwise. */
export const hooksFor = (options: { perTest?: boolean }) =>
  options.perTest ? ([beforeEach, afterEach] as const) : ([beforeAll, afterAll] as const);

/**
 * The Teams delivery engine's dependencies for a test bot: its adapter as the sender (so messages reach the Teams
 * stand-in through botbuilder), a fresh limiter, the bot's captured log, and what a delivery means for its use case.
 */
export function teamsEngineFor(bot: TestBot, db: Database, onOutcome?: OutcomeRecorder) {
  return {
    db,
    sender: botbuilderSender(bot.app.adapter, ids.appId),
    limiter: new TeamsLimiter(),
    log: bot.logs.log,
    ...(onOutcome ? { onOutcome } : {}),
  };
}
