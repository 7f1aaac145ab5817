import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/free-port.ts';
import { clearBench, recordBench, row, type BenchRow } from './bench/bench-results.ts';

/**
 * `npm run bench:cold-start [-- 3]`: starts the server on the embedded default (PGlite, local mode, the demo
 * Salesforce stand-in) and times it to a 200 from /readyz, with its RSS then and at peak: first on a fresh data
 * folder, then again on the folder that start left (existing). Each start is repeated N times (default 2) and the
 * best is kept. The baseline, measured in the same run, is a bare Node HTTP server to its first answer: what any
 * Node start costs here. The server runs as `npm start` runs it (tsx, TypeScript compiled on the fly).
 */
const runs = Number(process.argv[2] ?? process.env.BENCH_COLD_RUNS ?? 2);

function rssOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

async function start(args: string[], env: Record<string, string>, path: string) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let ready = false;
  // Bounded: 120 s, polled every 25 ms.
  for (let i = 0; i < 4800 && !ready && child.exitCode === null; i++) {
    ready = await fetch(`http://127.0.0.1:${port}${path}`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (!ready) await new Promise((r) => setTimeout(r, 25));
  }
  const seconds = (performance.now() - t0) / 1000;
  if (!ready) throw new Error(`${args.join(' ')} was not ready in 120 s (exit ${child.exitCode})`);
  const mem = rssOf(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  return { seconds, ...mem };
}

const best = <T extends { seconds: number }>(xs: T[]) => xs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

clearBench('cold-start');
const bare = [];
for (let i = 0; i < runs; i++)
  bare.push(
    await start(
      ['-e', "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')"],
      {},
      '/',
    ),
  );
const floor = best(bare);
const server = ['--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'];
const fresh = [];
const existing = [];
const dirs: string[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-cold-'));
    dirs.push(dir);
    process.stderr.write(`  start ${i + 1}/${runs} on a fresh data folder...\n`);
    fresh.push(await start(server, { DATA_DIR: dir }, '/readyz'));
    process.stderr.write(`  start ${i + 1}/${runs} on the existing data folder...\n`);
    existing.push(await start(server, { DATA_DIR: dir }, '/readyz'));
  }
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
const rows: BenchRow[] = [];
for (const [label, xs] of [
  ['fresh data folder', fresh],
  ['existing data folder', existing],
] as const) {
  const b = best(xs);
  rows.push(
    row({
      bench: 'cold-start',
      measure: `start to /readyz, ${label} (tsx)`,
      value: b.seconds,
      unit: 's',
      baseline: { label: 'bare Node HTTP server s', value: floor.seconds },
      goal: '< 2 s',
      met: b.seconds < 2,
      note: `all runs: ${xs.map((x) => x.seconds.toFixed(2)).join(', ')} s`,
    }),
    row({
      bench: 'cold-start',
      measure: `RSS at /readyz, ${label} (tsx)`,
      value: b.rssMb,
      unit: 'MB',
      baseline: { label: 'bare Node HTTP server MB', value: floor.rssMb },
      goal: '< 400 MB',
      met: b.peakMb < 400,
      note: `peak ${b.peakMb} MB`,
    }),
  );
}
recordBench('cold-start', rows);
console.log(
  '| start | seconds to /readyz | RSS (MB) | peak RSS (MB) |\n| --- | --- | --- | --- |\n' +
    [
      ['bare Node HTTP server', floor],
      ['fresh data folder', best(fresh)],
      ['existing data folder', best(existing)],
    ]
      .map(([l, x]) => {
        const v = x as { seconds: number; rssMb: number; peakMb: number };
        return `| ${l as string} | ${v.seconds.toFixed(2)} | ${v.rssMb} | ${v.peakMb} |`;
      })
      .join('\n'),
);
