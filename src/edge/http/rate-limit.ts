import type restify from 'restify';
import { type Clock, systemClock } from '../../core/domain/clock.ts';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { bearerExpiryFor } from './bearer-shape.ts';
import { clientAddress } from './client-address.ts';
import { NO_PROXIES, type ProxyTrust } from '../../platform/config/proxy-trust.ts';

/** How much unauthenticated work one client may cause: a burst, refilled at a steady rate (0 turns it off). */
export interface RateLimitSettings {
  burst: number;
  perMinute: number;
}

/** One token bucket per client address; pure, the clock is injected. */
class TokenBuckets {
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

  /** Gives back a unit taken for work that turned out not to count (at most up to the burst). */
  give(key: string): void {
    const b = this.refilled(key);
    b.tokens = Math.min(this.settings.burst, b.tokens + 1);
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

/**
 * The bucket of a client address: an IPv6 client by its /64, the prefix one subscriber or host is given, so the
 * 2^64 addresses it may pick from share one bucket; IPv4 by the address.
 */
export function bucketOf(address: string): string {
  if (isIP(address) !== 6) return address || 'unknown';
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Who the limiter counts and whom it lets past an empty bucket. */
interface RateLimitOptions {
  /** The reverse proxies whose X-Forwarded-For names the client (else every caller behind one shares a bucket). */
  trust?: ProxyTrust;
  /** The bot's app id: a request bearing a token for it goes on to be verified even from an empty bucket. */
  botAppId?: string;
  /** The wall clock, for the token's expiry. */
  wallClock?: Clock;
  /** The bucket clock (milliseconds, monotonic). */
  now?: () => number;
}

/** Tokens this server has seen verified (a 2xx from the adapter), until they expire: Teams reuses one for an hour. */
class VerifiedTokens {
  private readonly until = new Map<string, number>();
  constructor(private readonly wallMs: () => number) {}
  private static key(authorization: string): string {
    return createHash('sha256').update(authorization).digest('base64url');
  }
  has(authorization: string | undefined): boolean {
    if (!authorization) return false;
    const exp = this.until.get(VerifiedTokens.key(authorization));
    return exp !== undefined && exp > this.wallMs();
  }
  remember(authorization: string, expMs: number): void {
    if (this.until.size >= 1_000)
      for (const [k, exp] of this.until) if (exp <= this.wallMs() || this.until.size >= 1_000) this.until.delete(k);
    this.until.set(VerifiedTokens.key(authorization), expMs);
  }
}

/**
 * Per-client rate limiting of unauthenticated work on the public routes. Every request but a probe takes a token from
 * its client's bucket before it runs (so a burst of concurrent requests cannot all pass on the last token) and gets
 * it back unless it was refused (4xx: bad body, failed JWT, tenant not allowed, unknown route); an empty bucket gets
 * 429 with Retry-After before any work. Never refused: the health probes, and a request bearing a token this server
 * has already seen verified. A token merely shaped for this bot (audience, expiry: the app id is public) draws on a
 * second bucket of its client and keeps what it takes unless verified, so Teams' new tokens get through a drained
 * bucket while forged ones stay limited.
 */
export function rateLimitPublicRoutes(
  settings: RateLimitSettings,
  options: RateLimitOptions = {},
): restify.RequestHandler {
  const buckets = new TokenBuckets(settings, options.now);
  const shapedBuckets = new TokenBuckets(settings, options.now);
  const trust = options.trust ?? NO_PROXIES;
  const wallClock = options.wallClock ?? systemClock;
  const verified = new VerifiedTokens(() => wallClock().getTime());
  return (req, res, next) => {
    if (settings.perMinute <= 0 || settings.burst <= 0) return next();
    if (PROBE_PATHS.has(req.getPath())) return next();
    const authorization = req.header('authorization');
    if (verified.has(authorization)) return next();
    const client = bucketOf(clientAddress(req, trust));
    const expMs =
      options.botAppId === undefined
        ? undefined
        : bearerExpiryFor(authorization, options.botAppId, wallClock().getTime());
    const pool = buckets.waitMs(client) === 0 ? buckets : expMs !== undefined ? shapedBuckets : undefined;
    if (!pool || pool.waitMs(client) > 0) {
      const wait = (pool ?? buckets).waitMs(client);
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      res.send(429, { error: { code: 'TooManyRequests', message: 'Too many requests; retry later.' } });
      return next(false);
    }
    pool.take(client);
    res.once('finish', () => {
      const ok = res.statusCode < 400;
      if (ok && expMs !== undefined && authorization) verified.remember(authorization, expMs);
      // Refused work keeps its token; so does a shaped token the adapter did not accept (a 5xx included).
      if (ok || (pool === buckets && res.statusCode >= 500)) pool.give(client);
    });
    return next();
  };
}
