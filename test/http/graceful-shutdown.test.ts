import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { TeamsStandIn } from '../support/teams-stand-in.ts';
import { ids } from '../support/start-test-bot.ts';
import { spawnWatched } from '../support/watched-child.ts';

describe('npm start, then SIGTERM', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-shutdown-'));
  let child: ChildProcess | undefined;
  let teams: TeamsStandIn | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await teams?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('When SIGTERM arrives during a request, then new requests are refused, the request finishes, the database closes and the exit code is 0', async () => {
    teams = await new TeamsStandIn({ appId: ids.appId, appPassword: ids.appPassword, requireAuth: false }).start();
    const port = await freePort();
    const started = Date.now();
    child = spawnWatched(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PULSE_ENV: 'none', PORT: String(port), DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '10000' },
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      const ready = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() - started > 60_000) throw new Error(`not ready: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const member = teams.state.addMember(
      {
        id: '29:u',
        name: 'U',
        aadObjectId: 'u-oid',
        email: 'u@x.example',
        userPrincipalName: 'u@x.example',
        tenantId: ids.homeTenant,
        userRole: 'user',
      },
      { installed: true },
    );
    const chat = teams.state.personalConversation(member);
    teams.faults.push({ op: 'reply', status: 0, delayMs: 1500 });
    const activity = teams.activity(chat, member.id, { type: 'message', text: 'help' });
    const inFlight = fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');
    // While the slow request is still in flight (about a second more), new requests are refused.
    let late: number | string = 200;
    for (let i = 0; i < 18 && late === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      late = await fetch(`${base}/healthz`).then(
        (r) => r.status,
        (e: Error) => e.name,
      );
    }
    expect(late === 503 || late === 'TypeError').toBe(true);
    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    expect(teams.sentTo(chat.id)).toHaveLength(1);
    expect(output).toContain('"msg":"stopped"');
  }, 90_000);
});
