import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import type { BotResponse } from '../bot/turn.ts';
import { registerAdminRoutes, type AdminDeps } from './admin-routes.ts';
import { registerTabRoutes, type TabRouteDeps } from './tab-routes.ts';
import { registerOperations } from './operations.ts';
import { DEFAULT_MAX_BODY_BYTES, guardRequestBodies } from './body-guard.ts';
import { restifyLogger } from './restify-logger.ts';
import { isLoopbackHost } from '../../platform/config/http-env.ts';
import { rateLimitPublicRoutes, type RateLimitSettings } from './rate-limit.ts';
import { normaliseRequestPath } from './normalise-path.ts';
import { NO_PROXIES, type ProxyTrust } from '../../platform/config/proxy-trust.ts';
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS, limitConnections } from './connection-limits.ts';
import { sharedProbe } from './shared-probe.ts';
import { carriesForwarding } from './client-address.ts';

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
  /** The reverse proxies whose X-Forwarded-For names the client; absent: none. */
  trust?: ProxyTrust;
  /** The bot's app id in Teams mode: requests bearing a token for it are not refused by the rate limit. */
  botAppId?: string;
  /** Request timeouts and the cap on connections per client; absent: the defaults. */
  connectionLimits?: ConnectionLimits;
  /**
   * Operator routes for local command-line tools (sync), served on the admin listener only (127.0.0.1), never on the
   * public port that a proxy or tunnel forwards; absent in tests that do not need them.
   */
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

/** The restify servers with their lifecycle: listen, then stop accepting and drain in-flight requests. */
export interface HttpServer {
  /**
   * Listens on `host:port` (the public routes) and on 127.0.0.1:`adminPort` (the admin routes and /metrics without
   * a token; 0 picks a free port); resolves to the public address.
   */
  listen(port: number, host: string, adminPort?: number): Promise<AddressInfo>;
  /** The admin listener's address once listening. */
  readonly adminAddress: AddressInfo | undefined;
  /** Stops accepting connections, waits up to `timeoutMs` for in-flight requests, then closes the rest. */
  close(timeoutMs: number): Promise<void>;
  readonly inFlight: number;
  /** Every registered route and its listener, so tests can hold each one to the same rules (body limit, rate limit). */
  routes(): { method: string; path: string; listener: 'public' | 'admin' }[];
}

/** What both listeners share: the drain state of the whole server. */
interface Lifecycle {
  inFlight: number;
  closing: boolean;
}

/** A restify server with the chain every listener runs: drain, one path, body limits, JSON, trace and metrics. */
function baseServer(deps: ServerDeps, state: Lifecycle, listener: 'public' | 'admin'): restify.Server {
  const { log } = deps;
  const server = restify.createServer({
    name: 'partnership-pulse',
    handleUncaughtExceptions: false,
    // restify's own log lines go through our logger (its types still name bunyan's; pino is what it calls).
    log: restifyLogger(log) as unknown as restify.ServerOptions['log'],
  });
  limitConnections(server.server, deps.connectionLimits ?? DEFAULT_CONNECTION_LIMITS, deps.trust ?? NO_PROXIES, log);
  server.pre((_req, res, next) => {
    if (state.closing) {
      res.setHeader('Connection', 'close');
      res.send(503, { error: { code: 'ShuttingDown', message: 'The server is shutting down.' } });
      return next(false);
    }
    state.inFlight++;
    res.once('close', () => state.inFlight--);
    return next();
  });
  // Before every guard: the router decodes the path, so a guard reading the raw one (`/%61dmin/hello`) would be
  // bypassed. From here on `req.getPath()` is the one path routing, guards, rate limits and metrics all read.
  server.pre(normaliseRequestPath());
  // One Host (RFC 9112 §3.2: a request with more than one gets 400): Node reads the first, a proxy may read another.
  server.pre((req, res, next) => {
    if (req.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'host').length <= 1) return next();
    res.setHeader('Connection', 'close');
    res.send(400, { error: { code: 'BadHost', message: 'A request carries one Host header.' } });
    return next(false);
  });
  // Local mode (no authentication) and the admin listener: requests made on this machine, to this machine by name.
  // A name check alone lets a tunnel that rewrites Host to localhost through; its forwarding headers do not.
  if (deps.loopbackHostsOnly || listener === 'admin')
    server.pre((req, res, next) => {
      if (hostHeaderIsLoopback(req.headers.host) && !carriesForwarding(req)) return next();
      res.setHeader('Connection', 'close');
      res.send(421, {
        error: { code: 'NotLoopbackHost', message: 'This listener answers requests made on this machine only.' },
      });
      return next(false);
    });
  if (deps.rateLimit && listener === 'public')
    server.pre(rateLimitPublicRoutes(deps.rateLimit, { trust: deps.trust, botAppId: deps.botAppId }));
  server.pre(guardRequestBodies(deps.maxBodyBytes));
  // JSON only: the full bodyParser also parses multipart into temporary files, outside its size limit. The JSON
  // parser's body reader counts the bytes of a chunked body against `maxBodySize` (restify's types omit the option).
  const jsonOptions = { maxBodySize: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, mapParams: false };
  server.use(restify.plugins.jsonBodyParser(jsonOptions));
  registerOperations(server, { log, metricsToken: deps.metricsToken, listener });
  return server;
}

/**
 * Builds the public server (POST /api/messages, GET /healthz alive, GET /readyz database ready, the tab) and the
 * admin listener (the command-line tools' routes, /metrics for local scrapers).
 */
export function createServer(deps: ServerDeps): HttpServer {
  const { log } = deps;
  const state: Lifecycle = { inFlight: 0, closing: false };
  const server = baseServer(deps, state, 'public');
  const adminServer = baseServer(deps, state, 'admin');
  let adminAddress: AddressInfo | undefined;

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

  const health = async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'alive' });
  };
  // Never rate-limited (the hosting platform's probe must not be refused), so one check serves a second of probes.
  const readiness = sharedProbe(async () => {
    try {
      return await deps.notReadyReason();
    } catch (error) {
      // The cause goes to the log; the probe, which anyone may call, learns only that the database is unreachable.
      log.warn({ error: describeError(error) }, 'readiness: database unreachable');
      return 'database unreachable';
    }
  }, 1_000);
  const ready = async (_req: restify.Request, res: restify.Response) => {
    const reason = await readiness();
    res.send(reason ? 503 : 200, reason ? { status: 'not ready', reason } : { status: 'ready' });
  };
  for (const s of [server, adminServer]) {
    s.get('/healthz', health);
    s.get('/readyz', ready);
  }

  if (deps.admin) registerAdminRoutes(adminServer, deps.admin, log);
  if (deps.tab) registerTabRoutes(server, deps.tab, log);

  const listenOn = (s: restify.Server, port: number, host: string) =>
    new Promise<AddressInfo>((resolvePromise, reject) => {
      // restify re-emits the listening socket's errors (EADDRINUSE) on itself: unheard, they crash the process.
      s.once('error', reject);
      s.listen(port, host, () => {
        s.off('error', reject);
        resolvePromise(s.address() as AddressInfo);
      });
    });
  const closeAll = async (timeoutMs: number) => {
    const servers = [server, adminServer].filter((s) => s.server.listening);
    const closed = Promise.all(servers.map((s) => new Promise<void>((done) => s.server.close(() => done()))));
    const idle = () => {
      for (const s of servers) s.server.closeIdleConnections();
    };
    idle();
    const deadline = performance.now() + timeoutMs;
    while (state.inFlight > 0 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      idle();
    }
    if (state.inFlight > 0)
      log.warn({ inFlight: state.inFlight }, 'shutdown timeout: closing connections with requests still running');
    for (const s of servers) s.server.closeAllConnections();
    await closed;
  };

  return {
    get inFlight() {
      return state.inFlight;
    },
    routes() {
      const of = (s: restify.Server, listener: 'public' | 'admin') =>
        Object.values(s.router.getRoutes()).map((r) => ({ method: r.method, path: String(r.path), listener }));
      return [...of(server, 'public'), ...of(adminServer, 'admin')];
    },
    get adminAddress() {
      return adminAddress;
    },
    async listen(port, host, adminPort = 0) {
      const address = await listenOn(server, port, host);
      try {
        adminAddress = await listenOn(adminServer, adminPort, '127.0.0.1');
      } catch (error) {
        await new Promise<void>((done) => server.server.close(() => done()));
        throw Object.assign(error as Error, { listener: 'admin', port: adminPort });
      }
      return address;
    },
    async close(timeoutMs) {
      state.closing = true;
      await closeAll(timeoutMs);
    },
  };
}
