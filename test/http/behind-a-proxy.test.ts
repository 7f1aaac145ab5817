import { request } from 'node:http';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeMember, ids, startTestBot, type TestBot } from '../support/start-test-bot.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { NGINX, type NginxProxy, type ProxyHeaders, startNginx } from '../support/nginx-proxy.ts';
import { unsignedToken } from '../../src/stand-ins/teams/token-issuer.ts';
import { createServer } from '../../src/edge/http/create-server.ts';
import { captureLogs } from '../support/capture-logs.ts';

// Issue 24, defects 1 to 3, behind a real reverse proxy on the same host (Debian's nginx, as docs/ADMIN.md sets it
// up): nginx connects from 127.0.0.1 for every caller on the internet, so "loopback" says nothing about the caller,
// and every caller shares nginx's address unless TRUSTED_PROXIES names it.

if (!existsSync(NGINX) && process.env.CI) throw new Error('nginx is missing: .ci/run installs Debian nginx-light');

/** One raw request through the proxy from `from` (127.0.0.x: another client on this machine). */
function send(
  port: number,
  method: string,
  path: string,
  options: { from?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers };
    const req = request(
      { host: '127.0.0.1', port, method, path, headers, localAddress: options.from ?? '127.0.0.1', agent: false },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const junk = '{"not":"an activity"}';
const NONCE = 'n'.repeat(20);

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await openTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

/** The bot in Teams mode behind nginx; Teams' own calls (the stand-in's `deliver`) go through the proxy too. */
async function botBehindNginx(env: Record<string, string>, headers: ProxyHeaders = 'forwarded') {
  const bot = await startTestBot(tdb.db, { env: { RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_MINUTE: '1', ...env } });
  const port = Number(new URL(bot.teams.botEndpoint).port);
  const proxy = await startNginx(port, headers);
  bot.teams.botEndpoint = `${proxy.url}/api/messages`;
  return { bot, proxy };
}

const running: { bot: TestBot; proxy: NginxProxy }[] = [];

/** The bot behind nginx (no TRUSTED_PROXIES) with Alice, who has the app, and her 'help' message. */
async function aliceBehindNginx() {
  const setup = await botBehindNginx({});
  running.push(setup);
  const { bot } = setup;
  const alice = bot.teams.state.addMember(
    homeMember('29:alice', 'Alice Archer', 'a1a1a1a1-0000-4000-8000-00000000a11c'),
    {
      installed: true,
    },
  );
  const help = bot.teams.activity(bot.teams.state.personalConversation(alice), alice.id, {
    type: 'message',
    text: 'help',
  });
  return { ...setup, alice, help };
}
afterAll(async () => {
  for (const { bot, proxy } of running) {
    await proxy.stop();
    await bot.stop();
  }
});

describe.skipIf(!existsSync(NGINX))('Behind a reverse proxy on the same host (nginx)', () => {
  for (const headers of ['forwarded', 'bare'] as const)
    it(
      `When the internet calls the admin routes and /metrics through nginx ` +
        `(${headers === 'bare' ? 'adding no headers' : 'with X-Forwarded-For'}), then none of them answers: ` +
        `no admin route on the public port, /metrics needs METRICS_TOKEN`,
      async () => {
        const setup = await botBehindNginx({ RATE_LIMIT_PER_MINUTE: '0' }, headers);
        running.push(setup);
        const { proxy } = setup;
        const got = [];
        for (const path of [
          `/admin/hello?nonce=${NONCE}`,
          `/%61dmin/hello?nonce=${NONCE}`,
          `/adm%69n/hello?nonce=${NONCE}`,
        ])
          got.push((await send(proxy.port, 'GET', path)).status);
        for (const path of ['/admin/sync', '/%61dmin/privacy'])
          got.push(
            (await send(proxy.port, 'POST', path, { body: '{not json', headers: { 'x-pulse-admin-token': 'guess' } }))
              .status,
          );
        const metrics = await send(proxy.port, 'GET', '/metrics');
        expect(got).toEqual([404, 404, 404, 404, 404]);
        expect(metrics.status).toBe(403);
        expect(metrics.text).not.toContain('pulse_');
        // The probes still answer through the proxy.
        expect((await send(proxy.port, 'GET', '/readyz')).status).toBe(200);
      },
    );

  it(
    'When a proxy is pointed at the admin port by mistake, then its forwarded requests are refused there ' +
      '(421), while the tools on this machine are served',
    async () => {
      const refused = () => Promise.reject(new Error('an admin handler ran'));
      const server = createServer({
        log: captureLogs().log,
        receiveActivity: async () => ({ status: 200 }),
        notReadyReason: async () => undefined,
        admin: {
          token: 'behind-a-proxy-admin-token',
          syncNow: refused,
          runCycleStep: refused,
          privacy: refused,
          buildReport: refused,
        },
      });
      await server.listen(0, '127.0.0.1');
      const adminPort = server.adminAddress?.port ?? 0;
      const proxy = await startNginx(adminPort, 'forwarded');
      running.push({ bot: { stop: () => server.close(1000) } as TestBot, proxy });
      expect((await send(proxy.port, 'GET', `/admin/hello?nonce=${NONCE}`)).status).toBe(421);
      expect((await send(proxy.port, 'GET', '/metrics')).status).toBe(421);
      expect((await send(adminPort, 'GET', `/admin/hello?nonce=${NONCE}`)).status).toBe(200);
      expect((await send(adminPort, 'GET', '/metrics')).status).toBe(200);
    },
  );

  it(
    "When junk from one client drains the bucket of nginx's address (no TRUSTED_PROXIES), then Teams' " +
      'signed activities and the health probes are still served',
    async () => {
      const { bot, proxy, alice, help } = await aliceBehindNginx();
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await send(proxy.port, 'POST', '/api/messages', { from: '127.0.0.2', body: junk })).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
      // Everyone behind nginx shares its bucket: another client is refused too...
      expect((await send(proxy.port, 'POST', '/api/messages', { from: '127.0.0.3', body: junk })).status).toBe(429);
      // ...but not Teams: a signed activity is verified and served.
      expect((await bot.teams.deliver(help)).status).toBe(200);
      expect(bot.teams.sentTo(bot.teams.state.personalConversationId(alice.id))).toHaveLength(1);
      // A forged token shaped for this bot (a signature that is not one) goes on to verification, fails it (401) and
      // changes nothing.
      const forged = `${unsignedToken({ aud: ids.appId, exp: Math.floor(Date.now() / 1000) + 600 })}c2ln`;
      expect((await bot.teams.deliver(help, `Bearer ${forged}`)).status).toBe(401);
      expect(bot.teams.sentTo(bot.teams.state.personalConversationId(alice.id))).toHaveLength(1);
      // A token for another app, or an expired one, is no pass.
      const other = `${unsignedToken({ aud: ids.otherTenant, exp: Math.floor(Date.now() / 1000) + 600 })}c2ln`;
      const expired = `${unsignedToken({ aud: ids.appId, exp: Math.floor(Date.now() / 1000) - 600 })}c2ln`;
      expect((await bot.teams.deliver(help, `Bearer ${other}`)).status).toBe(429);
      expect((await bot.teams.deliver(help, `Bearer ${expired}`)).status).toBe(429);
      for (let i = 0; i < 5; i++) {
        expect((await send(proxy.port, 'GET', '/readyz', { from: '127.0.0.2' })).status).toBe(200);
        expect((await send(proxy.port, 'GET', '/healthz', { from: '127.0.0.2' })).status).toBe(200);
      }
    },
  );

  it(
    'When forged tokens shaped for this bot (its app id is public) keep coming, then they are limited ' +
      'too, while a token Teams already proved is always served',
    async () => {
      const { bot, proxy, alice, help } = await aliceBehindNginx();
      const teamsToken = `Bearer ${await bot.teams.channelToken()}`;
      expect((await bot.teams.deliver(help, teamsToken)).status).toBe(200);
      for (let i = 0; i < 4; i++) await send(proxy.port, 'POST', '/api/messages', { from: '127.0.0.2', body: junk });
      const forged = `Bearer ${unsignedToken({ aud: ids.appId, exp: Math.floor(Date.now() / 1000) + 600 })}c2ln`;
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await bot.teams.deliver(help, forged)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // Both buckets of nginx's address are empty; the token Teams already presented and had verified still passes.
      expect((await bot.teams.deliver(help, teamsToken)).status).toBe(200);
      expect(bot.teams.sentTo(bot.teams.state.personalConversationId(alice.id))).toHaveLength(2);
    },
  );

  it(
    'When TRUSTED_PROXIES names nginx, then each client behind it has its own bucket, and a client ' +
      'cannot pick its bucket with its own X-Forwarded-For',
    async () => {
      const setup = await botBehindNginx({ TRUSTED_PROXIES: '127.0.0.1' });
      running.push(setup);
      const { proxy } = setup;
      const statuses = [];
      // The spoofed header changes every time; nginx appends the address it saw, which is the one counted.
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await send(proxy.port, 'POST', '/api/messages', {
              from: '127.0.0.2',
              body: junk,
              headers: { 'x-forwarded-for': `203.0.113.${i}` },
            })
          ).status,
        );
      expect(statuses).toEqual([400, 400, 400, 429]);
      expect((await send(proxy.port, 'POST', '/api/messages', { from: '127.0.0.3', body: junk })).status).toBe(400);
    },
  );
});
