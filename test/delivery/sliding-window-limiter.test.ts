import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter, THREAD_WINDOWS, type Window } from '../../src/adapters/teams/sliding-window-limiter.ts';
import { LimitCounter, PER_BOT_PER_THREAD } from '../../src/stand-ins/teams/documented-limits.ts';

describe('The sliding-window limiter', () => {
  const windows: Window[] = [
    { max: 3, windowMs: 1_000 },
    { max: 4, windowMs: 2_000 },
  ];

  it('When the windows fill, then each answers with the wait until a slot frees, per key', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(windows, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.take('t')).toBe(0);
    expect(limiter.take('t')).toBe(1000); // 3 per 1 s
    now = 1000;
    expect(limiter.take('t')).toBe(0); // the 4th within 2 s
    expect(limiter.take('t')).toBe(1000); // 4 per 2 s: wait until the first events are 2 s old
    now = 2000;
    expect(limiter.take('t')).toBe(0);
    expect(limiter.take('other')).toBe(0);
  });

  it('When events are spread over a window, then the next waits for the oldest to leave it', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter([{ max: 60, windowMs: 30_000 }], () => now);
    for (let i = 0; i < 60; i++) {
      now = i * 400;
      expect(limiter.take('t')).toBe(0);
    }
    now = 60 * 400;
    expect(limiter.take('t')).toBe(30_000 - 60 * 400);
  });
});

describe("Production's per-thread pacing, against Teams' documented limits", () => {
  it(
    'When one thread is sent to as fast as THREAD_WINDOWS allow for two hours (from instant 0), then the ' +
      "documented per-bot per-thread limits (the stand-in's) refuse none of the sends",
    () => {
      let now = 0;
      const production = new SlidingWindowLimiter(THREAD_WINDOWS, () => now);
      const sentAt: number[] = [];
      while (now < 2 * 3_600_000) {
        const wait = production.take('thread');
        if (wait === 0) sentAt.push(now);
        else now += wait;
      }
      let at = 0;
      const teams = new LimitCounter(PER_BOT_PER_THREAD, () => at);
      const refused = sentAt.filter((t) => {
        at = t;
        return teams.take('thread') !== 0;
      });
      expect(refused).toEqual([]);
      // Pacing that held every send back would pass trivially: it must use at least half of the documented 2 x 1,800.
      expect(sentAt.length).toBeGreaterThanOrEqual(1_800);
    },
  );
});
