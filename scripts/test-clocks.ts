/**
 * `npm run test:clocks`: the date-sensitive suites again, with the whole process tree's clock moved to awkward
 * instants and the machine's time zone changed, so a test that reads today's date or assumes UTC fails here even
 * when it passes on the day it was written. Debian's libfaketime moves the clock (`apt-get install faketime`); it is
 * given an offset from the real time, so every child process (servers, stand-ins) shares the moved clock. The pure
 * suites run under every instant; the suites with servers and databases each under one (`clockShare`), so the
 * whole costs about two runs of them, not five.
 *
 * Options: `--only N` runs one instant (1-based) with every date-sensitive suite; `--postgres` also runs the flows on
 * PostgreSQL under the first instant (TEST_DATABASE_KIND=postgres, with TEST_DATABASE_URL), and the one-clock suites
 * are dealt to the other four.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  MOVED_CLOCKS,
  DATE_SENSITIVE_TESTS,
  EVERY_CLOCK_TESTS,
  FLOW_TESTS,
  clockShare,
  type MovedClock,
} from './test/moved-clocks.ts';

const { values } = parseArgs({ options: { only: { type: 'string' }, postgres: { type: 'boolean', default: false } } });

const faketime = spawnSync('faketime', ['-f', '+0', 'true']);
if (faketime.error || faketime.status !== 0) {
  process.stderr.write('npm run test:clocks needs faketime: apt-get install faketime (Debian), then run it again.\n');
  process.exit(2);
}

interface Run {
  name: string;
  clock: MovedClock;
  files: readonly string[];
  env: Record<string, string>;
}

const picked = values.only ? [MOVED_CLOCKS[Number(values.only) - 1]] : MOVED_CLOCKS;
if (picked.some((c) => !c)) {
  process.stderr.write(`--only takes 1 to ${MOVED_CLOCKS.length}\n`);
  process.exit(2);
}
// With --postgres the first instant runs the flows on PostgreSQL, so the one-clock suites go to the other four.
const dealtTo = MOVED_CLOCKS.map((_, i) => i).filter((i) => !(values.postgres && i === 0));
const runs: Run[] = (picked as MovedClock[]).map((clock) => ({
  name: clock.name,
  clock,
  files: values.only
    ? DATE_SENSITIVE_TESTS
    : [...EVERY_CLOCK_TESTS, ...clockShare(MOVED_CLOCKS.indexOf(clock), dealtTo)],
  env: {},
}));
if (values.postgres) {
  if (!process.env.TEST_DATABASE_URL) {
    process.stderr.write('--postgres needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)\n');
    process.exit(2);
  }
  // The flows on PostgreSQL replace the first instant's PGlite run: the same clock, the other database.
  runs[0] = {
    ...runs[0]!,
    name: `${runs[0]!.name}, flows on PostgreSQL`,
    files: [...FLOW_TESTS, ...EVERY_CLOCK_TESTS],
    env: { TEST_DATABASE_KIND: 'postgres' },
  };
}

const results: { name: string; seconds: number; ok: boolean }[] = [];
for (const [i, run] of runs.entries()) {
  // The offset is taken just before the run starts, so the run begins at the instant and moves on from it.
  const offsetSeconds = Math.round((Date.parse(run.clock.utc) - Date.now()) / 1000);
  process.stdout.write(`\n[${i + 1}/${runs.length}] Clock at ${run.clock.local} ${run.clock.tz}: ${run.name}\n`);
  const started = performance.now();
  const child = spawnSync(
    'faketime',
    ['-m', '-f', `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`, 'npx', 'vitest', 'run', ...run.files],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        ...run.env,
        TZ: run.clock.tz,
        // Timers and elapsed-time measurements keep the real monotonic clock; only the calendar moves.
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
        PULSE_MOVED_CLOCK: `${run.clock.local} ${run.clock.tz}`,
      },
    },
  );
  results.push({ name: run.name, seconds: (performance.now() - started) / 1000, ok: child.status === 0 });
}

process.stdout.write('\nMoved clocks:\n');
for (const r of results)
  process.stdout.write(`  ${r.ok ? 'passed' : 'FAILED'}  ${r.seconds.toFixed(0).padStart(4)} s  ${r.name}\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
