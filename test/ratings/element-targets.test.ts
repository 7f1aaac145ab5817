/**
 * Targets per element (issue 27, item 1): after a round closes the account team proposes a target performance for
 * an element, the client agrees it in the shared channel, and the next round's joint results show the client's
 * performance against it. Against the Bot Connector stand-in (see ratings-world), the clock moved between steps.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';

const w = useRatingsWorld({ perTest: true });
const { t, say, rate, drain, linkBoth, closeRoundWithComment } = w;
const DAY = 86_400_000;

beforeEach(() => linkBoth());

describe('Targets for the next round (clock from 4 Nov 2026)', () => {
  it('When the team proposes a target and the client agrees it, then the next joint results show performance against it', async () => {
    await closeRoundWithComment();
    t.bot.clock.advance(DAY);
    expect(await say('dana', w.internal, `targets ${RESPONSIVENESS} 3.5`)).toContain(
      'Proposed target 3.5 for Responsiveness: it counts once the client agrees it',
    );
    expect(await say('c1', w.shared, 'targets')).toContain(
      '5. Responsiveness: no target; proposed 3.5, waiting for the client to agree',
    );
    // Each side its part: the client does not propose, our people do not agree for the client.
    expect(await say('c1', w.shared, `targets ${RESPONSIVENESS} 5`)).toContain('the account team proposes targets');
    expect(await say('dana', w.shared, 'targets agree')).toContain('The client agrees the targets');
    expect(await say('c1', w.shared, 'targets agree')).toContain('Thank you: agreed Responsiveness 3.5.');
    expect(await say('c1', w.shared, 'targets agree')).toContain('No target is waiting to be agreed.');
    expect(await say('dana', w.internal, 'targets')).toContain('5. Responsiveness: target 3.5');

    t.bot.clock.advance(DAY);
    await say('dana', w.internal, 'start rating round');
    for (const c of ['c1', 'c3', 'c4']) await rate(c, w.shared, [[RESPONSIVENESS, 3, 5]]);
    await t.bot.app.services.rounds.close(w.northwind);
    await drain();
    const joint = JSON.stringify(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity);
    // The round before: 1, 3 and 3, shown as 2.3; so 0.7 up since.
    expect(joint).toContain(
      'Responsiveness: performance 3.0 (target 3.5), up 0.7 since the round before, importance 5.0 (3 raters)',
    );
  });

  it('When a target is off the scale or names no element, then nothing is proposed and the answer says why', async () => {
    for (const [input, why] of [
      [`targets ${RESPONSIVENESS} 6`, 'a target is a performance from 1 to 5, in halves'],
      [`targets ${RESPONSIVENESS} 3.25`, 'a target is a performance from 1 to 5, in halves'],
      [`targets ${RESPONSIVENESS} __proto__`, 'a target is a performance from 1 to 5, in halves'],
      ['targets 42 3', 'there is no element with that number'],
      ['targets constructor 3', 'use the number from the list'],
    ])
      expect(await say('dana', w.internal, input!), input).toContain(`Nothing was changed: ${why}`);
    expect(await t.tdb.db.query('SELECT 1 FROM element_targets')).toEqual([]);
  });
});
