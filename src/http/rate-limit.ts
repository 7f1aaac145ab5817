import type restify from 'restify';
import { clientAddress } from './client-address.ts';

/** How much unauthenticated work one client may cause: a burst, refilled at a steady rate (0 turns it off). */
export interface RateLimitSettings {
  burst: number;
  perMinute: number;
}

/** One token bucket per client address; pure, the clock is injected. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private refilled(key: string): { tokens: number; at: number } {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.settings.burst, at: t };
    b.tokens = Math.min(this.settings.burst, b.tokens + ((t - b.at) * this.settings.perMinute) / 60_000);
    b.at = t;
    return b;
  }

  /** 0 when `key` may go on, else the milliseconds until it may. */
  waitMs(key: string): number {
    const b = this.refilled(key);
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) * 60_000) / this.settings.perMinute);
  }

  /** Counts one unit of work against `key`. */
  take(key: string): void {
    const b = this.refilled(key);
    b.tokens = Math.max(0, b.tokens - 1);
    this.buckets.set(key, b);
    // Bounded memory: a flood from many addresses forgets the clients whose buckets are full again.
    if (this.buckets.size > 10_000)
      for (const k of [...this.buckets.keys()])
        if (this.refilled(k).tokens >= this.settings.burst) this.buckets.delete(k);
  }
}

/** Probes anyone may call without credentials; every request to them costs a token. */
const UNAUTHENTICATED_PATHS = new Set(['/healthz', '/readyz']);

/**
 * Per-client rate limiting of unauthenticated work on the public routes (everything but the loopback-only
 * `/admin/*`): every health or readiness probe and every refused request (4xx: bad body, failed JWT, tenant not
 * allowed, unknown route) takes a token from the client's bucket; an empty bucket gets 429 with Retry-After
 * before any work is done. Authenticated Teams traffic is never counted, so a busy tenant is not throttled by us.
 */
export function rateLimitPublicRoutes(settings: RateLimitSettings, now?: () => number): restify.RequestHandler {
  const buckets = new TokenBuckets(settings, now);
  return (req, res, next) => {
    if (settings.perMinute <= 0 || settings.burst <= 0) return next();
    const path = req.getPath();
    if (path.startsWith('/admin/')) return next();
    const client = clientAddress(req) || 'unknown';
    const wait = buckets.waitMs(client);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      res.send(429, { error: { code: 'TooManyRequests', message: 'Too many requests; retry later.' } });
      return next(false);
    }
    res.once('finish', () => {
      if (UNAUTHENTICATED_PATHS.has(path) || (res.statusCode >= 400 && res.statusCode < 500)) buckets.take(client);
    });
    return next();
  };
}
