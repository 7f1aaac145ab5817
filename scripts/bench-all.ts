import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchDir, benchTable, readBenchParts, type BenchRow } from './bench/bench-results.ts';
import { benchOutcome, verdict } from './bench/bench-goal.ts';

/**
 * `npm run bench [-- --quick] [-- request fanout ...]`: runs every benchmark in turn (each in its own process,
 * printing its progress and its own table), then prints one table of every figure with its baseline or floor
 * measured in the same run, its goal and whether it was met, and writes bench/results.json. A benchmark that fails
 * is reported and the others still run. Exits 1 when a benchmark failed or left no figures, or any figure missed its
 * goal (`benchOutcome`). `--quick` runs each at a smaller size (QUICK below says what it skips).
 *
 * To add a benchmark: give it an npm script `bench:<name>` whose script calls `clearBench('<name>')` first and
 * `recordBench('<name>', rows)` at the end (scripts/bench/bench-results.ts), give each figure held to a goal its
 * `goal` as conditions (scripts/bench/bench-goal.ts), and add it to BENCHES below.
 */
interface Bench {
  name: string;
  script: string;
  /** Arguments and environment of the full run; `quick` those of `--quick`. */
  args?: string[];
  env?: Record<string, string>;
  quick?: { args?: string[]; env?: Record<string, string> };
}
const BENCHES: Bench[] = [
  { name: 'scoring', script: 'bench:scoring', quick: { args: ['2000'] } },
  { name: 'request', script: 'bench:request', quick: { env: { BENCH_SECONDS: '6' } } },
  { name: 'cold-start', script: 'bench:cold-start', quick: { args: ['1'], env: { BENCH_NO_BUILD: '1' } } },
  { name: 'fanout', script: 'bench:fanout', quick: { args: ['1000'] } },
  { name: 'sync', script: 'bench:sync', quick: { args: ['2000'] } },
  { name: 'effort', script: 'bench:effort' },
  { name: 'tab', script: 'bench:tab', quick: { args: ['2'] } },
  { name: 'calendars', script: 'bench:calendars', quick: { args: ['200'] } },
];
/**
 * What `--quick` leaves out: 2,000 scorecards instead of 10,000; 6 s of load per request-path target instead of 20;
 * one start of each kind instead of two, reusing dist/ when it is there (no rebuild); 1,000 prompts instead of
 * 5,000 (the floor is then 20 s); the 2,000-account sync only (not 20,000); 2 tab runs instead of 9; 200 calendars
 * instead of 1,000.
 */
const quick = process.argv.includes('--quick');
// The soak runs for minutes; `BENCH_SOAK_MINUTES=10 npm run bench` includes it.
if (process.env.BENCH_SOAK_MINUTES) BENCHES.push({ name: 'soak', script: 'bench:soak' });

const only = process.argv.slice(2).filter((a) => a !== '--quick');
const chosen = only.length ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES;
const failures: { bench: string; exitCode: number | null; seconds: number }[] = [];
const started = Date.now();
const loadAtStart = loadavg();
for (const [i, b] of chosen.entries()) {
  process.stderr.write(`\n=== [${i + 1}/${chosen.length}] ${b.script}${quick ? ' (quick)' : ''} ===\n`);
  const t0 = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    const args = (quick ? b.quick?.args : b.args) ?? [];
    const env = { ...process.env, ...((quick ? b.quick?.env : b.env) ?? {}) };
    const child = spawn('npm', ['run', '--silent', b.script, ...(args.length ? ['--', ...args] : [])], {
      stdio: 'inherit',
      env,
    });
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
  quick,
  machine: { cpus: cpus().length, loadAverage: loadavg(), loadAverageAtStart: loadAtStart, node: process.version },
  failures,
  rows,
};
writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `\n## Partnership Pulse benchmarks (${results.finishedAt}, ${cpus().length} cores, load average ${loadAtStart[0]!.toFixed(1)} at the start, ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the end)\n`,
);
console.log(benchTable(rows));
const missed = rows.filter((r) => verdict(r) === 'missed').length;
console.log(
  `\n${rows.length} figures, ${missed} goals not met, in ${(results.wallSeconds / 60).toFixed(1)} ` +
    `min${quick ? ' (--quick)' : ''}; written to bench/results.json`,
);
const outcome = benchOutcome(
  chosen.map((b) => b.name),
  failures.map((f) => f.bench),
  rows,
);
for (const reason of outcome.reasons) console.log(`- **${reason}**`);
process.exitCode = outcome.exitCode;
