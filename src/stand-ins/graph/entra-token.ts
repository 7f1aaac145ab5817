import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/** The bot's Entra app as the stand-in knows it: its tenant, id, secret and the application permissions consented. */
export interface AppRegistration {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Application permissions an admin consented to (e.g. Calendars.ReadBasic): the token's `roles`. */
  roles: string[];
}

const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
/** The stand-in's own signing key: Graph's tokens are opaque to the app, only the stand-in reads them. */
const key = randomBytes(32);

const oauthError = (status: number, error: string, code: number, description: string) => ({
  status,
  body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code] },
});

/**
 * Entra ID's client credentials grant with a client secret
 * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow): a token for
 * `https://graph.microsoft.com/.default` whose `roles` are the consented application permissions.
 */
export async function issueAppToken(
  app: AppRegistration,
  tenant: string,
  form: URLSearchParams,
  issuer: string,
  now: number,
) {
  if (tenant !== app.tenantId) return oauthError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
  if (form.get('grant_type') !== 'client_credentials')
    return oauthError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  if (form.get('client_id') !== app.clientId)
    return oauthError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${form.get('client_id')}' was not found in the directory.`,
    );
  if (form.get('scope') !== GRAPH_DEFAULT_SCOPE)
    return oauthError(
      400,
      'invalid_scope',
      1002012,
      'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
    );
  if (form.get('client_secret') !== app.clientSecret)
    return oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
  const expiresIn = 3599;
  const token = await new SignJWT({ roles: app.roles, appid: app.clientId, tid: app.tenantId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(`${issuer}/${app.tenantId}/v2.0`)
    .setAudience('https://graph.microsoft.com')
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + expiresIn)
    .sign(key);
  return {
    status: 200,
    body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token },
  };
}

/** The roles of a valid bearer token for this app, or 'invalid'. */
export async function verifyAppToken(
  app: AppRegistration,
  authorization: string,
  issuer: string,
  now: number,
): Promise<string[] | 'invalid'> {
  const token = /^Bearer (.+)$/i.exec(authorization)?.[1];
  if (!token) return 'invalid';
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: `${issuer}/${app.tenantId}/v2.0`,
      audience: 'https://graph.microsoft.com',
      currentDate: new Date(now),
    });
    return payload.appid === app.clientId ? ((payload.roles as string[] | undefined) ?? []) : 'invalid';
  } catch {
    return 'invalid';
  }
}
