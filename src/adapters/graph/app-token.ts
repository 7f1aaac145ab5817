import { z } from 'zod';
import type { Clock } from '../../core/domain/clock.ts';
import { GraphCallError } from './graph-errors.ts';

/** The bot's Entra app, as Graph's client credentials grant takes it. */
export interface AppCredentials {
  /** Entra ID's sign-in host: https://login.microsoftonline.com (a loopback stand-in in tests and the demo). */
  loginUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

const tokenReply = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().int().positive() });
const errorReply = z.object({ error: z.string(), error_description: z.string().optional() });

/** How long a token request may take before it counts as no answer. */
const TOKEN_TIMEOUT_MS = 30_000;

/** Renews a token this long before it expires. */
const EARLY_MS = 5 * 60_000;

/**
 * App-only tokens for Microsoft Graph (client credentials grant with the app's secret,
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow), cached until five
 * minutes before they expire. A refusal names Entra's AADSTS code and description, never the secret or a token.
 */
export function appTokenSource(credentials: AppCredentials, now: Clock) {
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const url = `${credentials.loginUrl.replace(/\/$/, '')}/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`;
    const res = await fetch(url, {
      method: 'POST',
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    }).catch((error: unknown) => {
      // No answer at all (refused, unreachable, timed out): a failure of its own, not a crash of the caller.
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new GraphCallError('OTHER', 0, `no answer from Entra ID at ${new URL(url).host} (${cause})`);
    });
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const e = errorReply.safeParse(body);
      throw new GraphCallError(
        'AUTH',
        res.status,
        e.success
          ? `Entra ID refused the app's token (${e.data.error}): ${(e.data.error_description ?? '').split('\n')[0]!.slice(0, 300)}`
          : `Entra ID answered ${res.status} to the token request`,
      );
    }
    const t = tokenReply.parse(body);
    cached = { token: t.access_token, renewAt: now().getTime() + t.expires_in * 1000 - EARLY_MS };
    return t.access_token;
  }

  return {
    /** A valid token, from the cache while it lasts; one request at a time renews it. */
    async token(): Promise<string> {
      if (cached && now().getTime() < cached.renewAt) return cached.token;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    /**
     * The application permissions the token carries (its `roles` claim), for `doctor` only: Graph's tokens are not
     * the app's to rely on, but their claims say which permissions an admin consented to.
     */
    async roles(): Promise<string[]> {
      const payload = (await this.token()).split('.')[1] ?? '';
      try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
        return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
      } catch {
        return [];
      }
    },
    /** Forgets the cached token (Graph refused it). */
    forget(): void {
      cached = undefined;
    },
  };
}

export type AppTokenSource = ReturnType<typeof appTokenSource>;
