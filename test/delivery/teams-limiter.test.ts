import { afterEach, describe, expect, it, vi } from 'vitest';
import { TeamsLimiter } from '../../src/adapters/teams/teams-limiter.ts';
import { LimitCounter, PER_APP_PER_TENANT } from '../../src/stand-ins/teams/documented-limits.ts';

// Both suites drive the limiter with vitest's timers: its waits and Teams' delays are the only timers here, no I/O.
afterEach(() => {
  vi.useRealTimers();
});

describe("Pacing under Teams' per-tenant budget", () => {
  it(
    'When a delivery makes several requests (open the chat, read the roster, send), then each counts ' +
      'against the tenant, the send alone against the thread',
    async () => {
      // The limiter's clock and its waits are vitest's timers, from instant 0: the test moves time, nothing sleeps.
      vi.useFakeTimers({ now: 0 });
      const limiter = new TeamsLimiter(() => Date.now());
      // At most 3 requests in any 60 ms per tenant: one delivery of three requests uses the window up.
      await limiter.acquire('a', 'T', 3);
      const through: string[] = [];
      const next = limiter.acquire('e', 'T', 1).then(() => through.push(`T at ${Date.now()}`));
      // Another tenant is not held back: it goes through at instant 0, before the first tenant's next request.
      const other = limiter.acquire('a', 'U', 1).then(() => through.push(`U at ${Date.now()}`));
      await vi.advanceTimersByTimeAsync(0);
      expect(through).toEqual(['U at 0']);
      // Still held 59 ms on (the three requests are within 60 ms), let through at 60.
      await vi.advanceTimersByTimeAsync(59);
      expect(through).toEqual(['U at 0']);
      await vi.advanceTimersByTimeAsync(1);
      await Promise.all([next, other]);
      expect(through).toEqual(['U at 0', 'T at 60']);
    },
  );
});

describe("Production's per-tenant pacing, against Teams' documented limit", () => {
  // Teams counts a request when it reaches it, which is later than we sent it, by a delay that varies (a busy CPU, a
  // GC pause, the network): here 0 to 78 ms, changing from request to request, and 5 ms more for the answer.
  const arrivalDelay = (i: number) => (i * 13) % 91;
  const ANSWER_MS = 5;

  async function deliver(n: number, concurrency: number, requests = 1) {
    // Every waiting sender wakes when its wait ends and most wait again: many timers, each a real step.
    vi.useFakeTimers({ now: 0, loopLimit: 1_000_000 });
    const limiter = new TeamsLimiter(() => Date.now());
    const teams = new LimitCounter(PER_APP_PER_TENANT, () => Date.now());
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const refusedAt: number[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < n; i = next++) {
        const answered = await limiter.acquire(`chat-${i}`, 'T', requests);
        for (let r = 0; r < requests; r++) {
          await wait(arrivalDelay(i + r));
          if (teams.take('T') !== 0) refusedAt.push(Date.now());
        }
        await wait(ANSWER_MS);
        answered();
      }
    };
    const all = Promise.all(Array.from({ length: concurrency }, worker));
    await vi.runAllTimersAsync();
    await all;
    return { refusedAt, seconds: Date.now() / 1000 };
  }

  it(
    'When 500 chats of one tenant are sent to as fast as the limiter lets them, 32 at a time, each reaching Teams ' +
      "0 to 78 ms after it was sent, then the documented 50 requests/s per app per tenant (the stand-in's) refuse none",
    async () => {
      const { refusedAt, seconds } = await deliver(500, 32);
      expect(refusedAt).toEqual([]);
      // Pacing that held every send back would pass trivially: 500 requests at the documented 50/s take 10 s; a
      // request holds its slot from its send to a second after its answer, up to 83 ms here.
      expect(seconds).toBeLessThan(11);
    },
  );

  it(
    'When 300 deliveries of two requests each (open the chat, then send) go 60 at a time, then none waits forever ' +
      'on budget another holds, and Teams refuses none',
    async () => {
      const { refusedAt, seconds } = await deliver(300, 60, 2);
      expect(refusedAt).toEqual([]);
      expect(seconds).toBeLessThan(15);
    },
  );

  it('When one request is sent at a time, then it still goes at close to 50 a second', async () => {
    const { refusedAt, seconds } = await deliver(200, 1);
    expect(refusedAt).toEqual([]);
    expect(seconds).toBeLessThan(20);
  });
});
