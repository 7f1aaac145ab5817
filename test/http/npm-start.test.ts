import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { answersOk, until } from '../support/until.ts';

let dataDir: string;
let server: ServerProcess | undefined;

afterEach(async () => {
  // npm, its shell and the server, so a failed test never leaves one running.
  await server?.kill9();
  server = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` exactly as the README documents it, in its own data folder, stopped with `signal` once ready. */
async function startThenSignal(signal: 'SIGTERM' | 'SIGINT') {
  dataDir = mkdtempSync(join(tmpdir(), 'pulse-npm-start-'));
  server = await startServerProcess(
    { SF_SYNC_INTERVAL_MINUTES: '0', CYCLE_SCHEDULE: 'manual' },
    { command: 'npm-start', dataDir },
  );

  // A request presenting the right token but a wrong body: restify used to log the discarded response whole.
  const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
  // The admin routes listen on 127.0.0.1 at the port the server wrote beside its token.
  const adminBase = server.adminUrl();
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

  const code = await server.stop(signal);
  // The server behind npm must be gone too: no port, no lock (an orphan kept both).
  const healthz = `${server.url}/healthz`;
  await until('the server behind npm to stop answering', async () => !(await answersOk(healthz)), 10_000, 200);
  return {
    code,
    output: server.output(),
    token,
    stillServing: await answersOk(healthz),
    lockLeft: existsSync(join(dataDir, 'pulse.lock')),
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
