import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Config } from './config/config.ts';
import type { Logger } from './log/logger.ts';
import type { Database } from './store/database.ts';
import { loadMigrations, schemaVersion } from './store/migrate.ts';
import { usersStore } from './store/users-store.ts';
import { installationsStore } from './store/installations-store.ts';
import { PulseAdapter } from './bot/pulse-adapter.ts';
import { createBotAuthentication } from './bot/create-bot-authentication.ts';
import { createTurnErrorHandler } from './bot/turn-error-handler.ts';
import { buildRoutes } from './bot/routes.ts';
import type { BotServices } from './bot/bot-services.ts';
import { createServer, type HttpServer } from './http/create-server.ts';
import type { AdminDeps } from './http/admin-routes.ts';

/** What the app needs from outside; tests swap the bot authentication for one pointed at local stand-ins. */
export interface AppDeps {
  config: Config;
  log: Logger;
  db: Database;
  botAuthentication?: BotFrameworkAuthentication;
  admin?: AdminDeps;
}

/** The assembled application: the HTTP server, the adapter for proactive messages, and the services. */
export interface App {
  server: HttpServer;
  adapter: PulseAdapter;
  services: BotServices;
}

/** Wires stores, routes and the adapter into the HTTP server. Does not listen; the caller decides where. */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, log, db } = deps;
  const routes = buildRoutes();
  const services: BotServices = {
    log,
    users: usersStore(db),
    installations: installationsStore(db),
    checkin: { db, log, admitVideoCalls: config.scoringSettings.admitVideoCalls },
    scoringSettings: config.scoringSettings,
    commands: () => routes.commandList(),
  };
  const adapter = new PulseAdapter(
    deps.botAuthentication ?? createBotAuthentication(config.bot),
    new Set(config.allowedTenantIds),
    log,
  );
  adapter.onTurnError = createTurnErrorHandler(log);
  const expectedVersion = (await loadMigrations()).length;
  const server = createServer({
    log,
    adapter,
    turn: (context) => routes.dispatch(context, services),
    admin: deps.admin,
    rateLimit: config.rateLimit,
    async notReadyReason() {
      const version = await schemaVersion(db);
      return version < expectedVersion ? `schema at version ${version}, expected ${expectedVersion}` : undefined;
    },
  });
  return { server, adapter, services };
}
