import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/free-port.ts';
import { productionStart } from './build/production-command.ts';
import { clearBench, recordBench, row, type BenchRow } from './bench/bench-results.ts';

/**
 * `npm run bench:cold-start [-- 3]`: starts the server on the embedded default (PGlite, local mode, the demo
 * Salesforce stand-in) and times it to a 200 from /readyz, with its CPU time and RSS then and at peak: first on a
 * fresh data folder, then again on the folder that start left (existing). Both starts are measured: `npm start`
 * (tsx compiling src/ on the fly) and `npm run start:prod` (the compiled build, made first by `npm run build`
 * unless BENCH_NO_BUILD is set and dist/ exists). One unmeasured start per mode first makes what an install has
 * (the pre-initialised database template). Each start is repeated N times (default 2) and the best is kept. The
 * baseline, measured in the same run, is a bare Node HTTP server to its first answer: what any Node start costs here.
 */
const runs = Number(process.argv[2] ?? process.env.BENCH_COLD_RUNS ?? 2);

function rssOf(pid: number): { rssMb: number; peakMb: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  // utime and stime (fields 14 and 15, in clock ticks of 1/100 s on Linux), counted after the command name.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024), cpuSeconds };
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
if (!process.env.BENCH_NO_BUILD || !existsSync('dist/src/main.js')) {
  process.stderr.write('  npm run build (the production start runs the compiled build)...\n');
  if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0)
    throw new Error('npm run build failed');
}
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
const production = productionStart();
const modes = {
  'npm start, tsx': ['--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'],
  'start:prod, compiled': [...production.nodeOptions, production.entry],
};
type Start = Awaited<ReturnType<typeof start>>;
const measured: { mode: string; folder: string; xs: Start[] }[] = [];
const dirs: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-cold-'));
  dirs.push(dir);
  return dir;
};
try {
  for (const [mode, args] of Object.entries(modes)) {
    process.stderr.write(`  ${mode}: one start to make what an install has (the database template)...\n`);
    await start(args, { DATA_DIR: folder() }, '/readyz');
    const fresh: Start[] = [];
    const existing: Start[] = [];
    for (let i = 0; i < runs; i++) {
      const dir = folder();
      process.stderr.write(`  ${mode}: start ${i + 1}/${runs} on a fresh data folder, then on the existing one...\n`);
      fresh.push(await start(args, { DATA_DIR: dir }, '/readyz'));
      existing.push(await start(args, { DATA_DIR: dir }, '/readyz'));
    }
    measured.push(
      { mode, folder: 'fresh data folder', xs: fresh },
      { mode, folder: 'existing data folder', xs: existing },
    );
  }
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
const rows: BenchRow[] = [];
for (const { mode, folder: label, xs } of measured) {
  const b = best(xs);
  rows.push(
    row({
      bench: 'cold-start',
      measure: `start to /readyz, ${label} (${mode})`,
      value: b.seconds,
      unit: 's',
      baseline: { label: 'bare Node HTTP server s', value: floor.seconds },
      goal: [{ of: 'value', op: '<', bound: 2 }],
      note: `all runs: ${xs.map((x) => x.seconds.toFixed(2)).join(', ')} s; CPU ${b.cpuSeconds.toFixed(2)} s (bare Node ${floor.cpuSeconds.toFixed(2)} s)`,
    }),
    row({
      bench: 'cold-start',
      measure: `CPU seconds to /readyz, ${label} (${mode})`,
      value: b.cpuSeconds,
      unit: 'CPU s',
      baseline: { label: 'bare Node HTTP server CPU s', value: floor.cpuSeconds },
      // Issue 28: the compiled start under 2 CPU-seconds, a figure that holds on a busy machine as wall time does not.
      ...(mode.startsWith('start:prod') ? { goal: [{ of: 'value', op: '<', bound: 2 }] as const } : {}),
    }),
    row({
      bench: 'cold-start',
      measure: `peak RSS up to /readyz, ${label} (${mode})`,
      value: b.peakMb,
      unit: 'MB',
      baseline: { label: 'bare Node HTTP server peak MB', value: floor.peakMb },
      goal: [{ of: 'value', op: '<', bound: 400 }],
      note: `RSS at /readyz ${b.rssMb} MB (bare Node ${floor.rssMb} MB)`,
    }),
  );
}
recordBench('cold-start', rows);
console.log(
  '| start | seconds to /readyz | CPU seconds | RSS (MB) | peak RSS (MB) |\n| --- | --- | --- | --- | --- |\n' +
    [
      { label: 'bare Node HTTP server', x: floor },
      ...measured.map((m) => ({ label: `${m.mode}, ${m.folder}`, x: best(m.xs) })),
    ]
      .map(
        ({ label, x }) =>
          `| ${label} | ${x.seconds.toFixed(2)} | ${x.cpuSeconds.toFixed(2)} | ${x.rssMb} | ${x.peakMb} |`,
      )
      .join('\n'),
);
