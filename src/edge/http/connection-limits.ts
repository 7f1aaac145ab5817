import type { Server } from 'node:http';
import type { Logger } from '../../platform/log/logger.ts';
import { plainAddress, type ProxyTrust } from '../../platform/config/proxy-trust.ts';

/** How long a request may take to arrive, and how many connections one client may hold open. */
export interface ConnectionLimits {
  /** Milliseconds to receive a whole request (headers and body); its headers get half of it, at most 5 s. */
  requestTimeoutMs: number;
  /** Open connections per client address (trusted proxies, which carry everyone's traffic, are not capped). */
  maxPerClient: number;
}

/** Teams waits 15 s for the bot's answer, so a request still arriving after 10 s is already lost. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { requestTimeoutMs: 10_000, maxPerClient: 100 };

const REFUSAL = 'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n';

/**
 * Applies the limits to Node's HTTP server: a slow request (headers or body trickled in) is answered 408 and closed
 * when its time is up, checked every quarter of that time rather than Node's 30 s; a client over its connection cap
 * gets 503 on the new connection, which is then closed, before any byte of it is read.
 */
export function limitConnections(server: Server, limits: ConnectionLimits, trust: ProxyTrust, log: Logger): void {
  // Node keeps the first 2000 headers and drops the rest unseen: 2000 padding lines before X-Forwarded-For (a proxy
  // that writes its headers after the client's) would hide it from every check. Header bytes stay capped at 16 KiB.
  server.maxHeadersCount = 0;
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = Math.min(5_000, Math.ceil(limits.requestTimeoutMs / 2));
  // Read when the server starts listening: the granularity of both timeouts above (an option of http.createServer
  // that @types/node leaves off the instance; restify creates the server without options).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    50,
    Math.min(1_000, Math.floor(limits.requestTimeoutMs / 4)),
  );
  if (limits.maxPerClient <= 0) return;
  const open = new Map<string, number>();
  // Before Node's own listener, so a refused connection never reaches the HTTP parser's request handling.
  server.prependListener('connection', (socket) => {
    const peer = plainAddress(socket.remoteAddress ?? '');
    if (trust.trusts(peer)) return;
    const count = (open.get(peer) ?? 0) + 1;
    if (count > limits.maxPerClient) {
      log.debug({ peer, open: count - 1 }, 'connection refused: the client holds its maximum of open connections');
      socket.end(REFUSAL, () => socket.destroy());
      return;
    }
    open.set(peer, count);
    socket.once('close', () => {
      const left = (open.get(peer) ?? 1) - 1;
      if (left > 0) open.set(peer, left);
      else open.delete(peer);
    });
  });
}
