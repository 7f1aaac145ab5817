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

  async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string) {
    if (appId !== this.appId) throw new Error('Invalid appId.');
    const password = this.appPassword;
    let cached: { token: string; expiresAt: number } | undefined;
    return {
      async signRequest<T extends SignableRequest>(request: T): Promise<T> {
        if (!cached || cached.expiresAt < Date.now() + 60_000) {
          const res = await fetch(`${loginEndpoint}/oauth2/v2.0/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'client_credentials',
              client_id: appId,
              client_secret: password,
              scope: `${audience ?? 'https://api.botframework.com'}/.default`,
            }),
          });
          if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
          const body = (await res.json()) as { access_token: string; expires_in: number };
          cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
        }
        request.headers.set('authorization', `Bearer ${cached.token}`);
        return request;
      },
    };
  }
}
