import { PINNED_AT } from '../support/test-clock.ts';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { startLocalEntra } from '../support/local-entra.ts';
import { openDemoDatabase, startTabApp } from '../support/start-tab-app.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';
import { seedDemoRound } from '../../src/app/demo/seed-demo-round.ts';
import { TAB_FRAME_ANCESTORS } from '../../src/edge/http/tab-page.ts';

// The tab API in Teams mode: every /api/tab/ call carries a Teams SSO token (authentication.getAuthToken), checked
// as https://learn.microsoftonline.com/microsoftteams/platform/tabs/how-to/authentication/tab-sso-code describes:
// signature (JWKS), issuer of the token's tenant (v2.0 and v1), audience (webApplicationInfo.resource or the
// client id), expiry. Keys come from a local JWKS on loopback.
const TAB_APP_ID = '0f4c1b2a-3d5e-4f60-8a7b-9c0d1e2f3a4b';
const TAB_DOMAIN = 'pulse.supplier.example';
const RESOURCE = `api://${TAB_DOMAIN}/${TAB_APP_ID}`;
const SHARED = '19:northwind-shared@thread.tacv2';

let entra: Awaited<ReturnType<typeof startLocalEntra>>;
let demo: Awaited<ReturnType<typeof openDemoDatabase>>;
let tab: Awaited<ReturnType<typeof startTabApp>>;
let northwind: string;
let marcos: string;

const dana = {
  tid: ids.homeTenant,
  oid: 'oid-dana',
  preferred_username: 'dana.whitfield@pulse-demo.example',
  name: 'Dana Whitfield',
};
const sam = {
  tid: ids.homeTenant,
  oid: 'oid-sam',
  preferred_username: 'sam.okafor@pulse-demo.example',
  name: 'Sam Okafor',
};
const client = {
  tid: ids.clientTenant,
  oid: 'oid-avery',
  preferred_username: 'avery@northwind.example',
  name: 'Avery Brooks',
};

async function get(path: string, token?: string) {
  const res = await fetch(`${tab.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  entra = await startLocalEntra();
  demo = await openDemoDatabase();
  northwind = await demo.accountId('Northwind Logistics');
  const [m] = await demo.db.query<{ id: string }>(
    `SELECT a.id FROM sf_accounts a JOIN sf_users u ON u.id = a.owner_id WHERE a.is_key AND u.email = 'marco.rossi@pulse-demo.example' LIMIT 1`,
  );
  marcos = m!.id;
  // The shared channel as `link` stores it: Teams mode's tab reads the stored shared-channel links.
  await channelLinksStore(demo.db).linkShared({
    channelId: SHARED,
    teamId: '19:accounts@thread.tacv2',
    tenantId: ids.homeTenant,
    accountId: northwind,
    clientTenantIds: [ids.clientTenant],
    linkedBy: '29:dana',
    linkedAt: new Date(PINNED_AT),
  });
  tab = await startTabApp(demo, {
    MicrosoftAppId: ids.appId,
    MicrosoftAppPassword: ids.appPassword,
    MicrosoftAppTenantId: ids.homeTenant,
    ALLOWED_TENANT_IDS: ids.homeTenant,
    AAD_APP_CLIENT_ID: TAB_APP_ID,
    TAB_DOMAIN,
    TAB_SSO_JWKS_URL: entra.jwksUrl,
  });
  // The demo org is synced and its history added first: slow on a loaded machine.
}, 180_000);
afterAll(async () => {
  await tab?.stop();
  await entra?.stop();
  await demo?.close();
});

describe('Tab API sign-in (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When no token is sent, then 401 tells the user to open the tab in Teams', async () => {
    const r = await get('/api/tab/portfolio');
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'NoToken', message: expect.stringContaining('Microsoft Teams') });
  });

  it('When the token has expired, then 401 says so', async () => {
    const token = await entra.sign(dana, { aud: RESOURCE, exp: Math.floor(Date.now() / 1000) - 600 });
    const r = await get('/api/tab/portfolio', token);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('TokenExpired');
  });

  it('When the token is for another audience, then 401', async () => {
    const token = await entra.sign(dana, { aud: 'api://other.example/11111111-1111-4111-8111-111111111111' });
    const r = await get('/api/tab/portfolio', token);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('WrongAudience');
  });

  it("When the issuer is not the token's own tenant, then 401", async () => {
    const token = await entra.sign(dana, {
      aud: RESOURCE,
      iss: `https://login.microsoftonline.com/${ids.otherTenant}/v2.0`,
    });
    const r = await get('/api/tab/portfolio', token);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('BadIssuer');
  });

  it('When the token is signed by a key not in the JWKS, or is not a JWT at all, then 401', async () => {
    const forged = await entra.sign(dana, { aud: RESOURCE, key: 'stranger' });
    expect((await get('/api/tab/portfolio', forged)).body.error.code).toBe('BadToken');
    expect((await get('/api/tab/portfolio', 'not-a-token')).status).toBe(401);
    const [h, p] = forged.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    expect((await get('/api/tab/portfolio', unsigned)).status).toBe(401);
    expect(h).toBeTruthy();
  });

  it('When a v1 token (sts.windows.net issuer, the client id as audience) is valid, then it is accepted', async () => {
    const token = await entra.sign(
      { ...dana, preferred_username: undefined, upn: dana.preferred_username },
      { aud: TAB_APP_ID, iss: `https://sts.windows.net/${ids.homeTenant}/` },
    );
    expect((await get('/api/tab/portfolio', token)).status).toBe(200);
  });
});

describe('Tab API views (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it("When Dana asks for her portfolio, then she gets her own key accounts with this month's measures", async () => {
    const r = await get('/api/tab/portfolio', await entra.sign(dana, { aud: RESOURCE }));
    expect(r.status).toBe(200);
    expect(r.body.viewerName).toBe('Dana Whitfield');
    expect(r.body.rows.map((x: { ownerName: string }) => x.ownerName)).toEqual(
      Array(r.body.rows.length).fill('Dana Whitfield'),
    );
    expect(r.body.rows.map((x: { accountName: string }) => x.accountName)).toContain('Northwind Logistics');
    // The amount and its currency (the demo org's, read at sync); the page formats them as every surface does.
    for (const row of r.body.rows) expect(row).toMatchObject({ revenueAtStake: expect.any(Number), currency: 'GBP' });
  });

  it("When Sam (the account managers' sales director) asks, then he sees his team's accounts too", async () => {
    const r = await get('/api/tab/portfolio', await entra.sign(sam, { aud: RESOURCE }));
    const owners = new Set(r.body.rows.map((x: { ownerName: string }) => x.ownerName));
    expect(owners).toEqual(new Set(['Dana Whitfield', 'Marco Rossi', 'Priya Natarajan', 'Lena Hoffmann']));
  });

  it("When Dana opens Northwind's history, then twelve months come back with months without a return as null, never zero", async () => {
    const r = await get(`/api/tab/accounts/${northwind}`, await entra.sign(dana, { aud: RESOURCE }));
    expect(r.status).toBe(200);
    expect(r.body.months).toHaveLength(12);
    const noReturn = r.body.months.filter((m: { returnStatus: string }) => m.returnStatus === 'none');
    expect(noReturn.length).toBeGreaterThan(0);
    for (const m of noReturn) expect(m.clientManHours).toBeNull();
    // The demo follows the seed example: 0.5, 1, 2 client man-hours, each month developing after the first.
    const answered = r.body.months.filter((m: { returnStatus: string }) => m.returnStatus === 'submitted');
    expect(answered.map((m: { clientManHours: number }) => m.clientManHours).slice(0, 3)).toEqual([0.5, 1, 2]);
    expect(answered.slice(1, 3).map((m: { developing: boolean }) => m.developing)).toEqual([true, true]);
  });

  it("When Dana asks for an account of Marco's, then 403 names the rule", async () => {
    const r = await get(`/api/tab/accounts/${marcos}`, await entra.sign(dana, { aud: RESOURCE }));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('NotOnAccountTeam');
  });

  it('When someone of our tenant has no Salesforce user, then 403 says why', async () => {
    const stranger = {
      tid: ids.homeTenant,
      oid: 'x',
      preferred_username: 'nobody@pulse-demo.example',
      name: 'No Body',
    };
    const r = await get('/api/tab/portfolio', await entra.sign(stranger, { aud: RESOURCE }));
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('nobody@pulse-demo.example');
  });

  it('When a client user signs in from their tenant, then the internal pages refuse them', async () => {
    const token = await entra.sign(client, { aud: RESOURCE });
    expect((await get('/api/tab/portfolio', token)).status).toBe(403);
    expect((await get(`/api/tab/accounts/${northwind}`, token)).status).toBe(403);
  });

  it('When a user of a third tenant asks for the joint view, then 403', async () => {
    const token = await entra.sign({ ...client, tid: ids.otherTenant }, { aud: RESOURCE });
    const r = await get(`/api/tab/channels/${encodeURIComponent(SHARED)}/joint`, token);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('NotClientTenant');
  });

  // The joint view is for the channel's members (test/tab/joint-view-members.test.ts, with the Teams stand-in's rosters).
  it("When the channel's roster cannot be read (this server's app is in no team), then the joint view is a 503 saying so", async () => {
    for (const who of [client, dana, sam]) {
      const r = await get(
        `/api/tab/channels/${encodeURIComponent(SHARED)}/joint`,
        await entra.sign(who, { aud: RESOURCE }),
      );
      expect({ who: who.name, status: r.status, code: r.body.error?.code }).toEqual({
        who: who.name,
        status: 503,
        code: 'ROSTER_UNAVAILABLE',
      });
      expect(r.body.error.message).toContain('could not check who is in this channel');
    }
  });

  it('When the address is malformed (prototype keys, NUL, over-long), then 400 and nothing runs', async () => {
    const token = await entra.sign(dana, { aud: RESOURCE });
    for (const bad of ['__proto__', 'constructor', '001%00AAAAAAAAAAAAAA', '001000000000008AA%0A'])
      expect({ bad, status: (await get(`/api/tab/accounts/${bad}`, token)).status }).toEqual({ bad, status: 400 });
    expect((await get(`/api/tab/channels/${'x'.repeat(60)}%00/joint`, token)).status).toBe(400);
    // restify's router answers 404 itself for a path parameter over 100 characters: no handler runs either way.
    expect((await get(`/api/tab/accounts/${'A'.repeat(300)}`, token)).status).toBe(404);
    expect((await get('/api/tab/channels/19%3Aunknown%40thread.tacv2/joint', token)).status).toBe(404);
  });
});

describe('Tab pages (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When Teams loads a tab page, then Teams and Microsoft 365 may frame it, scripts are our own, and nothing is sniffed', async () => {
    for (const path of ['/tab', '/tab/portfolio', '/tab/configure', `/tab/account/${northwind}`, '/tab/shared']) {
      const res = await fetch(`${tab.url}${path}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/frame-ancestors [^;]*https:\/\/teams\.microsoft\.com/);
      for (const host of TAB_FRAME_ANCESTORS) expect(csp).toContain(host);
      expect(csp).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await res.text();
      expect(html).toContain('"mode":"teams"');
      expect(html).not.toContain('previewUsers');
    }
    const js = await fetch(`${tab.url}/tab/assets/main.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(js.headers.get('content-type')).toContain('javascript');
    // The chunks main.js imports are asked for beside it (modulepreload), each served: no second round trip after
    // main.js is parsed. TeamsJS's chunk, loaded only inside Teams, is not among them.
    const html = await (await fetch(`${tab.url}/tab/portfolio`)).text();
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]!);
    const main = await js.text();
    expect(preloaded.length).toBeGreaterThan(0);
    for (const chunk of preloaded) {
      expect(main).toContain(`"./${chunk.slice('/tab/assets/'.length)}"`);
      const served = await fetch(`${tab.url}${chunk}`);
      expect({ chunk, status: served.status }).toEqual({
        chunk: expect.not.stringContaining('teams-host'),
        status: 200,
      });
    }
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${tab.url}/tab/assets/..%2Fpackage.json`)).status).toBe(400); // an encoded / is refused before routing (normalise-path.ts)
  });

  it("When the manifest's tab URLs are opened, then each is served, and webApplicationInfo names the audience the API accepts", async () => {
    const manifest = readFileSync(new URL('../../appPackage/manifest.json', import.meta.url), 'utf8');
    const paths = [...manifest.matchAll(/"\$\{\{TAB_ENDPOINT\}\}(\/[^"]*)"/g)].map((m) =>
      m[1]!.replace('{theme}', 'dark').replace('{locale}', 'en-gb'),
    );
    expect(paths).toEqual(expect.arrayContaining(['/tab/portfolio?theme=dark&locale=en-gb', '/tab/configure']));
    for (const path of paths)
      expect({ path, status: (await fetch(`${tab.url}${path}`)).status }).toEqual({ path, status: 200 });
    expect(manifest).toContain('"resource": "api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}"');
    expect(manifest).toMatch(/"validDomains": \[[^\]]*"\$\{\{TAB_DOMAIN\}\}"/);
  });

  it('When Teams mode receives the local preview header, then it is ignored and a token is still required', async () => {
    const res = await fetch(`${tab.url}/api/tab/portfolio`, { headers: { 'X-Pulse-Preview-User': 'dana' } });
    expect(res.status).toBe(401);
  });

  it("When a round has closed, then Northwind's history shows its ratings and the irritant backlog (title, status, side; no one's name)", async () => {
    await seedDemoRound(demo.db, new Date(PINNED_AT));
    const r = await get(`/api/tab/accounts/${northwind}`, await entra.sign(dana, { aud: RESOURCE }));
    expect(r.status).toBe(200);
    expect(r.body.ratingRounds).toHaveLength(1);
    expect(r.body.ratingRounds[0].round).toMatch(/^\d{4}-\d{2}$/);
    expect(r.body.ratingRounds[0].elements.length).toBeGreaterThan(0);
    expect(r.body.irritants).toEqual([
      {
        title: 'Support tickets wait days for a first answer',
        element: expect.any(String),
        status: 'open',
        raisedBy: 'client',
      },
    ]);
  });
});
