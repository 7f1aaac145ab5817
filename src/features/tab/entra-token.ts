import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { TabRefusal } from './tab-refusal.ts';
import type { SignedInIdentity } from './tab-viewer.ts';

/** Where Entra's signing keys are and which audiences the tab's tokens are issued for. */
interface EntraTokenSettings {
  /** The JWKS of Microsoft Entra ID (tests point it at a local key set). */
  jwksUrl: string;
  /** `webApplicationInfo.resource` (api://<host>/<client id>) and the client id itself: v1 and v2 tokens differ. */
  audiences: readonly string[];
}

/** Checks one bearer token; resolves to who signed in or throws a 401/503 TabRefusal. */
export type VerifyToken = (token: string) => Promise<SignedInIdentity>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The issuers Entra uses for a tenant: v2.0 tokens and v1 tokens (which Teams SSO may hand out, depending on the
 * app registration's accessTokenAcceptedVersion). https://learn.microsoft.com/entra/identity-platform/access-tokens
 */
function issuersFor(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

/**
 * Validates a Teams SSO token (getAuthToken) as Microsoft documents for tabs
 * (https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/authentication/tab-sso-code, "Validate the
 * access token"): RS256 signature against the JWKS, audience, expiry and not-before (5 minutes of clock skew),
 * and the issuer of the token's own tenant (`tid`), since external users sign in at their home tenant.
 */
export function entraTokenVerifier(settings: EntraTokenSettings): VerifyToken {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        audience: [...settings.audiences],
        clockTolerance: 300,
        requiredClaims: ['exp', 'iss', 'aud', 'tid'],
      }));
    } catch (error) {
      throw refusalFor(error);
    }
    const tid = typeof payload.tid === 'string' ? payload.tid : '';
    if (!GUID.test(tid) || !issuersFor(tid).includes(payload.iss ?? ''))
      throw new TabRefusal(
        401,
        'BadIssuer',
        'Your sign-in token was not issued by Microsoft Entra ID for your tenant.',
      );
    const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 320 ? v : null);
    return {
      tenantId: tid.toLowerCase(),
      oid: text(payload.oid),
      login: text(payload.preferred_username) ?? text(payload.upn) ?? text(payload.unique_name),
      name: text(payload.name),
    };
  };
}

function refusalFor(error: unknown): TabRefusal {
  if (error instanceof errors.JWTExpired)
    return new TabRefusal(401, 'TokenExpired', 'Your sign-in has expired. Reload the tab to sign in again.', {
      cause: error,
    });
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud')
    return new TabRefusal(401, 'WrongAudience', 'Your sign-in token is for another app, not Partnership Pulse.', {
      cause: error,
    });
  if (error instanceof errors.JWKSTimeout || (error instanceof TypeError && /fetch/i.test(error.message)))
    return new TabRefusal(
      503,
      'KeysUnavailable',
      'Sign-in cannot be checked right now (Entra keys unreachable). Try again shortly.',
      {
        cause: error,
      },
    );
  return new TabRefusal(401, 'BadToken', 'Your sign-in token is not valid. Reload the tab to sign in again.', {
    cause: error,
  });
}
