import { postgresAvailable } from '../support/test-database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsStandIn } from '../support/teams-stand-in.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';
import { ids } from '../support/start-test-bot.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { until } from '../support/until.ts';
import { openPostgresDatabase } from '../../src/adapters/store/postgres-database.ts';
import type { Database } from '../../src/adapters/store/database.ts';

// PostgreSQL restarted (or the network to it cut) under load. Restarting the shared test server is not safe, so a
// loopback TCP proxy between the app and PostgreSQL resets every connection and refuses new ones for a while, as a
// restart does (clients see their connections terminated, then refused until the server is back). Each request is
// an app installation, which the server must store: answered 200 means stored; anything else, Teams was told.
const url = process.env.TEST_DATABASE_URL;
const USERS = 60;

describe.runIf(postgresAvailable())('Chaos: the database goes away under load', () => {
  let teams: TeamsStandIn;
  let proxy: TcpProxy;
  let server: ServerProcess;
  let db: Database;
  let admin: Database;
  const schema = `t_cut_${process.pid}_${Date.now().toString(36)}`;
  const members: Member[] = [];

  beforeAll(async () => {
    teams = await new TeamsStandIn({ appId: ids.appId, appPassword: ids.appPassword, requireAuth: false }).start();
    for (let i = 0; i < USERS; i++)
      members.push(
        teams.state.addMember(
          {
            id: `29:cut${i}`,
            name: `User ${i}`,
            aadObjectId: `aad-cut-${i}`,
            email: `cut${i}@supplier.example`,
            userPrincipalName: `cut${i}@supplier.example`,
            tenantId: ids.homeTenant,
            userRole: 'user',
          },
          { installed: true },
        ),
      );
    admin = openPostgresDatabase(url!, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    db = openPostgresDatabase(url!, { schema, max: 1 });
    const target = new URL(url!);
    proxy = await new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }).start();
    const viaProxy = new URL(url!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    viaProxy.searchParams.set('options', `-c search_path=${schema}`);
    server = await startServerProcess({
      DATABASE_URL: viaProxy.toString(),
      TEAMS_SERVICE_URL: teams.url,
      CYCLE_SCHEDULE: 'manual',
    });
  }, 90_000);
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    await proxy?.stop();
    await db?.close();
    await admin?.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.close();
    await teams?.stop();
  }, 30_000);

  const install = async (m: Member): Promise<number | string> => {
    const activity = teams.activity(teams.state.personalConversation(m), m.id, {
      type: 'installationUpdate',
      action: 'add',
    });
    try {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(20_000),
      });
      await res.text();
      return res.status;
    } catch (error) {
      return (error as Error).name; // no answer at all: what must never happen
    }
  };
  const stored = async () =>
    new Set(
      (await db.query<{ user_id: string }>("SELECT user_id FROM installations WHERE scope = 'personal'")).map(
        (r) => r.user_id,
      ),
    );

  it('When every database connection is reset and refused for two seconds under load, then each request ' +
    'is stored or answered with an error, and the app reconnects by itself', async () => {
    const outcomes = new Map<string, number | string>();
    let cutAt = 0;
    const load = (async () => {
      // Four at a time, like a busy tenant: the cut lands while requests are in flight.
      const queue = [...members];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let m = queue.shift(); m; m = queue.shift()) {
            outcomes.set(m.id, await install(m));
            await new Promise((r) => setTimeout(r, 40));
          }
        }),
      );
    })();
    await until('twelve installs answered', () => outcomes.size >= 12, 60_000);
    cutAt = outcomes.size;
    proxy.cut();
    await new Promise((r) => setTimeout(r, 2_000));
    proxy.restore();
    await load;

    const answers = [...outcomes.values()];
    expect(answers.filter((a) => typeof a === 'string')).toEqual([]); // every caller got an answer
    const failed = [...outcomes].filter(([, status]) => status !== 200).map(([id]) => id);
    expect(failed.length, 'the cut must hit some requests').toBeGreaterThan(0);
    expect(failed.every((id) => [5].includes(Math.floor(Number(outcomes.get(id)) / 100)))).toBe(true);
    expect(proxy.stats.refused, `cut after ${cutAt} requests`).toBeGreaterThan(0);
    // Answered 200 means stored: nothing was acknowledged and then lost.
    const inDb = await stored();
    const acknowledged = [...outcomes].filter(([, status]) => status === 200).map(([id]) => id);
    expect(acknowledged.filter((id) => !inDb.has(id))).toEqual([]);

    // Reconnected without a restart: ready again, and what failed goes through when sent again (Teams' retry).
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    for (const id of failed) expect(await install(members.find((m) => m.id === id)!)).toBe(200);
    expect((await stored()).size).toBe(USERS);
  }, 90_000);
});
