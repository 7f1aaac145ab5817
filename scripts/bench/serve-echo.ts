import { createInterface } from 'node:readline';
import restify from 'restify';
import { ActivityTypes, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { TeamsStandIn } from '../../src/stand-ins/teams/teams-stand-in.ts';
import { LoopbackCredentialsFactory } from '../../test/support/loopback-credentials-factory.ts';
import { benchIds } from './bench-ids.ts';

/**
 * The request-path baseline: the smallest botbuilder bot on restify (botbuilder's own CloudAdapter.process, the
 * same JWT validation against the same kind of stand-in) answering an `adaptiveCard/action` invoke with a card
 * that echoes the verb. Prints one JSON line (url, token), then answers "stats" on stdin with its CPU time and RSS.
 */
const teams = await new TeamsStandIn({ appId: benchIds.appId, appPassword: benchIds.appPassword }).start();
const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: benchIds.appId, MicrosoftAppTenantId: benchIds.tenant, ...teams.botFrameworkEndpoints },
    new LoopbackCredentialsFactory(benchIds.appId, benchIds.appPassword),
  ),
);
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    const a = context.activity;
    if (a.type !== ActivityTypes.Invoke || a.name !== 'adaptiveCard/action') return;
    const verb = String((a.value as { action?: { verb?: unknown } }).action?.verb ?? '');
    const card = CardFactory.adaptiveCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: `You pressed ${verb}`, wrap: true }],
    });
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: { statusCode: 200, type: card.contentType, value: card.content } },
    });
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;
process.stdout.write(
  `${JSON.stringify({
    url: `http://127.0.0.1:${port}/api/messages`,
    serviceUrl: teams.url,
    token: await teams.channelToken({ expiresInSeconds: 4 * 3600 }),
  })}\n`,
);
process.once('SIGTERM', () => {
  server.close();
  void teams.stop().then(() => process.exit(0));
});
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'stats') continue;
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) })}\n`,
  );
}
