import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import {
  MOVED_CLOCKS,
  DATE_SENSITIVE_TESTS,
  FLOW_TESTS,
  ONE_CLOCK_TESTS,
  clockShare,
} from '../../scripts/test/moved-clocks.ts';

/** The wall-clock time of an instant in a zone, as `YYYY-MM-DD HH:mm`. */
function wallClock(utc: string, tz: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(utc))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The zone's offset from UTC, in minutes, `hours` hours from an instant. */
function offsetMinutes(utc: string, hours: number, tz: string): number {
  const at = new Date(Date.parse(utc) + hours * 3_600_000);
  const wall = Date.parse(`${wallClock(at.toISOString(), tz).replace(' ', 'T')}:00Z`);
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

describe('The moved clocks of npm run test:clocks', () => {
  for (const c of MOVED_CLOCKS)
    it(`When the clock is moved to ${c.local} in ${c.tz}, then that is ${c.utc}, on another day in UTC or within two hours of a clock change`, () => {
      expect(wallClock(c.utc, c.tz)).toBe(c.local);
      const otherDay = c.utc.slice(0, 10) !== c.local.slice(0, 10);
      expect(otherDay || offsetMinutes(c.utc, -2, c.tz) !== offsetMinutes(c.utc, 2, c.tz)).toBe(true);
    });

  it('When this run has a moved clock, then the process reads that instant (PULSE_MOVED_CLOCK names it)', () => {
    const moved = process.env.PULSE_MOVED_CLOCK;
    if (!moved) return;
    const clock = MOVED_CLOCKS.find((c) => `${c.local} ${c.tz}` === moved)!;
    // The run started at the instant; this test runs within the run's first hour.
    const elapsed = Date.now() - Date.parse(clock.utc);
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(elapsed).toBeLessThan(3_600_000);
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(clock.tz);
  });

  it('When the suites are listed, then every file or folder named exists', () => {
    for (const path of [...DATE_SENSITIVE_TESTS, ...FLOW_TESTS]) expect(existsSync(path), path).toBe(true);
  });

  it('When the one-clock suites are dealt to four clocks or five, then each runs under exactly one of them', () => {
    for (const among of [
      [0, 1, 2, 3, 4],
      [1, 2, 3, 4],
    ]) {
      const dealt = MOVED_CLOCKS.flatMap((_, i) => clockShare(i, among));
      expect([...dealt].sort()).toEqual([...ONE_CLOCK_TESTS].sort());
      for (const i of among) expect(clockShare(i, among).length).toBeGreaterThan(3);
    }
    expect(clockShare(0, [1, 2, 3, 4])).toEqual([]);
  });
});
