import { ConfigError, readConfig, type Config } from './platform/config/config.ts';
import { loadEnvFiles } from './platform/config/env-files.ts';
import { projectRoot } from './platform/config/project-root.ts';
import { createLogger } from './platform/log/logger.ts';
import { routeConsoleToLogger } from './platform/log/route-console.ts';
import { describeError } from './platform/log/describe-error.ts';
import { openDatabase } from './adapters/store/open-database.ts';
import { migrate } from './adapters/store/migrate.ts';
import { outboxStore } from './adapters/store/outbox-store.ts';
import { leasesStore } from './adapters/store/leases-store.ts';
import { DataDirLockedError } from './adapters/store/data-dir-lock.ts';
import { createApp } from './app/app.ts';
import { openSalesforce, usesDemoOrg, type OpenSalesforce } from './app/open-salesforce.ts';
import { deferredCrm } from './adapters/salesforce/deferred-crm.ts';
import { createSyncService } from './features/sync/sync-service.ts';
import { removeAdminPort, writeAdminPort, writeAdminToken } from './edge/http/admin-token.ts';
import { cycleServiceFor } from './features/cycle/cycle-service.ts';
import { createDeliveryService, type DeliveryService } from './adapters/teams/delivery-service.ts';
import { botbuilderSender } from './adapters/teams/teams-sender.ts';
import { collectPulseMetrics, countingThrottles } from './app/pulse-collectors.ts';
import { recordPromptOutcome } from './features/cycle/prompt-outcomes.ts';
import { refreshScorecardsAfterSync } from './features/scorecards/post-scorecards.ts';
import { buildReviewPack } from './features/reports/build-review-pack.ts';
import { seedDemoHistory } from './app/demo/seed-demo-history.ts';
import { handleAddressRequest, handlePrivacyRequest } from './features/people/personal-data.ts';
import { ratingCadenceFor } from './features/ratings/rating-cadence.ts';
import { actionFollowUp } from './features/ratings/action-follow-up.ts';
import { seedPreviewRating } from './app/demo/seed-preview-rating.ts';
import { seedDemoRound } from './app/demo/seed-demo-round.ts';
import { systemClock } from './core/domain/clock.ts';
import { calendarReaderFor, forgetCalendarsIfOff } from './app/open-calendars.ts';
import { writesCalendarEvents } from './platform/config/graph-env.ts';

const rootDir = projectRoot(import.meta.url);

function nextSteps(config: Config, url: string): string {
  const mode = config.bot
    ? `Teams mode (app ${config.bot.appId}); point your Azure Bot's messaging endpoint at ${url}/api/messages`
    : 'local mode (no MicrosoftAppId: authentication off, loopback only)';
  return (
    `Partnership Pulse is listening on ${url} in ${mode}. ` +
    'Next: run `npm run playground` in another terminal to chat with it in the Microsoft 365 Agents Playground; ' +
    (config.bot ? '' : `open ${url}/tab for the tab's local preview; `) +
    (config.cycleSchedule === 'manual'
      ? '`npm run cycle -- open` asks for last month (the months move only by hand); '
      : '') +
    '`npm run sync` syncs Salesforce now; `npm run package` builds the Teams app package; docs/ADMIN.md ' +
    'takes you from here to a real tenant and Salesforce org.'
  );
}

/** The composition root: the only place that reads the environment and decides what is real. */
async function main(): Promise<void> {
  const { env, files } = loadEnvFiles(rootDir, process.env);
  let config: Config;
  try {
    config = readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n(read from ${files.join(', ') || 'the environment only'})\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  routeConsoleToLogger(log);
  const started = performance.now();
  let db;
  try {
    db = await openDatabase(config, log);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      log.fatal({ code: error.code, holderPid: error.holderPid }, error.message);
      process.exit(1);
    }
    throw error;
  }
  const applied = await migrate(db);
  log.info({ database: db.kind, applied, envFiles: files }, 'database ready');
  // The embedded database is this process's alone (the data-folder lock): leases in it are a crashed predecessor's.
  if (db.kind === 'pglite') {
    const writes = await outboxStore(db).expireLeasesOfDeadProcess();
    const jobs = await leasesStore(db).releaseAll();
    if (writes || jobs.length)
      log.warn({ writes, jobs }, 'leases of a process that stopped without finishing were released');
  }
  // Salesforce connects (jsforce loads, the demo org starts, the first token) once the server listens; the sync and
  // the write-back wait for it through the Crm port, and a failed connection is tried again by the next sync.
  const now = systemClock;
  let opened: OpenSalesforce | undefined;
  const salesforce = {
    crm: deferredCrm(async () => {
      opened = await openSalesforce(config.salesforce, log, now, {
        calendarEvents: writesCalendarEvents(config.calendars),
      });
      return opened.crm;
    }),
    demo: usesDemoOrg(config.salesforce),
    close: async () => {
      await salesforce.crm.settled();
      await opened?.close();
    },
  };
  await forgetCalendarsIfOff(config, db, log);
  const calendars = calendarReaderFor(config, db, log, now);
  let delivery: DeliveryService | undefined;
  const sync = createSyncService({
    db,
    now,
    crm: salesforce.crm,
    settings: config.salesforce,
    log,
    readCalendars: calendars?.read,
    afterSync: async () => {
      if (salesforce.demo && config.demoHistory) {
        const written = await seedDemoHistory(db, now(), config.scoringSettings.admitVideoCalls, config.orgTimeZone);
        if (written) log.info({ returns: written }, 'demo history: six months of demo returns added for the tab');
        if (await seedDemoRound(db, now())) log.info('demo history: a finished rating round for Northwind');
        if (!config.bot) {
          const preview = await seedPreviewRating(db, now());
          if (preview.opened) log.info('local preview: a rating round is open for Northwind, to rate in the tab');
        }
      }
      if (
        await refreshScorecardsAfterSync({
          db,
          log,
          scoringSettings: config.scoringSettings,
          now,
          orgTimeZone: config.orgTimeZone,
        })
      )
        void delivery?.nudge();
    },
  });
  const cycle = cycleServiceFor(config, db, log, now, () => void delivery?.nudge());
  const app = await createApp({
    config,
    log,
    db,
    now,
    admin: {
      token: writeAdminToken(config.dataDir),
      syncNow: sync.syncNow,
      runCycleStep: cycle.runStep,
      privacy: (action, who) =>
        'address' in who
          ? handleAddressRequest(db, action, who.address, now)
          : handlePrivacyRequest(db, action, who.aadObjectId, now),
      buildReport: (account, from, to, audience) =>
        buildReviewPack(
          { db, scoringSettings: config.scoringSettings, now, orgTimeZone: config.orgTimeZone },
          account,
          from,
          to,
          audience,
        ),
      runRatings: async (step, accountId) => {
        const rounds = app.services.rounds;
        const summary =
          step === 'open' ? await rounds.open(accountId, 'npm run ratings') : await rounds.close(accountId);
        void delivery?.nudge();
        return summary;
      },
    },
  });
  const followUp = actionFollowUp({
    db,
    log,
    now,
    orgTimeZone: config.orgTimeZone,
    defaultServiceUrl: config.teamsServiceUrl,
  });
  const ratingCadence = ratingCadenceFor(db, log, app.services.rounds, followUp, () => void delivery?.nudge());
  delivery = createDeliveryService({
    db,
    sender: countingThrottles(botbuilderSender(app.adapter, config.bot?.appId ?? '')),
    log,
    onOutcome: recordPromptOutcome,
  });
  collectPulseMetrics({ db, crm: salesforce.crm });
  let address;
  try {
    address = await app.server.listen(config.port, config.host, config.adminPort);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const admin = (error as { listener?: string }).listener === 'admin';
    const [variable, host, port] = admin
      ? ['ADMIN_PORT', '127.0.0.1', config.adminPort]
      : ['PORT', config.host, config.port];
    const reason =
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is already in use (another Partnership Pulse, or another program): stop it or set ${variable} to a free port.`
        : `Cannot listen on ${host}:${port}: ${(error as Error).message}`;
    log.fatal({ code }, reason);
    // Close the database first: it releases the data-folder lock, so the next start is not blocked by us.
    await salesforce.close();
    await db.close();
    process.exit(1);
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const adminPort = app.server.adminAddress?.port ?? 0;
  writeAdminPort(config.dataDir, adminPort);
  log.info({ port: address.port, host, adminPort, startupMs: Math.round(performance.now() - started) }, 'listening');
  console.log(nextSteps(config, `http://${host}:${address.port}`));
  sync.start();
  delivery.start();
  if (config.cycleSchedule === 'auto') {
    cycle.start();
    ratingCadence.start();
  } else
    log.info(
      'CYCLE_SCHEDULE=manual: the monthly cycle and rating rounds run only by hand (npm run cycle, npm run ratings)',
    );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, inFlight: app.server.inFlight }, 'stopping: no new requests, finishing in-flight ones');
    try {
      await app.server.close(config.shutdownTimeoutMs);
      removeAdminPort(config.dataDir);
      cycle.stop();
      ratingCadence.stop();
      await delivery.stop();
      await sync.stop();
      await calendars?.close();
      await salesforce.close();
      await db.close();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ error: describeError(error) }, 'unclean stop');
      process.exit(1);
    }
  };
  salesforce.crm
    .connect()
    .catch((error: unknown) =>
      log.error(
        { error: describeError(error) },
        'could not connect to Salesforce: Teams is served meanwhile and the next sync connects again (npm run doctor checks the SF_ settings)',
      ),
    );
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  // A closed terminal or a supervisor's hang-up: stop as cleanly as on SIGTERM (its default kills without draining).
  process.once('SIGHUP', () => void stop('SIGHUP'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Partnership Pulse failed to start: ${JSON.stringify(describeError(error))}\n`);
  process.exit(1);
});
