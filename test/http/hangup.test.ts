import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';

// SIGHUP (a closed terminal, a supervisor's reload) killed the server by default, without draining, leaving
// admin.port behind for the tools to knock on (outside attack, second round).

const dir = mkdtempSync(join(tmpdir(), 'pulse-hangup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('A hang-up', () => {
  it('When the server gets SIGHUP, then it stops as on SIGTERM: exit code 0, admin port file and data-folder lock released', async () => {
    const server = await startServerProcess(
      { CYCLE_SCHEDULE: 'manual', SF_SYNC_INTERVAL_MINUTES: '0' },
      { dataDir: dir },
    );
    expect(existsSync(join(dir, 'admin.port'))).toBe(true);
    expect(await server.stop('SIGHUP')).toBe(0);
    expect(server.output()).toContain('"signal":"SIGHUP"');
    expect(existsSync(join(dir, 'admin.port'))).toBe(false);
    // The lock is free: the same folder starts again.
    const again = await startServerProcess(
      { CYCLE_SCHEDULE: 'manual', SF_SYNC_INTERVAL_MINUTES: '0' },
      { dataDir: dir },
    );
    expect(await again.stop()).toBe(0);
  }, 120_000);
});
