import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../log/describe-error.ts';
import type { BotResponse } from '../bot/pulse-adapter.ts';
import { registerAdminRoutes, type AdminDeps } from './admin-routes.ts';
import { registerTabRoutes, type TabRouteDeps } from './tab-routes.ts';
import { registerOperations } from './operations.ts';
import { DEFAULT_MAX_BODY_BYTES, guardRequestBodies } from './body-guard.ts';
import { restifyLogger } from './restify-logger.ts';
import { isLoopbackHost } from '../config/http-env.ts';
import { rateLimitPublicRoutes, type RateLimitSettings } from './rate-limit.ts';
import { normaliseRequestPath } from './normalise-path.ts';

/** What the HTTP layer needs: transport only, the bot logic stays behind `turn`. */
export interface ServerDeps {
  log: Logger;
  /** The bot's edge: authenticates and runs one activity; the HTTP layer never sees a bot SDK type. */
  receiveActivity: (body: unknown, authHeader: string) => Promise<BotResponse>;
  /** Resolves to a reason when the process cannot serve yet (database down, schema behind). */
  notReadyReason: () => Promise<string | undefined>;
  maxBodyBytes?: number;
  /** Bearer token for GET /metrics (else loopback only). */
  metricsToken?: string;
  /** Per-client limit of unauthenticated work on the public routes; absent: no limit. */
  rateLimit?: RateLimitSettings;
  /** Operator routes for local command-line tools (sync); absent in tests that do not need them. */
  admin?: AdminDeps;
  /** The Teams tab's pages, assets and API. */
  tab?: TabRouteDeps;
  /**
   * Local mode (no authentication): answer only requests addressed to this machine by name (`localhost`,
   * `127.0.0.1`, `[::1]`), so a web page whose domain is re-pointed at 127.0.0.1 (DNS rebinding) cannot use the bot.
   */
  loopbackHostsOnly?: boolean;
}

/** The Host header names this machine (`localhost`, a 127.x address or `[::1]`), with or without a port. */
const hostHeaderIsLoopback = (host: string | undefined): boolean =>
  isLoopbackHost(
    String(host ?? '')
      .trim()
      .toLowerCase()
      .replace(/:\d+$/, ''),
  );

/** The restify server with its lifecycle: listen, then stop accepting and drain in-flight requests. */
export interface HttpServer {
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting connections, waits up to `timeoutMs` for in-flight requests, then closes the rest. */
  close(timeoutMs: number): Promise<void>;
  readonly inFlight: number;
  /** Every registered route, so tests can hold each one to the same rules (body limit, rate limit). */
  routes(): { method: string; path: string }[];
}

/** Builds the server: POST /api/messages, GET /healthz (alive), GET /readyz (database ready). */
export function createServer(deps: ServerDeps): HttpServer {
  const { log } = deps;
  const server = restify.createServer({
    name: 'partnership-pulse',
    handleUncaughtExceptions: false,
    // restify's own log lines go through our logger (its types still name bunyan's; pino is what it calls).
    log: restifyLogger(log) as unknown as restify.ServerOptions['log'],
  });
  let inFlight = 0;
  let closing = false;

  server.pre((_req, res, next) => {
    if (closing) {
      res.setHeader('Connection', 'close');
      res.send(503, { error: { code: 'ShuttingDown', message: 'The server is shutting down.' } });
      return next(false);
    }
    inFlight++;
    res.once('close', () => inFlight--);
    return next();
  });
  // Before every guard: the router decodes the path, so a guard reading the raw one (`/%61dmin/hello`) would be
  // bypassed. From here on `req.getPath()` is the one path routing, guards, rate limits and metrics all read.
  server.pre(normaliseRequestPath());
  if (deps.loopbackHostsOnly)
    server.pre((req, res, next) => {
      if (hostHeaderIsLoopback(req.headers.host)) return next();
      res.setHeader('Connection', 'close');
      res.send(421, {
        error: { code: 'NotLoopbackHost', message: 'In local mode the bot answers requests to localhost only.' },
      });
      return next(false);
    });
  if (deps.rateLimit) server.pre(rateLimitPublicRoutes(deps.rateLimit));
  server.pre(guardRequestBodies(deps.maxBodyBytes));
  // JSON only: the full bodyParser also parses multipart into temporary files, outside its size limit. The JSON
  // parser's body reader counts the bytes of a chunked body against `maxBodySize` (restify's types omit the option).
  const jsonOptions = { maxBodySize: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, mapParams: false };
  server.use(restify.plugins.jsonBodyParser(jsonOptions));
  registerOperations(server, { log, metricsToken: deps.metricsToken });

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const auth = req.header('authorization') ?? '';
    try {
      const result = await deps.receiveActivity(req.body, auth);
      res.send(result.status, result.body ?? undefined);
    } catch (error) {
      log.error({ error: describeError(error) }, 'request failed');
      res.send(500, { error: { code: 'ServerError', message: 'The bot could not process this activity.' } });
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'alive' });
  });

  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    let reason: string | undefined;
    try {
      reason = await deps.notReadyReason();
    } catch (error) {
      // The cause goes to the log; the probe, which anyone may call, learns only that the database is unreachable.
      log.warn({ error: describeError(error) }, 'readiness: database unreachable');
      reason = 'database unreachable';
    }
    res.send(reason ? 503 : 200, reason ? { status: 'not ready', reason } : { status: 'ready' });
  });

  if (deps.admin) registerAdminRoutes(server, deps.admin, log);
  if (deps.tab) registerTabRoutes(server, deps.tab, log);

  return {
    get inFlight() {
      return inFlight;
    },
    routes() {
      return Object.values(server.router.getRoutes()).map((r) => ({ method: r.method, path: String(r.path) }));
    },
    listen(port, host) {
      return new Promise((resolvePromise, reject) => {
        // restify re-emits the listening socket's errors (EADDRINUSE) on itself: unheard, they crash the process.
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolvePromise(server.address() as AddressInfo);
        });
      });
    },
    async close(timeoutMs) {
      closing = true;
      const closed = new Promise<void>((done) => server.server.close(() => done()));
      server.server.closeIdleConnections();
      const deadline = performance.now() + timeoutMs;
      while (inFlight > 0 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
        server.server.closeIdleConnections();
      }
      if (inFlight > 0) log.warn({ inFlight }, 'shutdown timeout: closing connections with requests still running');
      server.server.closeAllConnections();
      await closed;
    },
  };
}
