import type restify from 'restify';
import { type Clock, systemClock } from '../domain/clock.ts';
import { bearerLooksIssuedFor } from './bearer-shape.ts';
import { clientAddress } from './client-address.ts';
import { NO_PROXIES, type ProxyTrust } from './proxy-trust.ts';

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

/** The hosting platform's health probes: never refused, never counted (the server makes them cheap instead). */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/** Who the limiter counts and whom it lets past an empty bucket. */
export interface RateLimitOptions {
  /** The reverse proxies whose X-Forwarded-For names the client (else every caller behind one shares a bucket). */
  trust?: ProxyTrust;
  /** The bot's app id: a request bearing a token for it goes on to be verified even from an empty bucket. */
  botAppId?: string;
  /** The wall clock, for the token's expiry. */
  wallClock?: Clock;
  /** The bucket clock (milliseconds, monotonic). */
  now?: () => number;
}

/**
 * Per-client rate limiting of unauthenticated work on the public routes: every refused request (4xx: bad body, failed
 * JWT, tenant not allowed, unknown route) takes a token from its client's bucket, and an empty bucket gets 429 with
 * Retry-After before any work is done. Never refused: the health probes, and a request bearing an unexpired token
 * issued for this bot (Teams' traffic can share an address with an attacker: a proxy, a tunnel, a front end); the
 * adapter verifies that token, and a forged one costs a token like any refusal.
 */
export function rateLimitPublicRoutes(
  settings: RateLimitSettings,
  options: RateLimitOptions = {},
): restify.RequestHandler {
  const buckets = new TokenBuckets(settings, options.now);
  const trust = options.trust ?? NO_PROXIES;
  const wallClock = options.wallClock ?? systemClock;
  const mayBeTeams = (req: restify.Request) =>
    options.botAppId !== undefined &&
    bearerLooksIssuedFor(req.header('authorization'), options.botAppId, wallClock().getTime());
  return (req, res, next) => {
    if (settings.perMinute <= 0 || settings.burst <= 0) return next();
    if (PROBE_PATHS.has(req.getPath())) return next();
    const client = clientAddress(req, trust) || 'unknown';
    const wait = buckets.waitMs(client);
    if (wait > 0 && !mayBeTeams(req)) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      res.send(429, { error: { code: 'TooManyRequests', message: 'Too many requests; retry later.' } });
      return next(false);
    }
    res.once('finish', () => {
      if (res.statusCode >= 400 && res.statusCode < 500) buckets.take(client);
    });
    return next();
  };
}
