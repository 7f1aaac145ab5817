import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchDir, benchTable, readBenchParts, type BenchRow } from './bench/bench-results.ts';

/**
 * `npm run bench`: runs every benchmark in turn (each in its own process, printing its progress and its own table),
 * then prints one table of every figure with its baseline or floor measured in the same run, and writes
 * bench/results.json. A benchmark that fails is reported and the others still run; the exit code says so.
 *
 * To add a benchmark: give it an npm script `bench:<name>` whose script calls `recordBench('<name>', rows)`
 * (scripts/bench/bench-results.ts), and add it to BENCHES below.
 */
const BENCHES: { name: string; script: string }[] = [
  { name: 'scoring', script: 'bench:scoring' },
  { name: 'request', script: 'bench:request' },
  { name: 'cold-start', script: 'bench:cold-start' },
  { name: 'fanout', script: 'bench:fanout' },
  { name: 'sync', script: 'bench:sync' },
  { name: 'effort', script: 'bench:effort' },
];
// The soak runs for minutes; `BENCH_SOAK_MINUTES=10 npm run bench` includes it.
if (process.env.BENCH_SOAK_MINUTES) BENCHES.push({ name: 'soak', script: 'bench:soak' });

const only = process.argv.slice(2);
const chosen = only.length ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES;
const failures: { bench: string; exitCode: number | null; seconds: number }[] = [];
const started = Date.now();
for (const [i, b] of chosen.entries()) {
  process.stderr.write(`\n=== [${i + 1}/${chosen.length}] ${b.script} ===\n`);
  const t0 = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('npm', ['run', '--silent', b.script], { stdio: 'inherit', env: process.env });
    child.once('exit', (c) => resolve(c));
  });
  const seconds = (Date.now() - t0) / 1000;
  process.stderr.write(
    `=== ${b.script} ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${seconds.toFixed(0)} s ===\n`,
  );
  if (code !== 0) failures.push({ bench: b.name, exitCode: code, seconds });
}

const parts = readBenchParts();
const rows: BenchRow[] = chosen.flatMap((b) => parts[b.name] ?? []);
const results = {
  finishedAt: new Date().toISOString(),
  wallSeconds: (Date.now() - started) / 1000,
  machine: { cpus: cpus().length, loadAverage: loadavg(), node: process.version },
  failures,
  rows,
};
writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `\n## Partnership Pulse benchmarks (${results.finishedAt}, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})\n`,
);
console.log(benchTable(rows));
for (const f of failures)
  console.log(`\n**${f.bench} failed** (exit ${f.exitCode} after ${f.seconds.toFixed(0)} s): its rows are missing.`);
const missed = rows.filter((r) => r.met === false).length;
console.log(`\n${rows.length} figures, ${missed} goals not met; written to bench/results.json`);
if (failures.length) process.exitCode = 1;
