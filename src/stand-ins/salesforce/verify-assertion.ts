import { importSPKI, jwtVerify, errors } from 'jose';
import type { Dataset } from './dataset.ts';

/** The connected app the stand-in trusts: its consumer key, certificate (public key) and secret. */
export interface OAuthClient {
  consumerKey: string;
  /** PEM public key of the certificate uploaded to the connected app (JWT bearer flow). */
  publicKeyPem: string;
  /** Secret of the client-credentials flow. */
  clientSecret: string;
  /** Username of the integration user (the `sub` of assertions; the run-as user of client credentials). */
  integrationUsername: string;
}

/** Audiences Salesforce accepts: production, sandbox, or this server's own URL (a My Domain login URL). */
const AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

/**
 * Verifies a JWT bearer assertion as Salesforce does: RS256 signature by the app's certificate, `iss` = consumer
 * key, `sub` = an active user, `aud` = the login URL, `exp` in the future and at most 3 minutes away.
 */
export async function verifyAssertion(
  assertion: string,
  client: OAuthClient,
  ownUrl: string,
  data: Dataset,
  nowMs: number,
): Promise<{ userId: string } | { error: string }> {
  try {
    const key = await importSPKI(client.publicKeyPem, 'RS256');
    const { payload } = await jwtVerify(assertion, key, {
      algorithms: ['RS256'],
      issuer: client.consumerKey,
      audience: [...AUDIENCES, ownUrl],
      currentDate: new Date(nowMs),
    });
    if (typeof payload.exp !== 'number' || payload.exp * 1000 > nowMs + 3 * 60_000 + 5_000)
      return { error: 'expiration too far in the future' };
    const user = data.records('User').find((u) => u.Username === payload.sub);
    if (!user || user.IsActive === false) return { error: "user hasn't approved this consumer" };
    return { userId: user.Id };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { error: 'expired authorization code' };
    if (error instanceof errors.JOSEError) return { error: `invalid assertion: ${error.code}` };
    throw error;
  }
}
