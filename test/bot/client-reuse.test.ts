import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import { ClientReusingAuthentication } from '../../src/edge/bot/botbuilder/client-reusing-authentication.ts';
import { botbuilderSender } from '../../src/adapters/teams/teams-sender.ts';
import { TeamsStandIn } from '../../src/stand-ins/teams/teams-stand-in.ts';
import { LoopbackCredentialsFactory } from '../support/loopback-credentials-factory.ts';
import { ids } from '../support/start-test-bot.ts';

// botbuilder's CloudAdapter asks its BotFrameworkAuthentication for a connector client and a user token client on
// every request (botbuilder-core cloudAdapterBase.processActivity) and on every proactive turn (processProactive).
// These tests hold the reusing wrapper to the real botbuilder classes, with tokens signed by the Teams stand-in.
let teams: TeamsStandIn;
beforeAll(async () => {
  teams = await new TeamsStandIn({ appId: ids.appId, appPassword: ids.appPassword }).start();
});
afterAll(() => teams.stop());

/** The URL a client sends to (protected in the typings, read here to show which client is which). */
const baseUriOf = (client: ConnectorClient) => (client as unknown as { baseUri: string }).baseUri;
/** The policies of a client's HTTP pipeline, by name (the Teams sender takes the retry policies out). */
const policiesOf = (client: unknown) =>
  (client as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }).client.pipeline
    .getOrderedPolicies()
    .map((p) => p.name);

function reusing(credentials = new LoopbackCredentialsFactory(ids.appId, ids.appPassword)) {
  return new ClientReusingAuthentication(
    new ConfigurationBotFrameworkAuthentication(
      { MicrosoftAppId: ids.appId, MicrosoftAppTenantId: ids.homeTenant, ...teams.botFrameworkEndpoints },
      credentials,
    ),
  );
}

const activityAt = (serviceUrl: string) =>
  ({
    type: 'message',
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: 'a:1' },
    from: { id: '29:x' },
  }) as unknown as Activity;

/** The connector client an incoming request's turn gets, as processActivity builds it. */
async function requestClient(auth: ClientReusingAuthentication, serviceUrl = teams.url) {
  const token = await teams.channelToken({ serviceUrl });
  const result = await auth.authenticateRequest(activityAt(serviceUrl), `Bearer ${token}`);
  return result.connectorFactory!.create(serviceUrl, result.audience);
}

describe('outbound clients of incoming requests, built once', () => {
  it('When two requests come from the same service URL, then their turns share one connector client; another URL gets its own', async () => {
    const auth = reusing();
    const first = await requestClient(auth);
    expect(await requestClient(auth)).toBe(first);
    expect(baseUriOf(first)).toBe(teams.url);
    const emea = `${teams.url}emea/`;
    const other = await requestClient(auth, emea);
    expect(other).not.toBe(first);
    expect(baseUriOf(other)).toBe(emea);
  });

  it('When a client is already shared, then each request is still verified in full: a bad token is refused', async () => {
    const auth = reusing();
    await requestClient(auth);
    const forged = await teams.channelToken({ aud: '99999999-2222-4333-8444-555555555555' });
    await expect(auth.authenticateRequest(activityAt(teams.url), `Bearer ${forged}`)).rejects.toThrow();
    const expired = await teams.channelToken({ expiresInSeconds: -3600 });
    await expect(auth.authenticateRequest(activityAt(teams.url), `Bearer ${expired}`)).rejects.toThrow();
  });

  it('When turns ask for the user token client, then our app gets one, built once, and another app none of it', async () => {
    const auth = reusing();
    const claims = (appId: string) =>
      new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);
    const client = await auth.createUserTokenClient(claims(ids.appId));
    expect(await auth.createUserTokenClient(claims(ids.appId))).toBe(client);
    await expect(auth.createUserTokenClient(claims('another-app'))).rejects.toThrow('Invalid appId');
  });

  it('When more service URLs than the bound have been answered, then the oldest client is dropped and built anew', async () => {
    const auth = reusing();
    const token = await teams.channelToken();
    const { connectorFactory, audience } = await auth.authenticateRequest(activityAt(teams.url), `Bearer ${token}`);
    const first = await connectorFactory!.create(`${teams.url}0/`, audience);
    for (let i = 1; i <= 64; i++) await connectorFactory!.create(`${teams.url}${i}/`, audience);
    expect(await connectorFactory!.create(`${teams.url}64/`, audience)).toBe(
      await connectorFactory!.create(`${teams.url}64/`, audience),
    );
    expect(await connectorFactory!.create(`${teams.url}0/`, audience)).not.toBe(first);
  });

  it('When the credentials cannot be made once, then that failure is not kept: the next request builds the client', async () => {
    let failures = 1;
    const credentials = new (class extends LoopbackCredentialsFactory {
      override async createCredentials(...args: Parameters<LoopbackCredentialsFactory['createCredentials']>) {
        if (failures-- > 0) throw new Error('the token endpoint is unreachable');
        return await super.createCredentials(...args);
      }
    })(ids.appId, ids.appPassword);
    const auth = reusing(credentials);
    await expect(requestClient(auth)).rejects.toThrow('unreachable');
    const client = await requestClient(auth);
    expect(baseUriOf(client)).toBe(teams.url);
    expect(await requestClient(auth)).toBe(client);
  });
});

describe('proactive turns keep a client of their own', () => {
  it('When the Teams sender takes the retries out of its turn, then no other turn loses them: requests, rosters and later sends', async () => {
    const auth = reusing();
    const adapter = new CloudAdapter(auth);
    const reference = { serviceUrl: teams.url, conversationId: 'a:1', botId: `28:${ids.appId}` };
    const proactive = async () => {
      let seen: unknown;
      await adapter.continueConversationAsync(
        ids.appId,
        { serviceUrl: teams.url, conversation: { id: 'a:1' }, bot: { id: `28:${ids.appId}` } } as never,
        async (context: TurnContext) => {
          seen = context.turnState.get(context.adapter.ConnectorClientKey);
        },
      );
      return seen as ConnectorClient;
    };
    const incoming = await requestClient(auth);
    const roster = await proactive();
    expect(policiesOf(roster)).toContain('defaultRetryPolicy');
    // A send strips its own turn's retry policies before it posts (the post fails here: no such conversation).
    await botbuilderSender(adapter, ids.appId)
      .send({
        to: { kind: 'conversation', reference },
        activity: { type: 'message', text: 'hi' },
        threadKey: 'a:1',
        tenantId: ids.homeTenant,
      })
      .catch(() => undefined);
    const later = await proactive();
    expect(later).not.toBe(roster);
    expect(policiesOf(later)).toContain('defaultRetryPolicy');
    expect(policiesOf(roster)).toContain('defaultRetryPolicy');
    expect(await requestClient(auth)).toBe(incoming);
    expect(policiesOf(incoming)).toContain('defaultRetryPolicy');
  });
});
