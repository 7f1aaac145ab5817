import { Counter, Gauge, Histogram, MetricsRegistry } from './metrics-registry.ts';

/**
 * The process's metrics, one registry like prom-client's default: modules record into it and GET /metrics renders
 * it. Names follow Prometheus conventions (`_total` counters, `_seconds` durations); label values are bounded
 * (route patterns and known card verbs, never ids or user text).
 */
export const metricsRegistry = new MetricsRegistry();

/** The process's metrics by purpose. */
export const pulseMetrics = {
  httpRequests: metricsRegistry.register(
    new Counter('pulse_http_requests_total', 'HTTP requests served, by route pattern, method, status and card verb', [
      'route',
      'method',
      'status',
      'verb',
    ]),
  ),
  httpDuration: metricsRegistry.register(
    new Histogram(
      'pulse_http_request_duration_seconds',
      'HTTP request latency, by route pattern, method and card verb',
      ['route', 'method', 'verb'],
    ),
  ),
  outboxDepth: metricsRegistry.register(
    new Gauge('pulse_outbox_depth', 'Outbox messages not yet done (queued or to retry), per target', ['target']),
  ),
  outboxOldestAge: metricsRegistry.register(
    new Gauge('pulse_outbox_oldest_age_seconds', 'Age of the oldest outbox message not yet done, per target', [
      'target',
    ]),
  ),
  teamsThrottled: metricsRegistry.register(
    new Counter('pulse_teams_throttled_total', 'Bot Connector answers 429 (Too Many Requests) received by deliveries'),
  ),
  salesforceApiUsage: metricsRegistry.register(
    new Gauge(
      'pulse_salesforce_api_requests_used',
      "API requests used in the org's 24-hour window (Sforce-Limit-Info)",
    ),
  ),
  salesforceApiLimit: metricsRegistry.register(
    new Gauge('pulse_salesforce_api_requests_limit', "The org's 24-hour API request limit (Sforce-Limit-Info)"),
  ),
  syncDuration: metricsRegistry.register(
    new Histogram(
      'pulse_sync_duration_seconds',
      'Salesforce sync runs, by kind (full, incremental) and outcome',
      ['kind', 'outcome'],
      [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    ),
  ),
  syncRecords: metricsRegistry.register(
    new Counter('pulse_sync_records_read_total', 'Salesforce records read by syncs, per object', ['object']),
  ),
  cycleStepDuration: metricsRegistry.register(
    new Histogram(
      'pulse_cycle_step_duration_seconds',
      'Monthly cycle steps (open, remind1, remind2, close, tick), by outcome',
      ['step', 'outcome'],
      [0.05, 0.25, 1, 5, 15, 60, 300],
    ),
  ),
};
