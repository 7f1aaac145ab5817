import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

/**
 * A stand-in for Microsoft Entra ID's key endpoint on loopback: an RS256 key pair whose public half is served as
 * a JWKS (as https://login.microsoftonline.com/common/discovery/v2.0/keys serves Entra's), and a signer that
 * issues tokens shaped like Teams SSO access tokens (tid, oid, preferred_username, name, aud, iss, exp).
 */
export async function startLocalEntra() {
  const signing = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'pulse-test-key', use: 'sig', alg: 'RS256' };
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    if (req.url !== '/keys') {
      res.statusCode = 404;
      return void res.end();
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    jwksUrl: `http://127.0.0.1:${port}/keys`,
    get requests() {
      return requests;
    },
    /** A token for `tenantId` (v2 issuer unless `iss` is given), valid for an hour unless `exp` says otherwise. */
    async sign(
      claims: JWTPayload & { tid: string },
      options: { aud: string; iss?: string; exp?: number; key?: 'signing' | 'stranger' },
    ): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ver: '2.0', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'pulse-test-key', typ: 'JWT' })
        .setIssuer(options.iss ?? `https://login.microsoftonline.com/${claims.tid}/v2.0`)
        .setAudience(options.aud)
        .setIssuedAt(now - 60)
        .setNotBefore(now - 60)
        .setExpirationTime(options.exp ?? now + 3600)
        .sign(options.key === 'stranger' ? stranger.privateKey : signing.privateKey);
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
