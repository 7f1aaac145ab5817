/**
 * When an Authorization header carries what could be a Bot Framework token for this bot (a JWT whose payload names
 * `appId` as its audience and has not expired), its expiry in epoch milliseconds; else undefined. Read without
 * verifying the signature (the adapter verifies it next): the rate limit uses it to tell Teams' traffic apart.
 */
export function bearerExpiryFor(authorization: string | undefined, appId: string, nowMs: number): number | undefined {
  const token = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  const payloadPart = token?.[2];
  if (!payloadPart || payloadPart.length > 8192) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    // Not base64url JSON: not a token.
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { aud, exp } = payload as { aud?: unknown; exp?: unknown };
  const audiences = Array.isArray(aud) ? aud : [aud];
  return audiences.includes(appId) && typeof exp === 'number' && exp * 1000 > nowMs ? exp * 1000 : undefined;
}
