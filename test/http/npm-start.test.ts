import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { spawnWatched } from '../support/watched-child.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'pulse-npm-start-'));
const lockPath = join(dataDir, 'pulse.lock');
/** The process groups of the npm runs (npm, its shell, the server), so a failed test never leaves one running. */
const groups = new Set<number>();

afterAll(() => {
  for (const pgid of groups)
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone: the test passed.
    }
  rmSync(dataDir, { recursive: true, force: true });
});

const alive = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  );

/** `npm start` exactly as the README documents it, in its own data folder, stopped with `signal` once ready. */
async function startThenSignal(signal: 'SIGTERM' | 'SIGINT') {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const npm: ChildProcess = spawnWatched('npm', ['start', '--silent'], {
    env: {
      ...process.env,
      PULSE_ENV: 'none',
      PORT: String(port),
      DATA_DIR: dataDir,
      SF_SYNC_INTERVAL_MINUTES: '0',
      CYCLE_SCHEDULE: 'manual',
    },
    detached: true,
  });
  groups.add(npm.pid!);
  let output = '';
  npm.stdout!.on('data', (d) => (output += d));
  npm.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
  for (let i = 0; i < 600 && !(await alive(`${base}/readyz`)); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await alive(`${base}/readyz`), output).toBe(true);

  // A request presenting the right token but a wrong body: restify used to log the discarded response whole.
  const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
  // The admin routes listen on 127.0.0.1 at the port the server wrote beside its token.
  const adminBase = `http://127.0.0.1:${readFileSync(join(dataDir, 'admin.port'), 'utf8').trim()}`;
  for (const [path, body] of [
    ['/admin/cycle', '{"step":"nope"}'],
    ['/admin/sync', '{"full":"yes"}'],
  ] as const) {
    const refused = await fetch(`${adminBase}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pulse-admin-token': token },
      body,
    });
    expect(refused.status).toBe(400);
  }

  npm.kill(signal);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('npm did not exit'), 30_000))]);
  // The server behind npm must be gone too: no port, no lock (an orphan kept both).
  let stillServing = true;
  for (let i = 0; i < 50 && stillServing; i++) {
    stillServing = await alive(`${base}/healthz`);
    if (stillServing) await new Promise((r) => setTimeout(r, 200));
  }
  return {
    code,
    output,
    token,
    stillServing,
    lockLeft: existsSync(lockPath),
    portLeft: existsSync(join(dataDir, 'admin.port')),
  };
}

describe('npm start, the documented start command', () => {
  it('When npm start gets SIGTERM, then the server stops cleanly (port and lock released) and the admin token is in no log', async () => {
    const r = await startThenSignal('SIGTERM');
    expect(r.output).not.toContain(r.token);
    expect(r.output).not.toContain('Discarded returned value');
    expect(r.stillServing).toBe(false);
    expect(r.lockLeft).toBe(false);
    expect(r.portLeft).toBe(false);
    expect(r.output).toContain('"msg":"stopped"');
  }, 120_000);

  it('When npm start gets SIGINT (Ctrl-C), then the server stops cleanly too', async () => {
    const r = await startThenSignal('SIGINT');
    expect(r.stillServing).toBe(false);
    expect(r.lockLeft).toBe(false);
    expect(r.portLeft).toBe(false);
    expect(r.output).toContain('"msg":"stopped"');
    expect(r.output).not.toContain(r.token);
  }, 120_000);
});
