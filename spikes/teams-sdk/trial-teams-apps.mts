// Teams SDK @microsoft/teams.apps 2.0.16 (latest on Node 20) hosted on restify through its IHttpServerAdapter,
// trusting the Teams stand-in via the `cloud` override and fetching outbound tokens via the `token` option.
// Run (here, after npm install): ../../node_modules/.bin/tsx trial-teams-apps.mts [allowlist]
import { App } from '@microsoft/teams.apps';
import { PUBLIC, withOverrides } from '@microsoft/teams.api';
import restify from 'restify';
import { ids, runCases, standInToken, startStandIn } from './cases.mts';

const withAllowList = process.argv.includes('allowlist');
const ctx = await startStandIn();
const { teams, alice } = ctx;

// A restify host for the SDK: the whole adapter the SDK asks for is registerRoute(method, path, handler).
const server = restify.createServer();
server.use(restify.plugins.jsonBodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
const restifyAdapter = {
  registerRoute(method: 'POST', path: string, handler: (r: { body: unknown; headers: Record<string, string | string[]> }) => Promise<{ status: number; body?: unknown }>) {
    server.post(path, async (req: any, res: any) => {
      const out = await handler({ body: req.body, headers: req.headers });
      res.send(out.status, out.body);
    });
  },
};

const ran: string[] = [];
const logs: string[] = [];
const logger: any = {
  error: (...a: unknown[]) => logs.push(`error ${a.map(String).join(' ').slice(0, 160)}`),
  warn: (...a: unknown[]) => logs.push(`warn ${a.map(String).join(' ').slice(0, 160)}`),
  info: () => {}, debug: () => {}, log: () => {}, trace: () => {},
  child() { return logger; },
};
const app = new App({
  clientId: ids.appId,
  tenantId: ids.homeTenant,
  token: standInToken(teams.url),
  serviceUrl: teams.url,
  httpServerAdapter: restifyAdapter as any,
  logger,
  cloud: withOverrides(PUBLIC, {
    openIdMetadataUrl: `${teams.url}/v1/.well-known/openidconfiguration`,
    loginEndpoint: `${teams.url}`,
    tokenServiceUrl: `${teams.url}`,
  }),
});
if (withAllowList) {
  // Our ALLOWED_TENANT_IDS check moved into SDK middleware (runs after the SDK's JWT check, before any route).
  app.use(async (c: any) => {
    const tenant = c.activity.channelData?.tenant?.id ?? c.activity.conversation?.tenantId;
    if (tenant !== ids.homeTenant) { ran.push('allowlist-refused'); return { status: 403, body: { error: { code: 'TenantNotAllowed' } } }; }
    return c.next();
  });
}
app.use(async (c: any) => { ran.push(`use:${c.activity.type}`); return c.next(); });
app.on('message', async (c: any) => { ran.push('message'); await c.send('hello from teams.apps'); });
app.on('card.action' as any, async (c: any) => { ran.push('card.action'); return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' }; });

await app.initialize();
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const endpoint = `http://127.0.0.1:${(server.address() as any).port}/api/messages`;
console.log(`teams.apps 2.0.16 on restify at ${endpoint}${withAllowList ? ' (allow-list middleware)' : ''}`);
await runCases(endpoint, ctx, ran);

// An Action.Execute invoke through app.on('card.action').
{
  ran.length = 0;
  const act = teams.activity(teams.state.personalConversation(alice), alice.id, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'x', data: {} } } });
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await teams.channelToken()}` }, body: JSON.stringify(act) });
  console.log(`invoke adaptiveCard/action -> ${res.status} handler:${ran.join(',') || 'no'} body:${(await res.text()).slice(0, 120)}`);
}
// Proactive: app.send to a stored conversation id, conversations.create, paged members.
const convId = teams.state.personalConversationId(alice.id);
for (const [name, f] of [
  ['app.send(conversationId)', () => app.send(convId, 'proactive hello')],
  ['api.conversations.create 1:1', () => app.api.conversations.create({ isGroup: false, bot: { id: `28:${ids.appId}` } as any, members: [{ id: alice.aadObjectId } as any], tenantId: ids.homeTenant, channelData: { tenant: { id: ids.homeTenant } } } as any)],
  ['api.conversations.members(...).getPaged', () => app.api.conversations.members(convId).getPaged(50)],
] as const) {
  const before = teams.received.length;
  try { const r: any = await (f as () => Promise<unknown>)(); console.log(`${name} -> ok ${JSON.stringify(r).slice(0, 100)} sent:${teams.received.length - before}`); }
  catch (e) { console.log(`${name} -> FAILED ${(e as Error).message.slice(0, 160)}`); }
}
console.log('stand-in calls:', teams.calls.map((c) => `${c.status} ${c.op}`).join(', '));
console.log('sdk log (first 12):\n  ' + logs.slice(0, 12).join('\n  '));
server.close();
await teams.stop();
