/**
 * A stand-alone app instance for the crash and replica tests: opens the monthly cycle for PERIOD and delivers the
 * prompts through the Teams stand-in at TEAMS_URL, like the server's cycle and delivery services do. Database:
 * DATABASE_URL (PostgreSQL, schema in PG_SCHEMA) or PGLITE_DIR. Logs at LOG_LEVEL (`warn` by default).
 */
import { testClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { ConfigurationBotFrameworkAuthentication, CloudAdapter } from 'botbuilder';
import { createLogger } from '../../src/platform/log/logger.ts';
import { openPgliteThreadDatabase } from '../../src/adapters/store/pglite-thread-database.ts';
import { openPostgresDatabase } from '../../src/adapters/store/postgres-database.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { botbuilderSender } from '../../src/adapters/teams/teams-sender.ts';
import { TeamsLimiter } from '../../src/adapters/teams/teams-limiter.ts';
import { drainTeamsOutbox } from '../../src/adapters/teams/drain-teams-outbox.ts';
import { recordPromptOutcome } from '../../src/features/cycle/prompt-outcomes.ts';
import { openCycle } from '../../src/features/cycle/cycle-steps.ts';
import { LoopbackCredentialsFactory } from '../support/loopback-credentials-factory.ts';
import { botFrameworkEndpointsFor } from '../support/teams-stand-in.ts';
import type { Period } from '../../src/core/domain/period.ts';

const env = process.env;
const log = createLogger(env.LOG_LEVEL ?? 'warn');
const db = env.DATABASE_URL
  ? openPostgresDatabase(env.DATABASE_URL, { schema: env.PG_SCHEMA, max: 4 })
  : await openPgliteThreadDatabase(env.PGLITE_DIR!);
const teamsUrl = env.TEAMS_URL!;
const auth = new ConfigurationBotFrameworkAuthentication(
  { MicrosoftAppId: env.APP_ID!, ...botFrameworkEndpointsFor(teamsUrl) },
  new LoopbackCredentialsFactory(env.APP_ID!, env.APP_PASSWORD!),
);
const adapter = new CloudAdapter(auth);
const deps = { db, log, scoringSettings: DEFAULT_SCORING_SETTINGS, defaultServiceUrl: teamsUrl, now: testClock().now };
await openCycle(deps, env.PERIOD as Period);
const outbox = outboxStore(db);
const engine = {
  db,
  sender: botbuilderSender(adapter, env.APP_ID!),
  limiter: new TeamsLimiter(),
  log,
  onOutcome: recordPromptOutcome,
};
// Another instance's lease on a message it was sending runs out before this one may take the message over.
await until(
  'the Teams outbox drained',
  async () => {
    await drainTeamsOutbox(engine, { leaseMs: Number(env.LEASE_MS ?? 2000) });
    const c = await outbox.counts('teams');
    return c.pending === 0 && c.in_flight === 0;
  },
  60_000,
  200,
);
await db.close();
process.stdout.write('done\n');
