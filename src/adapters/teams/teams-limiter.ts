import { SlidingWindowLimiter, THREAD_WINDOWS, type Window } from './sliding-window-limiter.ts';

/** Teams' documented limit per app per tenant: 50 requests in any second, counted as they reach Teams. */
const TENANT_PER_SECOND = 50;
const SECOND_MS = 1_000;

/**
 * Requests of one tenant are also spread evenly (at most 3 in any 60 ms): a burst of sends competes for the CPU and
 * reaches Teams bunched up (bursts of 12 in 250 ms met dozens of 429s in the fan-out benchmark).
 */
const TENANT_SPREAD: readonly Window[] = [{ max: 3, windowMs: 60 }];

/** One tenant's requests for the per-second budget: how many are in flight, and when each finished one finished. */
interface TenantUse {
  inFlight: number;
  endedAt: number[];
  /** Acquires waiting for a request in flight to finish. */
  waiting: (() => void)[];
}

/**
 * Paces outgoing messages under Teams' documented limits (per bot per thread, per app per tenant) and holds a
 * tenant back for as long as Teams said (Retry-After) after a 429.
 *
 * The per-tenant budget counts a request from when it is sent until a second after its answer came back: Teams
 * received it somewhere in between, so at most 50 requests can fall in any second of Teams' own, however late or
 * bunched up they reach it (a busy CPU, a GC pause, a slow network). Pacing by send times alone cannot promise that:
 * 50 in any 1,030 ms of ours still met a 429 when a send reached Teams 30 ms late. On loopback the tenant runs at
 * about 49 requests/s; over a network the answer's latency slows it down, never into a 429.
 */
export class TeamsLimiter {
  private readonly threads: SlidingWindowLimiter;
  private readonly spread: SlidingWindowLimiter;
  private readonly tenants = new Map<string, TenantUse>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    /** Waits out a pause or a full window (a timer; a test moves its clock on instead). */
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.threads = new SlidingWindowLimiter(THREAD_WINDOWS, now);
    this.spread = new SlidingWindowLimiter(TENANT_SPREAD, now);
  }

  /**
   * Waits until a message to `thread` in `tenant` is allowed, then counts it; the delivery calls the function
   * returned once Teams has answered (or the request failed). `tenantRequests` is how many requests the delivery makes
   * in all (opening a 1:1 chat, or reading a channel's roster first, is one more each): every one of them counts
   * against the tenant's budget, only the send against the thread's.
   */
  async acquire(thread: string, tenant: string, tenantRequests = 1): Promise<() => void> {
    const use = this.useOf(tenant);
    // The tenant's per-second budget is taken for all the delivery's requests at once: two deliveries can never each
    // hold part of it and wait for the other's part.
    for (;;) {
      const now = this.now();
      use.endedAt = use.endedAt.filter((t) => t > now - SECOND_MS);
      const over = use.inFlight + use.endedAt.length + tenantRequests - TENANT_PER_SECOND;
      if (over <= 0) break;
      if (use.inFlight + tenantRequests > TENANT_PER_SECOND)
        // The slots are held by requests still in flight: the next answer frees some.
        await new Promise<void>((resolve) => use.waiting.push(resolve));
      else await this.sleep(use.endedAt[over - 1]! + SECOND_MS - now);
    }
    use.inFlight += tenantRequests;
    for (let taken = 0; taken < tenantRequests; ) {
      const now = this.now();
      const wait = Math.max(
        taken === 0 ? this.threads.waitFor(thread) : 0,
        this.spread.waitFor(tenant),
        (this.pausedUntil.get(tenant) ?? 0) - now,
      );
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      if (taken === 0) this.threads.record(thread);
      this.spread.record(tenant);
      taken += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const at = this.now();
      use.inFlight -= tenantRequests;
      for (let i = 0; i < tenantRequests; i++) use.endedAt.push(at);
      for (const wake of use.waiting.splice(0)) wake();
    };
  }

  /** Teams said to wait: nothing more goes to this tenant until then. */
  pause(tenant: string, ms: number): void {
    this.pausedUntil.set(tenant, Math.max(this.pausedUntil.get(tenant) ?? 0, this.now() + ms));
  }

  private useOf(tenant: string): TenantUse {
    let use = this.tenants.get(tenant);
    if (!use) {
      use = { inFlight: 0, endedAt: [], waiting: [] };
      this.tenants.set(tenant, use);
    }
    return use;
  }
}
