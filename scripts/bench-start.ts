import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/free-port.ts';

/**
 * `npm run bench:start [-- runs]`: cold start (spawn to the first 200 from /readyz) and resident memory of the
 * production start (`node dist/src/main.js`) against `npm start` (tsx compiling src/ on the fly), interleaved, on a
 * copy of one prepared embedded database each run (so PGlite's first-time initdb is not what is measured). Builds
 * first when dist/ is missing. Prints a table and writes it to bench/start.md; asserts nothing.
 */
const runs = Math.max(1, Number(process.argv[2] ?? 5) || 5);
const modes = {
  'npm start (tsx)': ['--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'],
  'start:prod (dist)': ['--disable-warning=DEP0111', 'dist/src/main.js'],
} as const;
type Mode = keyof typeof modes;

/** VmRSS and VmHWM (peak) of a process in MB, from /proc (Linux). */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function startOnce(mode: Mode, dataDir: string): Promise<{ ms: number; rss: number; peak: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...modes[mode]], {
    env: {
      ...process.env,
      PULSE_ENV: 'none',
      DATA_DIR: dataDir,
      PORT: String(port),
      SF_SYNC_INTERVAL_MINUTES: '0',
      CYCLE_SCHEDULE: 'manual',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    for (let i = 0; i < 6000; i++) {
      if (child.exitCode !== null) throw new Error(`${mode} exited with ${child.exitCode} before it was ready`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { ms: performance.now() - started, ...memoryMb(child.pid!) };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${mode} was not ready within two minutes`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync('dist/src/main.js') && spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0)
  process.exit(1);
const work = mkdtempSync(join(tmpdir(), 'pulse-bench-start-'));
try {
  const prepared = join(work, 'prepared');
  process.stderr.write('Preparing an embedded database (initdb and migrations, once)...\n');
  await startOnce('start:prod (dist)', prepared);
  const results: Record<Mode, { ms: number; rss: number; peak: number }[]> = {
    'npm start (tsx)': [],
    'start:prod (dist)': [],
  };
  for (let i = 0; i < runs; i++)
    for (const mode of Object.keys(modes) as Mode[]) {
      const dataDir = join(work, `run-${i}-${mode.length}`);
      cpSync(prepared, dataDir, { recursive: true });
      rmSync(join(dataDir, 'pulse.lock'), { force: true });
      results[mode].push(await startOnce(mode, dataDir));
      rmSync(dataDir, { recursive: true, force: true });
      process.stderr.write(`  run ${i + 1}/${runs} ${mode}: ${Math.round(results[mode].at(-1)!.ms)} ms\n`);
    }
  const base = median(results['npm start (tsx)'].map((r) => r.ms));
  const lines = [
    `Cold start to /readyz and memory, median of ${runs} interleaved runs (Node ${process.version}, prepared embedded database)`,
    '',
    '| start | cold start (ms) | vs npm start | RSS when ready (MB) | peak RSS (MB) |',
    '| --- | --- | --- | --- | --- |',
    ...(Object.keys(modes) as Mode[]).map((mode) => {
      const ms = median(results[mode].map((r) => r.ms));
      return `| ${mode} | ${Math.round(ms)} | ${(ms / base).toFixed(2)} | ${median(results[mode].map((r) => r.rss))} | ${median(results[mode].map((r) => r.peak))} |`;
    }),
  ];
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/start.md', `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
