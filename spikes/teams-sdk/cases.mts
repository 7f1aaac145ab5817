// Shared by the trial scripts: a Teams stand-in (from ../.., unchanged) and the request cases.
import { TeamsStandIn } from '../../src/stand-ins/teams/teams-stand-in.ts';
import { makeSigningKey, unsignedToken } from '../../src/stand-ins/teams/token-issuer.ts';

export const ids = {
  appId: '11111111-2222-4333-8444-555555555555',
  appPassword: 'stand-in-secret-value',
  homeTenant: 'aaaaaaaa-0000-4000-8000-000000000001',
  otherTenant: 'cccccccc-0000-4000-8000-000000000003',
};

export async function startStandIn() {
  const teams = await new TeamsStandIn({ appId: ids.appId, appPassword: ids.appPassword, endorsements: ['msteams'] }).start();
  const alice = teams.state.addMember(
    { id: '29:alice', name: 'Alice Archer', aadObjectId: 'a1a1a1a1-0000-4000-8000-00000000a11c', email: 'alice@supplier.example', userPrincipalName: 'alice@supplier.example', tenantId: ids.homeTenant, userRole: 'user' },
    { installed: true },
  );
  const mallory = teams.state.addMember(
    { ...alice, id: '29:mallory', aadObjectId: 'e1e1e1e1-0000-4000-8000-00000000e11e', tenantId: ids.otherTenant },
    { installed: true },
  );
  return { teams, alice, mallory };
}

/** A token function for the SDK's `token` credential option: client-credentials grant against the stand-in. */
export function standInToken(teamsUrl: string) {
  return async (scope: string | string[]) => {
    const res = await fetch(`${teamsUrl}/botframework.com/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ids.appId, client_secret: ids.appPassword, scope: String(scope) }),
    });
    if (!res.ok) throw new Error(`stand-in token endpoint answered ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  };
}

type Ctx = Awaited<ReturnType<typeof startStandIn>>;
export interface Case { name: string; body: () => Promise<unknown>; auth: () => Promise<string | null> }

export function cases({ teams, alice, mallory }: Ctx): Case[] {
  const help = (over: Record<string, unknown> = {}) => ({ ...teams.activity(teams.state.personalConversation(alice), alice.id, { type: 'message', text: 'help' }), ...over });
  const valid = async () => `Bearer ${await teams.channelToken()}`;
  const b = (f: () => unknown) => async () => f();
  return [
    { name: 'a  no Authorization header', body: b(help), auth: async () => null },
    { name: 'b  signed by a key the metadata does not publish', body: b(help), auth: async () => `Bearer ${await teams.channelToken({ key: await makeSigningKey('channel-key-1') })}` },
    { name: 'c  valid stand-in token', body: b(help), auth: valid },
    { name: 'd  valid token, tenant not allow-listed', body: b(() => teams.activity(teams.state.personalConversation(mallory), mallory.id, { type: 'message', text: 'help' })), auth: valid },
    { name: 'd2 valid token, no tenant at all', body: b(() => { const a = help() as any; delete a.channelData; a.conversation = { ...a.conversation, tenantId: undefined }; return a; }), auth: valid },
    { name: 'e1 malformed body {type,text} + valid token', body: b(() => ({ type: 'message', text: 'help' })), auth: valid },
    { name: 'e2 NUL character in text + valid token', body: b(() => help({ text: 'he\u0000lp' })), auth: valid },
    { name: 'e3 body is a JSON string + valid token', body: b(() => 'not an activity'), auth: valid },
    { name: 'f1 alg none', body: b(help), auth: async () => `Bearer ${unsignedToken({ iss: 'https://api.botframework.com', aud: ids.appId, serviceurl: teams.url, exp: Math.floor(Date.now() / 1000) + 600 })}` },
    { name: 'f2 expired an hour ago', body: b(help), auth: async () => `Bearer ${await teams.channelToken({ expiresInSeconds: -3600 })}` },
    { name: 'f3 audience is another app', body: b(help), auth: async () => `Bearer ${await teams.channelToken({ aud: '99999999-2222-4333-8444-555555555555' })}` },
    { name: 'f4 issuer not the Bot Framework', body: b(help), auth: async () => `Bearer ${await teams.channelToken({ iss: 'https://evil.example.com' })}` },
    { name: 'f5 serviceurl claim != activity.serviceUrl', body: b(help), auth: async () => `Bearer ${await teams.channelToken({ serviceUrl: 'https://smba.trafficmanager.net/evil/' })}` },
    { name: 'f6 msteams-endorsed key, channelId webchat', body: b(() => help({ channelId: 'webchat' })), auth: valid },
    { name: 'f7 valid token, activity without serviceUrl', body: b(() => { const a = help() as any; delete a.serviceUrl; return a; }), auth: async () => `Bearer ${await teams.channelToken({ serviceUrl: 'https://smba.trafficmanager.net/evil/' })}` },
  ];
}

/** Posts every case to `endpoint`; `ran` is the list the handlers push to. Prints one line per case. */
export async function runCases(endpoint: string, ctx: Ctx, ran: string[], only?: string[]) {
  const rows: string[] = [];
  for (const c of cases(ctx)) {
    if (only && !only.some((o) => c.name.startsWith(o))) continue;
    ran.length = 0;
    const sentBefore = ctx.teams.received.length;
    const auth = await c.auth();
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify(await c.body()),
      signal: AbortSignal.timeout(20_000),
    }).catch((e) => ({ status: `ERR ${(e as Error).message}`, text: async () => '' }) as any);
    const text = String(await res.text()).slice(0, 80).replace(/\s+/g, ' ');
    await new Promise((r) => setTimeout(r, 150));
    rows.push(`${c.name.padEnd(48)} -> ${String(res.status).padEnd(4)} handler:${ran.length ? ran.join(',') : 'no'}  sent:${ctx.teams.received.length - sentBefore}  body:${text}`);
  }
  console.log(rows.join('\n'));
}
