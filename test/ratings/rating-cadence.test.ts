/**
 * How often an account's rating rounds open on their own (DOMAIN.md, Cadence: quarterly, or monthly for the closest
 * partners): the account team sets it from the account's internal channel; nobody else can, and a bad value changes
 * nothing. The clock is pinned at PINNED_AT (4 November 2026, the day the channels are linked) and the cadence's ticks
 * name their instants. Against the Bot Connector stand-in (see ratings-world).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useRatingsWorld } from '../support/ratings-world.ts';
import { ratingsStore } from '../../src/adapters/store/ratings-store.ts';

// Each test has a world of its own (the last one changes the cadence the others start from).
const w = useRatingsWorld({ perTest: true });
const { say, linkBoth, roundsAt } = w;
const cadence = () => ratingsStore(w.t.tdb.db).cadenceOf(w.northwind);

beforeEach(() => linkBoth());

describe('Setting the rating cadence (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When the account team asks in its internal channel, then it says rounds open each quarter; help and elements say so too', async () => {
    expect(await say('dana', w.internal, 'rating cadence')).toContain('Rating rounds open on their own each quarter');
    expect(await say('dana', w.internal, 'help')).toContain('rating cadence');
    expect(await say('dana', w.internal, 'elements')).toContain('Rating rounds open on their own each quarter');
  });

  it('When the value is not monthly or quarterly, or someone else asks, then a clear refusal and the cadence is unchanged', async () => {
    expect(await say('dana', w.internal, 'rating cadence weekly')).toContain(
      'Say rating cadence monthly or rating cadence quarterly.',
    );
    expect(await say('dana', w.internal, 'rating cadence constructor')).toContain('Say rating cadence monthly');
    expect(await say('marco', w.internal, 'rating cadence monthly')).toContain('Only the account team can do this.');
    expect(await say('c1', w.shared, 'rating cadence monthly')).toContain("Use this in the account's internal channel");
    expect(await cadence()).toBe('quarterly');
  });

  it('When quarterly, then the tick of 2 December 2026 opens nothing; set to monthly, the same tick opens a round', async () => {
    const tick = () => roundsAt(new Date('2026-12-02T09:00:00Z')).tick();
    expect(await tick()).toMatchObject({ opened: 0 });
    expect(await say('dana', w.internal, 'rating cadence monthly')).toContain(
      'Rating rounds now open on their own each month',
    );
    expect(await cadence()).toBe('monthly');
    expect(await say('dana', w.internal, 'rating cadence monthly')).toContain('nothing changed');
    expect(await tick()).toMatchObject({ opened: 1 });
    expect(await say('c1', w.shared, 'elements')).toContain('Rating rounds open on their own each month');
  });
});
