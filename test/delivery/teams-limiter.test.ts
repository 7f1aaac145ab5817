import { describe, expect, it } from 'vitest';
import { TeamsLimiter } from '../../src/delivery/teams-limiter.ts';

describe("Pacing under Teams' per-tenant budget", () => {
  it('When a delivery makes several requests (open the chat, read the roster, send), then each counts against the tenant, the send alone against the thread', async () => {
    let now = 0;
    const limiter = new TeamsLimiter(() => now);
    // At most 3 requests in any 60 ms per tenant: one delivery of three requests uses the window up.
    await limiter.acquire('a', 'T', 3);
    let done = false;
    const next = limiter.acquire('e', 'T', 1).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    // Another tenant is not held back.
    await limiter.acquire('a', 'U', 1);
    // Still held 59 ms on (the three requests are within 60 ms), let through at 60.
    now = 59;
    await new Promise((r) => setTimeout(r, 80));
    expect(done).toBe(false);
    now = 60;
    await next;
    expect(done).toBe(true);
  });
});
