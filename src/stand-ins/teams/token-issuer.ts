import { systemClock } from '../../core/domain/clock.ts';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, createLocalJWKSet, type JWK, type CryptoKey } from 'jose';

/** The issuer Teams' channel tokens carry (botbuilder's ToBotFromChannelTokenIssuer). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';
/** The audience of tokens the bot presents to the Bot Connector. */
const CONNECTOR_AUDIENCE = 'https://api.botframework.com';

/** An RSA signing key with the id and endorsements the JWKS publishes for it. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** Makes an RS256 key; `endorsements` (e.g. ['msteams']) restrict which channels may use it. */
export async function makeSigningKey(kid: string, endorsements?: string[]): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = {
    ...(await exportJWK(publicKey)),
    kid,
    use: 'sig',
    alg: 'RS256',
    ...(endorsements ? { endorsements } : {}),
  };
  return { kid, privateKey, publicJwk };
}

/** Claims of a channel-to-bot token, as the Bot Framework signs them. */
interface ChannelTokenClaims {
  aud: string;
  serviceUrl: string;
  iss?: string;
  expiresInSeconds?: number;
  notBeforeOffsetSeconds?: number;
}

/** Signs a channel-to-bot JWT with `key`. */
export async function signChannelToken(key: SigningKey, claims: ChannelTokenClaims): Promise<string> {
  // The machine's clock, on purpose: botbuilder checks a token's times against it, not against the app's clock.
  const now = Math.floor(systemClock().getTime() / 1000);
  const exp = now + (claims.expiresInSeconds ?? 3600);
  return new SignJWT({ serviceurl: claims.serviceUrl })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(claims.iss ?? CHANNEL_ISSUER)
    .setAudience(claims.aud)
    .setIssuedAt(now - 60)
    .setNotBefore(now + (claims.notBeforeOffsetSeconds ?? -60))
    .setExpirationTime(exp)
    .sign(key.privateKey);
}

/** A JWT with `alg: none`: what an attacker sends when hoping nobody checks the signature. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

/** Issues and verifies the bearer tokens the bot sends to the Bot Connector (client-credentials grant). */
export async function signConnectorToken(key: SigningKey, appId: string, lifetimeSeconds: number): Promise<string> {
  return (
    new SignJWT({ appid: appId, ver: '1.0' })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer('https://login.microsoftonline.com/stand-in/')
      .setAudience(CONNECTOR_AUDIENCE)
      .setIssuedAt()
      // The machine's clock, as above: botbuilder's MSAL token cache judges expiry by it.
      .setExpirationTime(Math.floor(systemClock().getTime() / 1000) + lifetimeSeconds)
      .sign(key.privateKey)
  );
}

/** Returns the app id of a valid connector token, or undefined. */
export async function verifyConnectorToken(key: SigningKey, token: string): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }), {
      audience: CONNECTOR_AUDIENCE,
    });
    return typeof payload.appid === 'string' ? payload.appid : undefined;
  } catch {
    // Any verification failure is the same answer to the caller: 401.
    return undefined;
  }
}
