import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { startServerProcess } from '../support/server-process.ts';
import { runWatched } from '../support/watched-child.ts';
import { until } from '../support/until.ts';

async function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const { code, output } = await runWatched(
    process.execPath,
    ['--import', 'tsx', '--disable-warning=DEP0111', ...args],
    {
      env: { ...process.env, PULSE_ENV: 'none', ...env },
    },
  );
  return { code, out: output };
}

describe('npm run sync', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pulse-sync-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('When no server runs, then it syncs the demo org in-process and prints the summary', async () => {
    const port = String(await freePort());
    const { code, out } = await run(['scripts/sync.ts'], { DATA_DIR: dataDir, PORT: port });
    expect(code).toBe(0);
    expect(out).toContain('No server is running: syncing in this process.');
    expect(out).toMatch(/Incremental sync finished in [\d.]+ s/);
    expect(out).toMatch(/Account\s+12\s+0/);
    expect(out).toMatch(/API calls: \d+ this run; org limit: \d+\/100000 used today, \d+ remaining/);
  }, 60_000);

  it('When the server runs, then it syncs through the server (which alone opens the database); a wrong token is refused', async () => {
    const server = await startServerProcess({ SF_SYNC_INTERVAL_MINUTES: '0' }, { dataDir });
    const port = String(server.port);
    try {
      // The server syncs once as it starts: until that sync is done, the server answers that one is running.
      let r = { code: null as number | null, out: '' };
      await until(
        () => `the sync through the server to run (last: exit ${r.code}, ${r.out.slice(-300)})`,
        async () => {
          r = await run(['scripts/sync.ts', '--full'], { DATA_DIR: dataDir, PORT: port });
          return !r.out.includes('A sync is already running');
        },
        60_000,
        500,
      );
      const { code, out } = r;
      expect(code, out).toBe(0);
      expect(out).not.toContain('No server is running');
      expect(out).toMatch(/Full sync finished/);
      const adminPort = readFileSync(join(dataDir, 'admin.port'), 'utf8').trim();
      const refused = await fetch(`http://127.0.0.1:${adminPort}/admin/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pulse-admin-token': 'guess' },
        body: '{}',
      });
      expect(refused.status).toBe(401);
      const bad = await run(['scripts/sync.ts', '--fast'], { DATA_DIR: dataDir, PORT: port });
      expect(bad.code).toBe(2);
      expect(bad.out).toContain('Usage: npm run sync -- [--full] [--dry-run]');
    } finally {
      await server.stop();
    }
  }, 90_000);
});
