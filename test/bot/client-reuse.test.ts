import { describe, expect, it } from 'vitest';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import { ClientReusingAuthentication } from '../../src/edge/bot/botbuilder/client-reusing-authentication.ts';
import { LoopbackCredentialsFactory } from '../support/loopback-credentials-factory.ts';
import { ids } from '../support/start-test-bot.ts';

// botbuilder's CloudAdapter asks its BotFrameworkAuthentication for a ConnectorFactory and a UserTokenClient on every
// turn (botbuilder-core cloudAdapterBase.processActivity); these tests hold the reusing wrapper to the real botbuilder
// classes it wraps, with no network: building a client makes no call.
const channel = 'https://smba.trafficmanager.net/emea/';
const botScope = AuthenticationConstants.ToChannelFromBotOAuthScope;

/** The URL a client sends to (protected in the typings, read here to show which client is which). */
const baseUriOf = (client: ConnectorClient) => (client as unknown as { baseUri: string }).baseUri;

const claimsFor = (appId: string) =>
  new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

function reusing(credentials = new LoopbackCredentialsFactory(ids.appId, ids.appPassword)) {
  return new ClientReusingAuthentication(
    new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: ids.appId }, credentials),
  );
}

describe('outbound clients built once per service URL', () => {
  it('When two turns reply to the same service URL, then they share one connector client, and another URL, audience or app gets its own', async () => {
    const auth = reusing();
    const first = await auth.createConnectorFactory(claimsFor(ids.appId)).create(channel, botScope);
    // A new factory, as each turn and each proactive send asks for: the client is still the one built first.
    expect(await auth.createConnectorFactory(claimsFor(ids.appId)).create(channel, botScope)).toBe(first);
    expect(baseUriOf(first)).toBe(channel);

    const americas = await auth.createConnectorFactory(claimsFor(ids.appId)).create(`${channel}amer/`, botScope);
    expect(americas).not.toBe(first);
    expect(baseUriOf(americas)).toBe(`${channel}amer/`);
    expect(await auth.createConnectorFactory(claimsFor(ids.appId)).create(channel, 'api://other')).not.toBe(first);
    // Claims of another app are not served our app's client: its credentials are refused, as the real factory's are.
    await expect(auth.createConnectorFactory(claimsFor('another-app')).create(channel, botScope)).rejects.toThrow(
      'Invalid appId',
    );
  });

  it('When turns ask for the user token client, then our app gets one, built once, and another app none of it', async () => {
    const auth = reusing();
    const client = await auth.createUserTokenClient(claimsFor(ids.appId));
    expect(await auth.createUserTokenClient(claimsFor(ids.appId))).toBe(client);
    await expect(auth.createUserTokenClient(claimsFor('another-app'))).rejects.toThrow('Invalid appId');
  });

  it('When more service URLs than the bound have been answered, then the oldest client is dropped and built anew', async () => {
    const auth = reusing();
    const factory = auth.createConnectorFactory(claimsFor(ids.appId));
    const first = await factory.create(`${channel}0/`, botScope);
    for (let i = 1; i <= 64; i++) await factory.create(`${channel}${i}/`, botScope);
    expect(await factory.create(`${channel}64/`, botScope)).toBe(await factory.create(`${channel}64/`, botScope));
    expect(await factory.create(`${channel}0/`, botScope)).not.toBe(first);
  });

  it('When the credentials cannot be made once, then that failure is not kept: the next turn builds the client', async () => {
    let failures = 1;
    const credentials = new (class extends LoopbackCredentialsFactory {
      override async createCredentials(...args: Parameters<LoopbackCredentialsFactory['createCredentials']>) {
        if (failures-- > 0) throw new Error('the token endpoint is unreachable');
        return await super.createCredentials(...args);
      }
    })(ids.appId, ids.appPassword);
    const auth = reusing(credentials);
    await expect(auth.createConnectorFactory(claimsFor(ids.appId)).create(channel, botScope)).rejects.toThrow(
      'unreachable',
    );
    const client = await auth.createConnectorFactory(claimsFor(ids.appId)).create(channel, botScope);
    expect(baseUriOf(client)).toBe(channel);
    expect(await auth.createConnectorFactory(claimsFor(ids.appId)).create(channel, botScope)).toBe(client);
  });
});
