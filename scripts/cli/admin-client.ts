import type { Config } from '../../src/platform/config/config.ts';
import { randomBytes } from 'node:crypto';
import { adminProof, readAdminPort, readAdminToken, sameToken } from '../../src/edge/http/admin-token.ts';

/**
 * Calls a loopback admin route of the running server and follows its NDJSON stream. Returns undefined when no
 * server is listening (the caller may then work in-process under the data-dir lock).
 */
export async function callAdmin<S>(
  config: Config,
  path: string,
  body: object,
  onProgress: (p: Record<string, unknown>) => void,
): Promise<S | undefined> {
  const token = readAdminToken(config.dataDir);
  const port = readAdminPort(config.dataDir);
  if (!token || !port) return undefined;
  // The admin listener is on 127.0.0.1 only, whatever HOST the public routes use.
  const base = `http://127.0.0.1:${port}`;
  // First make sure the listener is this folder's server: it must prove it holds the token without our sending it.
  const nonce = randomBytes(24).toString('base64url');
  let hello: Response;
  try {
    hello = await fetch(`${base}/admin/hello?nonce=${nonce}`, { signal: AbortSignal.timeout(10_000) });
  } catch {
    // Nobody listening: the caller works in this process instead.
    return undefined;
  }
  const proof = hello.ok ? ((await hello.json().catch(() => ({}))) as { proof?: unknown }).proof : undefined;
  if (typeof proof !== 'string' || !sameToken(proof, adminProof(token, nonce, port)))
    throw new Error(
      `Something listens on ${base} but it is not the Partnership Pulse server of ${config.dataDir}, so the admin ` +
        'token was not sent to it. Stop that program, or start the server again (it writes its admin port to the data folder).',
    );
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pulse-admin-token': token },
      body: JSON.stringify(body),
    });
  } catch {
    // Nobody listening: the caller works in this process instead.
    return undefined;
  }
  if (!res.ok || !res.body) throw new Error(`The server refused: ${res.status} ${await res.text()}`);
  let buffer = '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buffer.slice(0, nl)) as { type: string; summary?: S; code?: string; message?: string };
      buffer = buffer.slice(nl + 1);
      if (msg.type === 'progress') onProgress(msg);
      else if (msg.type === 'summary') return msg.summary;
      else if (msg.type === 'error') throw new Error(`${msg.code}: ${msg.message}`);
    }
  }
  throw new Error('The server closed the connection before the command finished');
}
