import autocannon from 'autocannon';
import { CARD, saveGenerator, serve, stats, stop } from './bench/pulse-load.ts';
import { clearBench, recordBench, row } from './bench/bench-results.ts';

/**
 * `npm run bench:soak [-- minutes]` (default 10; or BENCH_SOAK_MINUTES): the app in its own process on the
 * embedded default (DATABASE_URL for PostgreSQL) takes `return.save` invokes at a steady BENCH_SOAK_RATE per second
 * (default 20) from 10 connections. Every 10 s its RSS and event-loop delay (p99, max) are sampled. Reports the
 * growth: the last minute's RSS against the first minute's, and the same for the event-loop delay. Not a CI test.
 */
const minutes = Number(process.argv[2] ?? process.env.BENCH_SOAK_MINUTES ?? 10);
const rate = Number(process.env.BENCH_SOAK_RATE ?? 20);
const managers = 200;
clearBench('soak');
process.stderr.write(`Soak: ${minutes} min at ${rate} saves/s...\n`);
const s = await serve('scripts/bench/serve-pulse.ts', {
  MANAGERS: String(managers),
  DATABASE_URL: process.env.DATABASE_URL ?? '',
});
const samples: { at: number; rssMb: number; loopDelayP99Ms: number; loopDelayMaxMs: number }[] = [];
try {
  const body = await saveGenerator(s.info, managers);
  await stats(s);
  const t0 = Date.now();
  // The sample in flight, awaited before the server stops (else its answer never comes and the run fails at the end).
  let sampling: Promise<void> = Promise.resolve();
  const sampler = setInterval(() => {
    sampling = stats(s).then((x) => {
      samples.push({
        at: (Date.now() - t0) / 1000,
        rssMb: x.rssMb,
        loopDelayP99Ms: x.loopDelayP99Ms ?? 0,
        loopDelayMaxMs: x.loopDelayMaxMs ?? 0,
      });
      const last = samples.at(-1)!;
      if (samples.length % 3 === 0)
        process.stderr.write(
          `  ${last.at.toFixed(0)} s: RSS ${last.rssMb} MB, loop delay p99 ${last.loopDelayP99Ms.toFixed(1)} ms\n`,
        );
    });
  }, 10_000);
  const result = await autocannon({
    url: s.info.url,
    connections: 10,
    overallRate: rate,
    duration: minutes * 60,
    timeout: 10,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.info.token}` },
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body() }) }],
    verifyBody: (b) => b.includes(CARD),
  });
  clearInterval(sampler);
  await sampling;
  const window = Math.max(1, Math.min(6, Math.floor(samples.length / 3)));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const first = samples.slice(0, window);
  const last = samples.slice(-window);
  const firstRss = mean(first.map((x) => x.rssMb));
  const lastRss = mean(last.map((x) => x.rssMb));
  const firstDelay = mean(first.map((x) => x.loopDelayP99Ms));
  const lastDelay = mean(last.map((x) => x.loopDelayP99Ms));
  const failed = result.errors + result.non2xx + result.mismatches;
  const rows = [
    row({
      bench: 'soak',
      measure: `RSS after ${minutes} min at ${rate} saves/s`,
      value: lastRss,
      unit: 'MB',
      baseline: { label: 'first minute MB', value: firstRss },
      note: `growth ${(lastRss - firstRss).toFixed(0)} MB (${((lastRss - firstRss) / Math.max(1, minutes - 1)).toFixed(1)} MB/min); ${samples.length} samples`,
    }),
    row({
      bench: 'soak',
      measure: 'event-loop delay p99, last minute',
      value: lastDelay,
      unit: 'ms',
      baseline: { label: 'first minute ms', value: firstDelay },
      note: `max ${Math.max(...samples.map((x) => x.loopDelayMaxMs)).toFixed(0)} ms`,
    }),
    row({
      bench: 'soak',
      measure: 'saves answered',
      value: result['2xx'],
      unit: '',
      baseline: { label: 'asked (rate x duration)', value: rate * minutes * 60 },
      note: `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    }),
    row({
      bench: 'soak',
      measure: 'saves failed (errors + non-2xx + not a card)',
      value: failed,
      unit: '',
      baseline: null,
      goal: [{ of: 'value', op: '=', bound: 0 }],
      note: `${result.timeouts} timeouts`,
    }),
  ];
  recordBench('soak', rows);
  console.log(
    `| minute | RSS (MB) | loop delay p99 (ms) |\n| --- | --- | --- |\n${samples
      .filter((_, i) => i % 6 === 5)
      .map((x) => `| ${(x.at / 60).toFixed(0)} | ${x.rssMb} | ${x.loopDelayP99Ms.toFixed(1)} |`)
      .join('\n')}`,
  );
  for (const r of rows) console.log(`${r.measure}: ${r.value.toFixed(1)} ${r.unit} (${r.note})`);
} finally {
  await stop(s);
}
