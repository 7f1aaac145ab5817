import { afterAll, describe, expect, it } from 'vitest';
import { TeamsStandIn } from '../support/teams-stand-in.ts';
import { ids } from '../support/start-test-bot.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { until } from '../support/until.ts';

describe('npm start, then SIGTERM', () => {
  let server: ServerProcess | undefined;
  let teams: TeamsStandIn | undefined;
  afterAll(async () => {
    await server?.kill9();
    await teams?.stop();
  });

  it('When SIGTERM arrives during a request, then new requests are refused, the request finishes, the database closes and the exit code is 0', async () => {
    teams = await new TeamsStandIn({ appId: ids.appId, appPassword: ids.appPassword, requireAuth: false }).start();
    server = await startServerProcess({ SHUTDOWN_TIMEOUT_MS: '10000' });
    const base = server.url;
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
    let inFlightDone = false;
    const settled = () => {
      inFlightDone = true;
    };
    inFlight.then(settled, settled);
    // The stand-in takes the fault as the reply reaches it: from then on the request waits on its slow answer.
    await until('the reply to reach Teams', () => teams!.faults.length === 0);
    const stopped = server.stop('SIGTERM');
    // While the slow request is still in flight (about a second more), new requests are refused.
    let late = 200 as number | string;
    await until(
      'new requests to be refused',
      async () => {
        late = await fetch(`${base}/healthz`).then(
          (r) => r.status,
          (e: Error) => e.name,
        );
        return late !== 200;
      },
      10_000,
      50,
    );
    expect(late === 503 || late === 'TypeError').toBe(true);
    expect(inFlightDone, 'refused while the slow request was still in flight').toBe(false);
    expect((await inFlight).status).toBe(200);
    expect(await stopped).toBe(0);
    expect(teams.sentTo(chat.id)).toHaveLength(1);
    expect(server.output()).toContain('"msg":"stopped"');
  }, 90_000);
});
