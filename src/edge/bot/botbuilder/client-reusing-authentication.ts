import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  ConnectorFactory,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

/** How many clients of each kind are kept: one per service URL and audience in practice, a handful per bot. */
const MAX_CLIENTS = 64;

/**
 * Keeps `made` under `key` in a bounded map (when full, the entry stored first makes room). A creation that fails
 * (credentials unavailable) is dropped, so the next turn tries again.
 */
function remember<V>(cache: Map<string, Promise<V>>, key: string, made: Promise<V>): Promise<V> {
  if (cache.size >= MAX_CLIENTS) cache.delete(cache.keys().next().value as string);
  cache.set(key, made);
  made.catch(() => {
    if (cache.get(key) === made) cache.delete(key);
  });
  return made;
}

/** The bot's own app id in verified claims, read as botbuilder reads it (the audience, else the appid claim). */
const appIdOf = (claims: ClaimsIdentity) =>
  claims.getClaimValue(AuthenticationConstants.AudienceClaim) ??
  claims.getClaimValue(AuthenticationConstants.AppIdClaim) ??
  '';

/**
 * botbuilder's authentication, unchanged for every check, that reuses the clients it builds for incoming requests.
 * CloudAdapter builds a new ConnectorClient and UserTokenClient (each an HTTP pipeline of a dozen policies) on every
 * request, even an invoke that only answers in its HTTP response: about a tenth of a card save's CPU. A client is
 * stateless between calls and its credentials cache their own token, so one per (app id, service URL, audience)
 * serves every incoming turn, as botbuilder's older BotFrameworkAdapter kept them. Every request is still verified
 * in full by the wrapped authentication; only what is built after the verification is reused.
 *
 * Proactive turns (`continueConversationAsync`, through `createConnectorFactory`) still get a client of their own:
 * the Teams sender takes the retry policies out of its turn's client (a send is not idempotent), which must not
 * reach a shared client, nor the roster reads that count on those retries. A reused client is never changed.
 */
export class ClientReusingAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return this.withReusedClients(result);
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    return this.withReusedClients(result);
  }

  /** A proactive turn's factory, as botbuilder makes it: each client it builds is that turn's own. */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(claimsIdentity);
    const client = this.userTokenClients.get(key);
    if (client) return client;
    return remember(this.userTokenClients, key, this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private withReusedClients(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const factory = result.connectorFactory;
    return factory ? { ...result, connectorFactory: this.reusing(result.claimsIdentity, factory) } : result;
  }

  /** `factory`, made for this app id, answering each service URL and audience with the client it made first. */
  private reusing(claimsIdentity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    const connectors = this.connectors;
    return new (class extends ConnectorFactory {
      override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = JSON.stringify([appId, serviceUrl, audience ?? null]);
        const client = connectors.get(key);
        if (client) return client;
        return remember(connectors, key, factory.create(serviceUrl, audience));
      }
    })();
  }
}
