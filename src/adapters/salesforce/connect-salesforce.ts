import { systemClock } from '../../core/domain/clock.ts';
import type jsforce from 'jsforce';
import { importPKCS8, SignJWT } from 'jose';
import { z } from 'zod';
import type { SalesforceSettings } from '../../platform/config/config.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { SalesforceError } from './salesforce-errors.ts';

type Connection = InstanceType<typeof jsforce.Connection>;

/** What the token endpoint must answer; jsforce needs instance_url and id. */
const tokenResponse = z
  .object({ access_token: z.string().min(1), instance_url: z.string().url(), id: z.string().url() })
  .loose();

/** Stops jsforce's unbounded refresh-on-401 loop: after `maxRefreshes` refreshes with no successful call between, it opens. */
export class RefreshBreaker {
  private sinceSuccess = 0;
  private openUntil = 0;
  constructor(
    private readonly maxRefreshes = 3,
    private readonly openMs = 60_000,
  ) {}

  /** Called before each refresh; throws when the circuit is open (timed on the monotonic clock). */
  beforeRefresh(): void {
    if (performance.now() < this.openUntil)
      throw new SalesforceError(
        'AUTH_CIRCUIT_OPEN',
        'Salesforce keeps refusing fresh sessions; circuit open',
        true,
        this.openUntil - performance.now(),
      );
    this.sinceSuccess += 1;
    if (this.sinceSuccess > this.maxRefreshes) {
      this.openUntil = performance.now() + this.openMs;
      this.sinceSuccess = 0;
      throw new SalesforceError(
        'AUTH_CIRCUIT_OPEN',
        `Salesforce refused ${this.maxRefreshes} fresh sessions in a row (circuit open for ` +
          `${this.openMs / 1000} s): check the integration user's permission set and the connected app's ` +
          `policies`,
        true,
        this.openMs,
      );
    }
  }

  /** Called after any successful API call. */
  success(): void {
    this.sinceSuccess = 0;
  }
}

/** The token request of the configured server-to-server flow (JWT bearer or client credentials). */
async function requestToken(c: NonNullable<SalesforceSettings['connection']>): Promise<z.infer<typeof tokenResponse>> {
  const params = new URLSearchParams();
  if (c.flow === 'jwt') {
    const audience = /test\.salesforce\.com|\.sandbox\./.test(c.loginUrl)
      ? 'https://test.salesforce.com'
      : /^https:\/\//.test(c.loginUrl)
        ? 'https://login.salesforce.com'
        : c.loginUrl;
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(c.clientId)
      .setSubject(c.username)
      .setAudience(audience)
      .setExpirationTime(Math.floor(systemClock().getTime() / 1000) + 180)
      .sign(await importPKCS8(c.privateKeyPem, 'RS256'));
    params.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    params.set('assertion', assertion);
  } else {
    params.set('grant_type', 'client_credentials');
    params.set('client_id', c.clientId);
    params.set('client_secret', c.clientSecret);
  }
  let res: Response;
  try {
    res = await fetch(`${c.loginUrl.replace(/\/$/, '')}/services/oauth2/token`, {
      method: 'POST',
      body: params,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new SalesforceError(
      'NETWORK',
      `Salesforce token endpoint unreachable: ${(error as Error).message}`,
      true,
      undefined,
      { cause: error },
    );
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const retryable = res.status >= 500;
    throw new SalesforceError(
      retryable ? 'UNAVAILABLE' : 'AUTH_FAILED',
      `Salesforce refused the ${c.flow} token request: ${String(body.error ?? res.status)} ${String(body.error_description ?? '')}`.trim(),
      retryable,
    );
  }
  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success)
    throw new SalesforceError('AUTH_FAILED', 'Salesforce token response lacks access_token, instance_url or id', false);
  return parsed.data;
}

/** A connected jsforce Connection with the API version set and a refresh that re-runs the flow, behind a breaker. */
export async function connectSalesforce(
  settings: SalesforceSettings & { connection: NonNullable<SalesforceSettings['connection']> },
  log: Logger,
) {
  const breaker = new RefreshBreaker();
  const c = settings.connection;
  // jsforce is loaded here, not with this module: the server starts answering Teams while Salesforce connects.
  const [{ default: jsforceModule }, first] = await Promise.all([import('jsforce'), requestToken(c)]);
  const conn: Connection = new jsforceModule.Connection({
    instanceUrl: first.instance_url,
    accessToken: first.access_token,
    version: settings.apiVersion,
    maxRequest: 4,
    refreshFn: (_conn, callback) => {
      (async () => {
        breaker.beforeRefresh();
        log.info({ flow: c.flow }, 'refreshing the Salesforce session');
        const t = await requestToken(c);
        return t;
      })().then(
        (t) => callback(null, t.access_token, t as never),
        (error: Error) => callback(error),
      );
    },
  });
  log.info(
    { instanceUrl: first.instance_url, apiVersion: settings.apiVersion, flow: c.flow },
    'connected to Salesforce',
  );
  return { conn, breaker };
}

/** The jsforce connection type, for adapters. */
export type SalesforceConnection = Connection;
