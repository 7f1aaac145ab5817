import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { CARD, invoke, saveGenerator, serve, stats, stop, type Served } from './bench/pulse-load.ts';
import { benchTable, clearBench, recordBench, row, type BenchRow } from './bench/bench-results.ts';

/**
 * `npm run bench:request`: `return.save` invokes, each one really changing the return, from a load generator (this
 * process, autocannon) at 50 connections against the app in its own process on embedded PGlite and on PostgreSQL
 * (BENCH_DATABASE_URL, default the local test server; skipped when unreachable); beside a minimal botbuilder echo
 * bot on restify answering the same invoke with a card, measured in the same run. BENCH_SECONDS (default 20) per
 * target after a 3 s warm-up. Figures: throughput against the echo bot, p99 against p50, timeouts, CPU per request.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const managers = 200;
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function load(info: Served['info'], body: () => string, duration: number, label: string): Promise<Result> {
  const instance = autocannon({
    url: info.url,
    connections,
    duration,
    timeout: 10,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${info.token}` },
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body() }) }],
    verifyBody: (b) => b.includes(CARD),
  });
  let done = 0;
  let second = 0;
  instance.on('tick', ({ counter }) => {
    done += counter;
    second += 1;
    if (second % 5 === 0) process.stderr.write(`  ${label}: ${second}/${duration} s, ${done} answered\n`);
  });
  return await instance;
}

interface Measured {
  label: string;
  result: Result;
  cpuMsPerRequest: number;
  rssMb: number;
  changed?: number;
}

async function measure(label: string, script: string, env: Record<string, string | undefined>, pulse: boolean) {
  process.stderr.write(`Starting ${label}...\n`);
  const s = await serve(script, env);
  try {
    const body = pulse ? await saveGenerator(s.info, managers) : () => JSON.stringify(invoke(s.info, 0, 'echo', {}));
    await load(s.info, body, 3, `${label} warm-up`);
    const before = await stats(s);
    const result = await load(s.info, body, seconds, label);
    const after = await stats(s);
    const answered = result['2xx'] + result.non2xx;
    return {
      label,
      result,
      cpuMsPerRequest: (after.cpuMs - before.cpuMs) / Math.max(1, answered),
      rssMb: after.rssMb,
      changed: pulse ? (after.outbox ?? 0) - (before.outbox ?? 0) : undefined,
    } satisfies Measured;
  } finally {
    await stop(s);
  }
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

clearBench('request');
const echo = await measure('echo bot', 'scripts/bench/serve-echo.ts', {}, false);
const targets: Measured[] = [
  await measure(
    'Pulse on PGlite',
    'scripts/bench/serve-pulse.ts',
    { MANAGERS: String(managers), DATABASE_URL: '' },
    true,
  ),
];
if (process.env.BENCH_SKIP_POSTGRES) process.stderr.write('BENCH_SKIP_POSTGRES set: PostgreSQL left out.\n');
else if (await postgresReachable())
  targets.push(
    await measure(
      'Pulse on PostgreSQL',
      'scripts/bench/serve-pulse.ts',
      { MANAGERS: String(managers), DATABASE_URL: pgUrl },
      true,
    ),
  );
else process.stderr.write(`PostgreSQL at ${pgUrl} is not reachable: its row is left out.\n`);

const rows: BenchRow[] = [];
const echoRate = echo.result.requests.average;
const raw = (m: Measured) =>
  `${m.result['2xx']} ok, ${m.result.non2xx} non-2xx, ${m.result.mismatches} not a card, ` +
  `${m.result.errors} errors; p50 ${m.result.latency.p50} ms, p99 ${m.result.latency.p99} ms, max ` +
  `${m.result.latency.max} ms; RSS ${m.rssMb} MB`;
rows.push(
  row({
    bench: 'request',
    measure: `echo bot invokes/s (${connections} connections)`,
    value: echoRate,
    unit: 'req/s',
    baseline: null,
    note: `${raw(echo)}; CPU ${echo.cpuMsPerRequest.toFixed(2)} ms/req`,
  }),
);
/** Issue 28's goals against the echo bot, per database: throughput at least, and CPU per save at most, its multiple. */
const GOALS: Record<string, { throughput: number; cpu: number }> = {
  'Pulse on PGlite': { throughput: 0.35, cpu: 3 },
  'Pulse on PostgreSQL': { throughput: 0.5, cpu: 2 },
};
for (const m of targets) {
  const r = m.result;
  const goal = GOALS[m.label]!;
  rows.push(
    row({
      bench: 'request',
      measure: `${m.label}: saves/s`,
      value: r.requests.average,
      unit: 'req/s',
      baseline: { label: 'echo bot req/s', value: echoRate },
      goal: [{ of: 'ratio', op: '>=', bound: goal.throughput }],
      note: raw(m),
    }),
    row({
      bench: 'request',
      measure: `${m.label}: p99 latency`,
      value: r.latency.p99,
      unit: 'ms',
      baseline: { label: 'p50 ms', value: r.latency.p50 },
      goal: [{ of: 'ratio', op: '<=', bound: 3 }],
    }),
    row({
      bench: 'request',
      measure: `${m.label}: timeouts + errors + non-2xx + not a card`,
      value: r.timeouts + r.errors + r.non2xx + r.mismatches,
      unit: '',
      baseline: null,
      goal: [{ of: 'value', op: '=', bound: 0 }],
    }),
    row({
      bench: 'request',
      measure: `${m.label}: CPU per save`,
      value: m.cpuMsPerRequest,
      unit: 'ms',
      baseline: { label: 'echo bot CPU ms/req', value: echo.cpuMsPerRequest },
      goal: [{ of: 'ratio', op: '<=', bound: goal.cpu }],
    }),
    // Every save answered changed the return, and none more than once: the requests the load generator abandoned
    // at its deadline still ran on the server, so the count lies between those answered and those sent.
    row({
      bench: 'request',
      measure: `${m.label}: saves that changed the return (outbox versions)`,
      value: m.changed ?? 0,
      unit: '',
      baseline: { label: 'saves answered', value: r['2xx'] },
      goal: [
        { of: 'value', op: '>=', bound: r['2xx'], boundName: 'saves answered' },
        { of: 'value', op: '<=', bound: r.requests.sent, boundName: 'saves sent' },
      ],
    }),
  );
}
recordBench('request', rows);
console.log(benchTable(rows));
