import { ServiceClientCredentialsFactory } from 'botframework-connector';

interface SignableRequest {
  headers: { set(name: string, value: string): void };
}

/**
 * Outbound credentials for tests: MSAL refuses an http authority, so this factory gets tokens from the stand-in's
 * token endpoint with the same client-credentials grant MSAL would use, and signs each request with them.
 * Everything else (JWT validation, connector client, retries) stays botbuilder's own.
 */
export class LoopbackCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly appPassword: string,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  /**
   * Tokens per audience, shared by every credentials object this factory makes and fetched once when several
   * requests need one at the same time: MSAL's token cache does the same for the production factory, and botbuilder
   * asks for new credentials on every turn, so a cache per credentials object would fetch a token per message.
   */
  private readonly tokens = new Map<string, Promise<{ token: string; expiresAt: number }>>();

  private token(audience: string, loginEndpoint: string): Promise<{ token: string; expiresAt: number }> {
    const key = `${loginEndpoint} ${audience}`;
    const cached = this.tokens.get(key);
    if (cached)
      return cached.then((t) =>
        t.expiresAt < Date.now() + 60_000 ? this.fetchToken(key, audience, loginEndpoint) : t,
      );
    return this.fetchToken(key, audience, loginEndpoint);
  }

  private fetchToken(key: string, audience: string, loginEndpoint: string) {
    const fetched = (async () => {
      const res = await fetch(`${loginEndpoint}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.appId,
          client_secret: this.appPassword,
          scope: `${audience}/.default`,
        }),
      });
      if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
      const body = (await res.json()) as { access_token: string; expires_in: number };
      return { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    })();
    this.tokens.set(key, fetched);
    // A failed fetch is not remembered: the next request asks again.
    fetched.catch(() => this.tokens.get(key) === fetched && this.tokens.delete(key));
    return fetched;
  }

  async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string) {
    if (appId !== this.appId) throw new Error('Invalid appId.');
    const token = () => this.token(audience ?? 'https://api.botframework.com', loginEndpoint);
    return {
      async signRequest<T extends SignableRequest>(request: T): Promise<T> {
        request.headers.set('authorization', `Bearer ${(await token()).token}`);
        return request;
      },
    };
  }
}
