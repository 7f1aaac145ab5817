import type restify from 'restify';
import { fromLoopback } from './client-address.ts';
import { VERBS } from '../../features/cards/verbs.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import {
  formatTraceparent,
  newTraceContext,
  runWithTrace,
  type TraceContext,
} from '../../platform/log/trace-context.ts';
import { metricsRegistry, pulseMetrics } from '../../platform/metrics/pulse-metrics.ts';
import { sameToken } from './admin-token.ts';

/**
 * Who may read /metrics on this listener: a bearer token when set; without one, the public listener refuses and the
 * admin listener (bound to 127.0.0.1) serves callers that started on this machine.
 */
interface OperationsOptions {
  log: Logger;
  metricsToken?: string;
  listener: 'public' | 'admin';
}

const knownVerbs = new Set<string>(Object.values(VERBS));
/** The methods a metrics label may name; any other (Node parses ~30, all callable without credentials) is 'other'. */
const labelledMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const traceOf = new WeakMap<restify.Request, { trace: TraceContext; started: number }>();

/** The card verb of an Action.Execute invoke, for the metrics label: only verbs the app declares, else 'other'. */
function verbOf(body: unknown): string {
  const b = body as { type?: unknown; name?: unknown; value?: { action?: { verb?: unknown } } } | undefined;
  if (b?.type !== 'invoke' || b.name !== 'adaptiveCard/action') return '';
  const verb = b.value?.action?.verb;
  return typeof verb === 'string' && knownVerbs.has(verb) ? verb : 'other';
}

/**
 * Operations for every request, registered with one line after the body parser: a W3C trace context (the caller's
 * `traceparent`, or a new trace) that every log line inside carries and the response echoes, request counts and
 * latency by route pattern and card verb, and GET /metrics in Prometheus text format.
 */
export function registerOperations(server: restify.Server, options: OperationsOptions): void {
  server.pre((req, res, next) => {
    const trace = newTraceContext(req.header('traceparent'));
    traceOf.set(req, { trace, started: performance.now() });
    res.setHeader('traceparent', formatTraceparent(trace));
    res.setHeader('x-request-id', trace.requestId);
    return runWithTrace(trace, () => next());
  });
  // The body parser continues from socket events, outside the context entered above: enter it again.
  server.use((req, _res, next) => {
    const entry = traceOf.get(req);
    return entry ? runWithTrace(entry.trace, () => next()) : next();
  });
  server.on('after', (req: restify.Request, res: restify.Response) => {
    const entry = traceOf.get(req);
    // Bounded labels: an unauthenticated caller chooses the path and method, so neither may mint a series; only a
    // declared route pattern and a common method are named.
    const route = req.getRoute?.()?.path;
    const method = req.method ?? '';
    const labels = {
      route: typeof route === 'string' ? route : 'unmatched',
      method: labelledMethods.has(method) ? method : 'other',
      verb: verbOf(req.body),
    };
    pulseMetrics.httpRequests.inc({ ...labels, status: String(res.statusCode) });
    if (entry) pulseMetrics.httpDuration.observe(labels, (performance.now() - entry.started) / 1000);
  });

  server.get('/metrics', async (req: restify.Request, res: restify.Response) => {
    if (options.metricsToken) {
      const given = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1] ?? '';
      if (!sameToken(given, options.metricsToken)) {
        res.setHeader('www-authenticate', 'Bearer');
        res.send(401, { error: { code: 'Unauthorized', message: 'Missing or wrong metrics token.' } });
        return;
      }
    } else if (options.listener === 'public' || !fromLoopback(req)) {
      // A same-host proxy or tunnel makes every caller look local on the public port: no loopback exception there.
      res.send(403, {
        error: {
          code: 'Forbidden',
          message: '/metrics needs METRICS_TOKEN here; without it, scrape the admin port on 127.0.0.1 (ADMIN_PORT).',
        },
      });
      return;
    }
    const { text, errors } = await metricsRegistry.render();
    for (const error of errors) options.log.warn({ error: describeError(error) }, 'a metrics collector failed');
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(text);
  });
}
