import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLeakedSecrets, registerSecret } from '../support/secret-watch.ts';
import { runWatched } from '../support/watched-child.ts';

describe('The scan of the suite for secrets in logs', () => {
  it('When a registered secret appears in recorded output, then it is reported (without printing it whole); clean output reports nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-watch-probe-'));
    try {
      writeFileSync(join(dir, 'secrets-1.txt'), `${JSON.stringify('s3cret-client-value')}\n`);
      writeFileSync(join(dir, 'logged-2.txt'), '{"msg":"connected","user":"integration"}\n');
      expect(findLeakedSecrets(dir)).toEqual([]);
      writeFileSync(join(dir, 'logged-3.txt'), '{"msg":"login failed","body":"client_secret=s3cret-client-value"}\n');
      expect(findLeakedSecrets(dir)).toEqual(['logged-3.txt: s3cret… (19 characters)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'When a child process prints a registered secret (on stderr, in two writes), then the scan of its ' +
      'output reports it; the child ran at LOG_LEVEL=debug whatever the test asked',
    async () => {
      // The probe records into a folder of its own, so the suite's own scan is not the one that fails.
      const dir = mkdtempSync(join(tmpdir(), 'pulse-watch-child-'));
      const suiteDir = process.env.PULSE_SECRET_WATCH_DIR;
      process.env.PULSE_SECRET_WATCH_DIR = dir;
      try {
        registerSecret('child-printed-client-secret');
        const script = `process.stdout.write('level=' + process.env.LOG_LEVEL + '\\n');
        process.stderr.write('{"msg":"token request","body":"client_secret=child-printed-');
        setImmediate(() => process.stderr.write('client-secret"}\\n'));`;
        const clean = await runWatched(process.execPath, ['-e', "process.stdout.write('nothing to hide\\n')"]);
        expect(clean.code).toBe(0);
        expect(findLeakedSecrets(dir)).toEqual([]);
        const leaky = await runWatched(process.execPath, ['-e', script], {
          env: { ...process.env, LOG_LEVEL: 'warn' },
        });
        expect(leaky.stdout).toBe('level=debug\n');
        expect(findLeakedSecrets(dir)).toEqual([
          expect.stringMatching(/^logged-\d+-child-\d+-stderr\.txt: child-… \(27 characters\)$/),
        ]);
      } finally {
        if (suiteDir === undefined) delete process.env.PULSE_SECRET_WATCH_DIR;
        else process.env.PULSE_SECRET_WATCH_DIR = suiteDir;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
