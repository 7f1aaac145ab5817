import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../scripts/cli/parse-cli-args.ts';
import { runWatched } from '../support/watched-child.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a script with tsx and returns its exit code and stderr (it must fail before touching any data). */
const runScript = (script: string, args: string[]) =>
  runWatched(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    timeoutMs: 60_000,
    env: { ...process.env, PULSE_ENV: 'local' },
  });

describe('Scripts parse their arguments strictly', () => {
  const options = { full: { type: 'boolean' }, period: { type: 'string' } } as const;

  it('When the flags are known, then their values come back', () => {
    expect(parseCliArgs(['--full', '--period', '2026-05'], options)).toMatchObject({
      values: { full: true, period: '2026-05' },
    });
  });

  it('When a flag is mistyped, lacks its value or a stray word is given, then it is an error, never ignored', () => {
    expect(parseCliArgs(['--ful'], options)).toMatchObject({ error: expect.stringContaining("'--ful'") });
    expect(parseCliArgs(['--period'], options)).toMatchObject({ error: expect.stringContaining('--period') });
    expect(parseCliArgs(['full'], options)).toMatchObject({ error: expect.stringContaining('full') });
    expect(parseCliArgs(['--__proto__'], options)).toHaveProperty('error');
  });

  it('When npm run sync, cycle or report gets a mistyped flag, then it exits 2 with the usage and does nothing', async () => {
    for (const [script, args] of [
      ['scripts/sync.ts', ['--dryrun']],
      ['scripts/cycle.ts', ['open', '--dry_run']],
      ['scripts/report.ts', ['--account', '001000000000001AAA', '--from', '2026-01', '--to', '2026-02', '--intrnal']],
    ] as const) {
      const { code, stderr } = await runScript(script, [...args]);
      expect(code, script).toBe(2);
      expect(stderr, script).toMatch(/Unknown option/);
      expect(stderr, script).toMatch(/Usage: npm run/);
    }
  });
});
