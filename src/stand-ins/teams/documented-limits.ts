/**
 * Teams' rate limits for bots as Microsoft documents them. They live here, apart from production's limiter
 * (src/adapters/teams/), so that the stand-in judges the product by the documentation, not by the product's own numbers.
 *
 * Source: "Rate limiting for bots" (retitled "Rate limiting for agents"),
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit
 * (revision dated 2026-10-08, read 2026-12-04). The page says the values may change and are "for estimation
 * only"; an older revision gave 30 requests per second per app per tenant, the current one 50.
 */

/** At most `max` operations in any period of `seconds` seconds. */
export interface DocumentedLimit {
  readonly max: number;
  readonly seconds: number;
}

/** "Per bot per thread limit": the same four rows for "Send to conversation" and for "Create conversation". */
export const PER_BOT_PER_THREAD: readonly DocumentedLimit[] = [
  { max: 7, seconds: 1 },
  { max: 8, seconds: 2 },
  { max: 60, seconds: 30 },
  { max: 1800, seconds: 3600 },
];

/**
 * "Per thread limit for all bots", send and create. Not enforced: the stand-in serves one bot, whose own limit
 * above is tighter in every period listed here (a test holds that true).
 */
export const PER_THREAD_ALL_BOTS: readonly DocumentedLimit[] = [
  { max: 14, seconds: 1 },
  { max: 16, seconds: 2 },
];

/** "The global limit per app per tenant is 50 Requests Per Second (RPS)": every Bot Connector request counts. */
export const PER_APP_PER_TENANT: readonly DocumentedLimit[] = [{ max: 50, seconds: 1 }];

/**
 * Counts operations per key (a thread, a tenant) against documented limits. The clock is injected so a test can
 * pin the instant every operation happens at.
 */
export class LimitCounter {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly limits: readonly DocumentedLimit[],
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits one operation for `key` and returns 0, or admits nothing and returns the milliseconds until it would. */
  take(key: string): number {
    const at = this.now();
    const longestMs = Math.max(...this.limits.map((l) => l.seconds * 1000));
    const kept = (this.seen.get(key) ?? []).filter((t) => at - t < longestMs);
    let waitMs = 0;
    for (const { max, seconds } of this.limits) {
      const periodMs = seconds * 1000;
      const inPeriod = kept.filter((t) => at - t < periodMs);
      // The oldest operation that must leave the period before one more fits.
      if (inPeriod.length >= max) waitMs = Math.max(waitMs, inPeriod[inPeriod.length - max]! + periodMs - at);
    }
    if (waitMs === 0) kept.push(at);
    this.seen.set(key, kept);
    return waitMs;
  }
}
