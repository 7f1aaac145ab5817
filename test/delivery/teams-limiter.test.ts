import { afterEach, describe, expect, it, vi } from 'vitest';
import { TeamsLimiter } from '../../src/adapters/teams/teams-limiter.ts';
import { LimitCounter, PER_APP_PER_TENANT } from '../../src/stand-ins/teams/documented-limits.ts';

// Both suites drive the limiter with vitest's timers: its waits are the only timers here, no real I/O.
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
  it(
    'When 500 chats of one tenant are sent to one after another as fast as the limiter lets them (from ' +
      "instant 0), then the documented 50 requests/s per app per tenant (the stand-in's) refuse none",
    async () => {
      vi.useFakeTimers({ now: 0 });
      const limiter = new TeamsLimiter(() => Date.now());
      const teams = new LimitCounter(PER_APP_PER_TENANT, () => Date.now());
      const refusedAt: number[] = [];
      for (let i = 0; i < 500; i++) {
        const acquired = limiter.acquire(`chat-${i}`, 'T');
        await vi.runAllTimersAsync();
        await acquired;
        if (teams.take('T') !== 0) refusedAt.push(Date.now());
      }
      expect(refusedAt).toEqual([]);
      // Pacing that held every send back would pass trivially: 500 requests at the documented 50/s take 10 s.
      expect(Date.now()).toBeLessThan(20_000);
    },
  );
});
