import { SlidingWindowLimiter, THREAD_WINDOWS, type Window } from './sliding-window-limiter.ts';

/**
 * Per tenant we stay under Teams' 50 requests/s and spread them evenly over the second (at most 3 in any 60 ms), so
 * a delay between here and Teams of up to about 100 ms cannot squeeze more than 50 into Teams' window (45 in our
 * second, plus at most 3 for every 60 ms of delay) and turn them into 429s. Bursts
 * of 12 in 250 ms did: the twelve sends of a burst compete for the CPU and reach Teams up to 60 ms apart, and the
 * fan-out benchmark met dozens of 429s, each holding the whole tenant back for a second (5,000 prompts: 1.32 of the
 * floor, 66 429s; spread evenly: 1.11, none).
 */
const TENANT_BUDGET: readonly Window[] = [
  { max: 45, windowMs: 1_000 },
  { max: 3, windowMs: 60 },
];

/**
 * Paces outgoing messages under Teams' documented limits (per bot per thread, per app per tenant) and holds a
 * tenant back for as long as Teams said (Retry-After) after a 429.
 */
export class TeamsLimiter {
  private readonly threads: SlidingWindowLimiter;
  private readonly tenants: SlidingWindowLimiter;
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    /** Waits out a pause or a full window (a timer; a test moves its clock on instead). */
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.threads = new SlidingWindowLimiter(THREAD_WINDOWS, now);
    this.tenants = new SlidingWindowLimiter(TENANT_BUDGET, now);
  }

  /**
   * Waits until a message to `thread` in `tenant` is allowed, then counts it. `tenantRequests` is how many requests
   * the delivery makes in all (opening a 1:1 chat, or reading a channel's roster first, is one more each): every
   * one of them counts against the tenant's budget, only the send against the thread's.
   */
  async acquire(thread: string, tenant: string, tenantRequests = 1): Promise<void> {
    for (let taken = 0; taken < tenantRequests; ) {
      const wait = Math.max(
        taken === 0 ? this.threads.waitFor(thread) : 0,
        this.tenants.waitFor(tenant),
        (this.pausedUntil.get(tenant) ?? 0) - this.now(),
      );
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      if (taken === 0) this.threads.record(thread);
      this.tenants.record(tenant);
      taken += 1;
    }
  }

  /** Teams said to wait: nothing more goes to this tenant until then. */
  pause(tenant: string, ms: number): void {
    this.pausedUntil.set(tenant, Math.max(this.pausedUntil.get(tenant) ?? 0, this.now() + ms));
  }
}
