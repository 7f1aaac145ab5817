import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter, type Window } from '../../src/delivery/sliding-window-limiter.ts';

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
