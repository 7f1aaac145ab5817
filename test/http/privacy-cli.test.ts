import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TeamsStandIn } from '../support/teams-stand-in.ts';
import { ids } from '../support/start-test-bot.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { registerSecret } from '../support/secret-watch.ts';
import { runWatched } from '../support/watched-child.ts';
import { readAdminToken } from '../../src/edge/http/admin-token.ts';

const aad = '7e57e57e-0000-4000-8000-00000000c0de';

async function privacy(args: string[], server: { dataDir: string; port: number }) {
  const { code, stdout, stderr } = await runWatched(
    process.execPath,
    ['--import', 'tsx', '--disable-warning=DEP0111', 'scripts/privacy.ts', ...args],
    { env: { ...process.env, PULSE_ENV: 'none', DATA_DIR: server.dataDir, PORT: String(server.port) } },
  );
  return { code, out: stdout, err: stderr };
}

describe('npm run privacy', () => {
  let teams: TeamsStandIn;
  let server: ServerProcess | undefined;
  let dataDir: string;
  // A server of its own for each test: the last one stops it, and none depends on what another did.
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pulse-privacy-'));
    teams = await new TeamsStandIn({ appId: ids.appId, appPassword: ids.appPassword, requireAuth: false }).start();
    server = await startServerProcess({ TEAMS_SERVICE_URL: teams.url }, { dataDir });
  }, 90_000);
  afterEach(async () => {
    await server?.stop();
    await teams.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('When a person installed the app, then export through the server lists them, erase removes them, and a second export finds nothing', async () => {
    const member = teams.state.addMember(
      {
        id: '29:privacy',
        name: 'Pat Private',
        aadObjectId: aad,
        email: 'pat@supplier.example',
        userPrincipalName: 'pat@supplier.example',
        tenantId: ids.homeTenant,
        userRole: 'user',
      },
      { installed: true },
    );
    const install = teams.activity(teams.state.personalConversation(member), member.id, {
      type: 'installationUpdate',
      action: 'add',
    });
    const res = await fetch(`${server!.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(install),
    });
    expect(res.status).toBe(200);

    const exported = await privacy(['export', '--user', aad], server!);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.err).not.toContain('No server is running');
    const data = JSON.parse(exported.out) as { data: Record<string, { rows: Record<string, unknown>[] }> };
    expect(data.data.teamsUsers!.rows).toMatchObject([{ id: '29:privacy', name: 'Pat Private' }]);
    expect(data.data.installations!.rows).toMatchObject([{ user_id: '29:privacy', scope: 'personal' }]);
    expect(exported.err).toContain('teamsUsers 1');

    const erased = await privacy(['erase', '--user', aad], server!);
    expect(erased.code, erased.err).toBe(0);
    expect(erased.err).toMatch(/Erased the data of .*installations 1, .*teamsUsers 1/);
    const again = await privacy(['erase', '--user', aad], server!);
    expect(again.err).toContain('Nothing held about');
  }, 60_000);

  it('When the user is not an Entra object id or the action is unknown, then it stops with the usage and changes nothing', async () => {
    const bad = await privacy(['erase', '--user', 'pat@supplier.example'], server!);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('must be an Entra object id');
    expect(bad.err).toContain('Usage: npm run privacy -- export|erase --user <Entra object id> | --address <e-mail>');
    expect((await privacy(['forget', '--user', aad], server!)).code).toBe(2);
    // The route checks the body itself (zod, strict), whoever calls it with the token.
    const token = readAdminToken(server!.dataDir)!;
    registerSecret(token);
    for (const body of [
      { action: 'erase', aadObjectId: "x' OR 1=1 --" },
      { action: 'erase', aadObjectId: aad, all: true },
    ]) {
      const res = await fetch(`${server!.adminUrl()}/admin/privacy`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pulse-admin-token': token },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BadArgument');
    }
  }, 30_000);

  it('When someone known only by e-mail asks, then --address goes through the server; a bad address or both flags stop with the usage', async () => {
    const erased = await privacy(['erase', '--address', 'J.Doe@Client.example'], server!);
    expect(erased.code, erased.err).toBe(0);
    expect(erased.err).toContain('No meeting names j.doe@client.example (check the spelling)');
    const exported = await privacy(['export', '--address', 'j.doe@client.example'], server!);
    expect(JSON.parse(exported.out)).toMatchObject({
      address: 'j.doe@client.example',
      data: { calendarAttendee: { rows: [] } },
    });
    for (const args of [
      ['erase', '--address', 'j.doe@client'],
      ['erase', '--address', 'j.doe@client.example.'],
      ['erase', '--address', 'j.doe@client\u200b.example'],
      ['erase', '--address', 'j.doe@client.example\u0007'],
      ['erase', '--address', 'j.doe@client.example', '--user', aad],
    ]) {
      const bad = await privacy(args, server!);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.err).toContain('--address <e-mail>');
    }
    const token = readAdminToken(server!.dataDir)!;
    registerSecret(token);
    for (const body of [
      { action: 'erase', address: 'x@y.example', aadObjectId: aad },
      { action: 'erase', address: 'x@y.example\u0000' },
      { action: 'erase', address: { constructor: 'x@y.example' } },
    ]) {
      const res = await fetch(`${server!.adminUrl()}/admin/privacy`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pulse-admin-token': token },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  }, 60_000);

  it('When no server runs, then the export works in-process and --out writes a file only the operator can read', async () => {
    expect(await server!.stop()).toBe(0);
    const target = { dataDir, port: server!.port };
    server = undefined;
    const file = join(dataDir, 'export.json');
    const result = await privacy(['export', '--user', aad, '--out', file], target);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain('No server is running');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const data = JSON.parse(readFileSync(file, 'utf8')) as { aadObjectId: string; data: Record<string, unknown> };
    expect(data.aadObjectId).toBe(aad);
    expect(Object.keys(data.data)).toEqual([
      'installations',
      'monthlyReturns',
      'cyclePrompts',
      'channelLinks',
      'ratingRounds',
      'ratings',
      'actionOwners',
      'calendarMeetings',
      'calendarReads',
      'teamsUsers',
    ]);
  }, 60_000);
});
