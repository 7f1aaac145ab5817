import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { actions, inputValues } from '../test/support/card-client.ts';
import { benchIds, benchManager } from './bench/bench-ids.ts';
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

interface Served {
  child: ChildProcess;
  lines: AsyncIterator<string>;
  info: { url: string; serviceUrl: string; token: string; period?: string };
}

async function serve(script: string, env: Record<string, string | undefined>): Promise<Served> {
  // BENCH_CPU_PROF=<dir> profiles the servers (node --cpu-prof), to find where a request's time goes.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const rl: Interface = createInterface({ input: child.stdout! });
  const lines = rl[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`${script} exited before it was ready`);
  return { child, lines, info: JSON.parse(first.value) };
}

async function stats(s: Served): Promise<{ cpuMs: number; rssMb: number; outbox?: number }> {
  s.child.stdin!.write('stats\n');
  return JSON.parse((await s.lines.next()).value as string);
}

async function stop(s: Served) {
  s.child.kill('SIGTERM');
  await new Promise((r) => s.child.once('exit', r));
}

function invoke(info: Served['info'], i: number, verb: string, data: Record<string, unknown>) {
  const m = benchManager(i);
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `bench-${i}-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: info.serviceUrl,
    from: { id: m.teamsId, name: m.name, aadObjectId: m.aadObjectId },
    recipient: { id: `28:${benchIds.appId}`, name: 'Partnership Pulse' },
    conversation: { id: m.chatId, conversationType: 'personal', tenantId: benchIds.tenant },
    channelData: { tenant: { id: benchIds.tenant } },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

const CARD = 'application/vnd.microsoft.card.adaptive';

/** A request generator: echo answers any verb; Pulse gets a save whose next step differs every time. */
async function saveGenerator(info: Served['info']): Promise<() => string> {
  const res = await fetch(info.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${info.token}` },
    body: JSON.stringify(invoke(info, 0, 'return.open', { period: info.period, accountId: benchManager(0).accountId })),
  });
  const form = ((await res.json()) as { value: unknown }).value;
  const save = actions(form).find((a) => a.verb === 'return.save');
  if (!save) throw new Error(`the form has no save action: ${JSON.stringify(form).slice(0, 300)}`);
  const inputs = inputValues(form);
  let n = 0;
  return () => {
    const i = n % managers;
    n += 1;
    return JSON.stringify(
      invoke(info, i, 'return.save', {
        ...inputs,
        ...save.data,
        accountId: benchManager(i).accountId,
        ballWith: 'joint',
        n0_date: `${info.period}-0${1 + (n % 9)}`,
        n0_minutes: '60',
        n0_clients: String(1 + (n % 5)),
        n0_f2f: 'true',
        a0_title: 'Quarterly review held',
        a0_type: 'workshop',
        a0_date: `${info.period}-12`,
        nextStep: `Agree the plan, step ${n}`,
      }),
    );
  };
}

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
    const body = pulse ? await saveGenerator(s.info) : () => JSON.stringify(invoke(s.info, 0, 'echo', {}));
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
  `${m.result['2xx']} ok, ${m.result.non2xx} non-2xx, ${m.result.mismatches} not a card, ${m.result.errors} errors; p50 ${m.result.latency.p50} ms, p99 ${m.result.latency.p99} ms, max ${m.result.latency.max} ms; RSS ${m.rssMb} MB`;
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
for (const m of targets) {
  const r = m.result;
  rows.push(
    row({
      bench: 'request',
      measure: `${m.label}: saves/s`,
      value: r.requests.average,
      unit: 'req/s',
      baseline: { label: 'echo bot req/s', value: echoRate },
      goal: '>= 0.25',
      met: r.requests.average / echoRate >= 0.25,
      note: raw(m),
    }),
    row({
      bench: 'request',
      measure: `${m.label}: p99 latency`,
      value: r.latency.p99,
      unit: 'ms',
      baseline: { label: 'p50 ms', value: r.latency.p50 },
      goal: '<= 3',
      met: r.latency.p99 <= 3 * r.latency.p50,
    }),
    row({
      bench: 'request',
      measure: `${m.label}: timeouts + errors + non-2xx + not a card`,
      value: r.timeouts + r.errors + r.non2xx + r.mismatches,
      unit: '',
      baseline: null,
      goal: '0',
      met: r.timeouts + r.errors + r.non2xx + r.mismatches === 0,
    }),
    row({
      bench: 'request',
      measure: `${m.label}: CPU per save`,
      value: m.cpuMsPerRequest,
      unit: 'ms',
      baseline: { label: 'echo bot CPU ms/req', value: echo.cpuMsPerRequest },
    }),
    row({
      bench: 'request',
      measure: `${m.label}: saves that changed the return (outbox versions)`,
      value: m.changed ?? 0,
      unit: '',
      baseline: { label: 'saves answered', value: r['2xx'] },
      goal: '= 1',
      met: m.changed === r['2xx'],
    }),
  );
}
recordBench('request', rows);
console.log(benchTable(rows));
