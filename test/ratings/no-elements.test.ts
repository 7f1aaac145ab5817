/**
 * An account whose team retired every element (the backlog keeps their history): a rating saved from a card drawn
 * before must be refused politely, with nothing stored, not fail on the missing default element. Against the Bot
 * Connector stand-in (see ratings-world).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';

const w = useRatingsWorld();
const { say, rate, linkBoth, responses } = w;

beforeAll(async () => {
  await linkBoth();
  expect(await say('dana', w.internal, 'start rating round')).toContain('is open until');
});

describe('Rating when no element is left', () => {
  it('When every element was retired and a client saves an earlier card, then a polite refusal and nothing stored', async () => {
    for (let i = 0; i < 6; i++) expect(await say('dana', w.internal, 'elements retire 1')).toContain('Retired');
    const answer = await rate('c1', w.shared, [[RESPONSIVENESS, 2, 5]]);
    expect(JSON.stringify(answer)).toContain('This account has no elements to rate now, so nothing was saved.');
    expect(await responses()).toEqual([]);
  });
});
