/**
 * The account's default elements are stored the first time anyone reads them. An element the account team adds
 * before anyone listed them must join the six defaults, not replace them.
 */
import { describe, expect, it } from 'vitest';
import { useRatingsWorld } from '../support/ratings-world.ts';

const w = useRatingsWorld();
const { m, say, act } = w;

describe('Adding an element first (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When the team adds an element before anyone listed them, then it is the seventh, after the six defaults', async () => {
    await act(m.dana!.id, w.internal, 'channel.link', { accountId: w.northwind });
    expect(await say('dana', w.internal, 'elements add operational Onboarding of new sites')).toContain(
      'Added \\"Onboarding of new sites\\" (operational)',
    );
    const listed = await say('dana', w.internal, 'elements');
    expect(listed).toContain('1. Strategic alignment (executive)');
    expect(listed).toContain('7. Onboarding of new sites (operational)');
    expect(await say('dana', w.internal, 'elements rename 7 Onboarding')).toContain('Renamed');
  });
});
