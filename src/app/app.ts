import type { Clock } from '../core/domain/clock.ts';
import { meetingRulesOf } from './meeting-rules.ts';
import { fileURLToPath } from 'node:url';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Config } from '../platform/config/config.ts';
import type { Logger } from '../platform/log/logger.ts';
import type { Database } from '../adapters/store/database.ts';
import { loadMigrations, schemaVersion } from '../adapters/store/migrate.ts';
import { usersStore } from '../adapters/store/users-store.ts';
import { installationsStore } from '../adapters/store/installations-store.ts';
import { knownChats } from '../edge/bot/known-chats.ts';
import { PulseAdapter } from '../edge/bot/botbuilder/pulse-adapter.ts';
import { createBotAuthentication } from '../edge/bot/botbuilder/create-bot-authentication.ts';
import { createTurnErrorHandler } from '../edge/bot/turn-error-handler.ts';
import { buildRoutes } from '../edge/bot/routes.ts';
import type { BotServices } from '../edge/bot/bot-services.ts';
import { checkin } from '../features/cycle/checkin.ts';
import { channelLinks } from '../features/channels/channel-links.ts';
import { showScorecards } from '../features/scorecards/show-scorecards.ts';
import { proxyTrust } from '../platform/config/proxy-trust.ts';
import { probeWrite } from '../adapters/store/readiness-store.ts';
import { describeError } from '../platform/log/describe-error.ts';
import { createServer, type HttpServer } from '../edge/http/create-server.ts';
import type { AdminDeps } from '../edge/http/admin-routes.ts';
import { createTabRouteDeps } from './tab-services.ts';
import type { SharedChannels } from '../features/tab/shared-channels.ts';
import { ratings } from '../features/ratings/rate.ts';
import { ratingRounds } from '../features/ratings/rating-rounds.ts';
import { ratingBacklog } from '../features/ratings/rating-backlog.ts';
import { actionPlan } from '../features/ratings/action-plan.ts';
import { elementTargets } from '../features/ratings/element-targets.ts';
import { adapterRoster } from '../adapters/teams/adapter-roster.ts';
import { minRatersOf } from '../core/scoring/settings.ts';
import { writesCalendarEvents } from '../platform/config/graph-env.ts';

/** What the app needs from outside; tests swap the bot authentication for one pointed at local stand-ins. */
interface AppDeps {
  config: Config;
  log: Logger;
  db: Database;
  /** What "now" is for every use case (the machine's clock in production; a pinned instant in tests). */
  now: Clock;
  botAuthentication?: BotFrameworkAuthentication;
  admin?: AdminDeps;
  /** Which shared channel belongs to which account and client tenants (default: the stored shared-channel links). */
  sharedChannels?: SharedChannels;
}

const rootDir = fileURLToPath(new URL('../..', import.meta.url));

/** The assembled application: the HTTP server, the adapter for proactive messages, and the services. */
export interface App {
  server: HttpServer;
  adapter: PulseAdapter;
  services: BotServices;
}

/** Wires stores, routes and the adapter into the HTTP server. Does not listen; the caller decides where. */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, log, db, now } = deps;
  const routes = buildRoutes();
  const services: BotServices = {
    log,
    now,
    users: usersStore(db),
    installations: installationsStore(db),
    knownChats: knownChats(),
    checkin: checkin({
      db,
      log,
      scoringSettings: config.scoringSettings,
      now,
      orgTimeZone: config.orgTimeZone,
      meetingRules: meetingRulesOf(config.salesforce),
      calendarWriteBack: writesCalendarEvents(config.calendars),
    }),
    channels: channelLinks({ db, log, now }),
    scorecards: showScorecards({
      db,
      log,
      scoringSettings: config.scoringSettings,
      now,
      orgTimeZone: config.orgTimeZone,
    }),
    ratings: ratings({ db, log, now, minRaters: minRatersOf(config.scoringSettings) }),
    rounds: ratingRounds({
      db,
      log,
      now,
      scoringSettings: config.scoringSettings,
      orgTimeZone: config.orgTimeZone,
      rosterFor: (reference) => adapterRoster(adapter, config.bot?.appId ?? '')(reference),
    }),
    backlog: ratingBacklog({ db, log, now }),
    actions: actionPlan({ db, log, now, orgTimeZone: config.orgTimeZone }),
    targets: elementTargets({ db, log, now }),
    commands: () => routes.commandList(),
    clientCommands: () => routes.clientCommandList(),
  };
  // The services above read the adapter lazily (rosters outside a turn), after it exists.
  const adapter = new PulseAdapter(
    deps.botAuthentication ?? createBotAuthentication(config.bot),
    new Set(config.allowedTenantIds),
    log,
    createTurnErrorHandler(log),
  );
  const expectedVersion = (await loadMigrations()).length;
  const server = createServer({
    log,
    receiveActivity: (body, authHeader) => adapter.receive(body, authHeader, (turn) => routes.dispatch(turn, services)),
    admin: deps.admin,
    tab: await createTabRouteDeps(config, db, rootDir, {
      now,
      onBuild: () => log.info('building the Teams tab (on a first start, and after web/tab/ changes: a few seconds)'),
      ratings: services.ratings,
      actions: services.actions,
      rosterFor: config.bot ? (reference) => adapterRoster(adapter, config.bot?.appId ?? '')(reference) : undefined,
      sharedChannels: deps.sharedChannels,
    }),
    metricsToken: config.metricsToken,
    rateLimit: config.rateLimit,
    trust: proxyTrust(config.trustedProxies),
    botAppId: config.bot?.appId,
    connectionLimits: config.connectionLimits,
    loopbackHostsOnly: !config.bot,
    async notReadyReason() {
      const version = await schemaVersion(db);
      if (version < expectedVersion) return `schema at version ${version}, expected ${expectedVersion}`;
      try {
        await probeWrite(db);
        return undefined;
      } catch (error) {
        log.warn({ error: describeError(error) }, 'readiness: the database refuses writes');
        return 'database does not accept writes';
      }
    },
  });
  return { server, adapter, services };
}
