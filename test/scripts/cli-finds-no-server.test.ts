/**
 * A command-line tool whose server it cannot reach, while something holds the embedded database: it must not open
 * the database (two openers corrupt PGlite: PLATFORM.md), and it says where it looked for the server and what to do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../src/adapters/store/data-dir-lock.ts';
import { runWatched } from '../support/watched-child.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pulse-cli-no-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('A CLI that finds no server answering', () => {
  it('When the data folder is held and no admin port answers, then it exits 1 naming the lock, the port file and the fix', async () => {
    const release = acquireDataDirLock(dir);
    try {
      const run = await runWatched(process.execPath, ['--import', 'tsx', 'scripts/cycle.ts', 'open', '--dry-run'], {
        cwd: root,
        timeoutMs: 60_000,
        env: { ...process.env, PULSE_ENV: 'local', DATA_DIR: dir },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`already open in process ${process.pid}`);
      expect(run.stderr).toContain(`${dir}/admin.port`);
      expect(run.stderr).toContain('run this command with the same DATA_DIR');
    } finally {
      release();
    }
  });
});
