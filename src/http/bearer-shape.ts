/**
 * Whether an Authorization header carries what could be a Bot Framework token for this bot: a JWT whose payload
 * names `appId` as its audience and has not expired. Read without verifying the signature (the adapter verifies
 * it next); it only lets a request past an empty rate-limit bucket, so Teams' traffic is never refused there.
 */
export function bearerLooksIssuedFor(authorization: string | undefined, appId: string, nowMs: number): boolean {
  const token = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  const payloadPart = token?.[2];
  if (!payloadPart || payloadPart.length > 8192) return false;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  if (typeof payload !== 'object' || payload === null) return false;
  const { aud, exp } = payload as { aud?: unknown; exp?: unknown };
  const audiences = Array.isArray(aud) ? aud : [aud];
  return audiences.includes(appId) && typeof exp === 'number' && exp * 1000 > nowMs;
}
