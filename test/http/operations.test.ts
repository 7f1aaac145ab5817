import { describe, expect, it } from 'vitest';
import { homeMember, useTestBot } from '../support/start-test-bot.ts';
import { Counter, Histogram, MetricsRegistry } from '../../src/platform/metrics/metrics-registry.ts';
import { newTraceContext, parseTraceparent } from '../../src/platform/log/trace-context.ts';
import { createServer } from '../../src/edge/http/create-server.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { collectPulseMetrics, countingThrottles } from '../../src/app/pulse-collectors.ts';
import { metricsRegistry, pulseMetrics } from '../../src/platform/metrics/pulse-metrics.ts';
import { DeliveryError } from '../../src/adapters/teams/teams-delivery.ts';

// Exposition format: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
// traceparent: https://www.w3.org/TR/trace-context/#traceparent-header
const t = useTestBot();
const url = () => t.bot.teams.botEndpoint.replace('/api/messages', '');
/** The admin listener (127.0.0.1 only), where a local scraper reads /metrics without a token. */
const adminUrl = () => `http://127.0.0.1:${t.bot.app.server.adminAddress?.port}`;
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function metricValue(text: string, line: RegExp): number | undefined {
  const m = text.split('\n').find((l) => line.test(l));
  return m === undefined ? undefined : Number(m.split(' ').at(-1));
}

describe('Prometheus exposition', () => {
  it('When label values carry quotes, backslashes, newlines or __proto__, then they are escaped and kept apart', async () => {
    const registry = new MetricsRegistry();
    const c = registry.register(new Counter('x_total', 'Help with \\ and\nnewline', ['k']));
    c.inc({ k: 'a"b\\c\nd' });
    c.inc({ k: '__proto__' }, 2);
    c.inc({ k: 'constructor' });
    const { text } = await registry.render();
    expect(text).toContain('# HELP x_total Help with \\\\ and\\nnewline\n# TYPE x_total counter');
    expect(text).toContain('x_total{k="a\\"b\\\\c\\nd"} 1');
    expect(text).toContain('x_total{k="__proto__"} 2');
    expect(text).toContain('x_total{k="constructor"} 1');
    expect(() => c.inc({ k: 'a' }, -1)).toThrow(/cannot go down/);
    expect(() => registry.register(new Counter('x_total', 'again'))).toThrow(/twice/);
    expect(() => new Counter('bad name', 'h')).toThrow(/Invalid metric name/);
  });

  it('When durations are observed, then buckets are cumulative and end in +Inf with sum and count', async () => {
    const registry = new MetricsRegistry();
    const h = registry.register(new Histogram('d_seconds', 'd', ['step'], [0.1, 1]));
    for (const s of [0.05, 0.5, 5]) h.observe({ step: 'open' }, s);
    const { text } = await registry.render();
    expect(text).toContain('d_seconds_bucket{step="open",le="0.1"} 1');
    expect(text).toContain('d_seconds_bucket{step="open",le="1"} 2');
    expect(text).toContain('d_seconds_bucket{step="open",le="+Inf"} 3');
    expect(text).toContain('d_seconds_sum{step="open"} 5.55');
    expect(text).toContain('d_seconds_count{step="open"} 3');
  });

  it('When a collector fails, then the scrape still answers and the failure is reported', async () => {
    const registry = new MetricsRegistry();
    registry.addCollector(() => {
      throw new Error('database down');
    });
    const { errors } = await registry.render();
    expect(errors).toHaveLength(1);
  });
});

describe('traceparent', () => {
  it('When a caller sends a valid traceparent, then its trace id is kept and a new span id is made', () => {
    expect(parseTraceparent(CALLER)).toEqual({ traceId: TRACE, parentId: 'b7ad6b7169203331', flags: '01' });
    const ctx = newTraceContext(CALLER);
    expect(ctx.traceId).toBe(TRACE);
    expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(ctx.spanId).not.toBe('b7ad6b7169203331');
  });

  it.each([
    ['version ff', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
    ['all-zero trace id', '00-00000000000000000000000000000000-b7ad6b7169203331-01'],
    ['all-zero parent id', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01'],
    ['upper-case hex', '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01'],
    ['extra fields on version 00', `${CALLER}-extra`],
    ['NUL inside', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169\u000003331-01'],
    ['too long', `01-${TRACE}-b7ad6b7169203331-01-${'a'.repeat(600)}`],
  ])('When the traceparent has %s, then a new trace starts', (_why, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
    expect(newTraceContext(header).traceId).not.toBe(TRACE);
  });

  it('When many requests start new traces, then every id is well formed and none repeats, across draws of randomness', () => {
    // 400 contexts take 12,000 random bytes: three draws of the 4 KiB pool, so ids straddle its refills.
    const contexts = Array.from({ length: 400 }, () => newTraceContext());
    for (const c of contexts) {
      expect(c.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(c.traceId).not.toMatch(/^0+$/);
      expect(c.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(c.requestId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    }
    for (const key of ['traceId', 'spanId', 'requestId'] as const)
      expect(new Set(contexts.map((c) => c[key])).size).toBe(contexts.length);
  });

  it('When a later version adds fields, then its first four are read', () => {
    expect(parseTraceparent(`01-${TRACE}-b7ad6b7169203331-01-future`)?.traceId).toBe(TRACE);
  });
});

describe('GET /metrics and request ids', () => {
  it('When a request carries a traceparent, then the response and every log line of that request carry its trace id', async () => {
    const res = await fetch(`${url()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: CALLER },
      body: JSON.stringify({ type: 'message' }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('traceparent')).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    const requestId = res.headers.get('x-request-id');
    const lines = t.bot.logs.lines.filter((l) => l.requestId === requestId);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l.traceId).toBe(TRACE);
  });

  it('When an install goes through botbuilder, then its log line carries the request ids (context survives the SDK)', async () => {
    const member = t.bot.teams.state.addMember(
      homeMember('29:tracy', 'Tracy Trace', 'd1d1d1d1-0000-4000-8000-00000000d1d1'),
      {
        installed: true,
      },
    );
    const chat = t.bot.teams.state.personalConversation(member);
    const activity = t.bot.teams.activity(chat, member.id, { type: 'installationUpdate', action: 'add' });
    const res = await fetch(t.bot.teams.botEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await t.bot.teams.channelToken()}`,
        traceparent: CALLER,
      },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBe(200);
    const recorded = t.bot.logs.lines.find(
      (l) => l.msg === 'installation recorded' && l.requestId === res.headers.get('x-request-id'),
    );
    expect(recorded?.traceId).toBe(TRACE);
  });

  it(
    'When scraped on the admin port, then requests are counted by route pattern, status and card verb ' +
      '(unknown verbs as other); the public port wants METRICS_TOKEN',
    async () => {
      await fetch(`${url()}/healthz`);
      const invoke = await fetch(`${url()}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'x"} 1\nfake_metric 9' } },
        }),
      });
      expect(invoke.status).toBe(400);
      // A same-host proxy or tunnel connects from loopback for everyone: the public port has no loopback exception.
      expect((await fetch(`${url()}/metrics`)).status).toBe(403);
      const res = await fetch(`${adminUrl()}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      expect(
        metricValue(text, /^pulse_http_requests_total\{route="\/healthz",method="GET",status="200",verb=""\} /),
      ).toBeGreaterThanOrEqual(1);
      expect(
        metricValue(
          text,
          /^pulse_http_requests_total\{route="\/api\/messages",method="POST",status="400",verb="other"\} /,
        ),
      ).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain('fake_metric');
      expect(text).toMatch(
        /^pulse_http_request_duration_seconds_count\{route="\/healthz",method="GET",verb=""\} \d+$/m,
      );
      expect(text).toContain('# TYPE pulse_teams_throttled_total counter');
    },
  );

  it('When METRICS_TOKEN is set, then /metrics needs it as a bearer token', async () => {
    const logs = captureLogs();
    const token = 'm'.repeat(40);
    const server = createServer({
      log: logs.log,
      receiveActivity: async () => ({ status: 200 }),
      notReadyReason: async () => undefined,
      metricsToken: token,
    });
    const { port } = await server.listen(0, '127.0.0.1');
    try {
      const none = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(
        (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
      ).toBe(401);
      const ok = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE pulse_http_requests_total counter');
      expect(logs.text()).not.toContain(token);
    } finally {
      await server.close(1000);
    }
  });
});

describe('Readiness probe', () => {
  it("When the database cannot be reached, then /readyz answers 503 'database unreachable' and only the log holds the cause", async () => {
    const logs = captureLogs();
    const server = createServer({
      log: logs.log,
      receiveActivity: async () => ({ status: 200 }),
      notReadyReason: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432 (user pulse_admin)');
      },
    });
    const { port } = await server.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).toContain('database unreachable');
      expect(text).not.toMatch(/10\.0\.0\.7|pulse_admin|ECONNREFUSED/);
      expect(logs.text()).toContain('ECONNREFUSED');
    } finally {
      await server.close(1000);
    }
  });
});

describe('Gauges collected at scrape time', () => {
  it('When messages wait in the outboxes and Salesforce reported its usage, then depth, oldest age and API usage are exposed per target', async () => {
    const db = t.tdb.db;
    await db.exec('DELETE FROM outbox');
    const outbox = outboxStore(db);
    await outbox.enqueue('teams', 'message', 'k1', { a: 1 });
    await outbox.enqueue('teams', 'message', 'k2', { a: 2 });
    await outbox.enqueue('salesforce', 'Pulse_Return__c', 'r1', { b: 1 });
    await db.query(`UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE key = 'k1'`);
    const unregister = collectPulseMetrics({ db, crm: { apiUsage: () => ({ used: 1234, max: 15000 }) } });
    try {
      const { text } = await metricsRegistry.render();
      expect(metricValue(text, /^pulse_outbox_depth\{target="teams"\} /)).toBe(2);
      expect(metricValue(text, /^pulse_outbox_depth\{target="salesforce"\} /)).toBe(1);
      expect(metricValue(text, /^pulse_outbox_oldest_age_seconds\{target="teams"\} /)).toBeGreaterThanOrEqual(90);
      expect(metricValue(text, /^pulse_salesforce_api_requests_used /)).toBe(1234);
      expect(metricValue(text, /^pulse_salesforce_api_requests_limit /)).toBe(15000);
    } finally {
      unregister();
      await db.exec('DELETE FROM outbox');
    }
  });

  it('When the Bot Connector answers 429, then the throttle counter goes up and the error still reaches the engine', async () => {
    const before = pulseMetrics.teamsThrottled.get();
    const sender = countingThrottles({
      send: async () => {
        throw new DeliveryError('throttled', 'Teams throttled the bot (429)', 1000);
      },
    });
    await expect(sender.send({} as never)).rejects.toThrow(/429/);
    expect(pulseMetrics.teamsThrottled.get()).toBe(before + 1);
  });
});
