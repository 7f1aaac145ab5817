/**
 * "You said, we did" (DOMAIN.md, rule 8; issue 27, item 4): the next round's rating card opens with what was done
 * since the last round closed (actions done and irritants fixed, by element), so raters rate with it in view; the
 * client's view holds only joint actions. Against the Bot Connector stand-in (see ratings-world), with the app's
 * clock moved between the rounds.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';

const w = useRatingsWorld({ perTest: true });
const { t, say, act, linkBoth, closeRoundWithComment } = w;
const DAY = 86_400_000;

beforeEach(() => linkBoth());

const addAction = (key: string, channel: typeof w.internal, data: Record<string, string>) =>
  act(w.m[key]!.id, channel, 'action.save', { visibility: 'internal', about: `e:${w.el(RESPONSIVENESS)}`, ...data });
/** Dana's joint action for responsiveness, due 20 November. */
const weeklyCall = () =>
  addAction('dana', w.internal, {
    title: 'Weekly delivery call',
    owner: 'aad-dana',
    due: '2026-11-20',
    visibility: 'joint',
  });

describe('"You said, we did" at the next round (clock from 4 Nov 2026)', () => {
  it('When actions were done and an irritant fixed since the last round, then the next card opens with them; the client sees joint ones only', async () => {
    await closeRoundWithComment();
    // Done before the next round: a joint action of ours, an internal one, and the client's own; one left open.
    t.bot.clock.advance(DAY);
    await weeklyCall();
    await addAction('dana', w.internal, { title: 'Escalate inside finance', owner: 'aad-dana', due: '2026-11-20' });
    await addAction('c1', w.shared, {
      title: 'Send the forecast monthly',
      owner: 'aad-c1',
      due: '2026-11-20',
      about: '',
    });
    await addAction('dana', w.internal, {
      title: 'Still to do',
      owner: 'aad-dana',
      due: '2026-11-30',
      visibility: 'joint',
    });
    t.bot.clock.advance(DAY);
    for (const n of [1, 2]) expect(await say('dana', w.internal, `actions ${n} done`)).toContain('is now done');
    expect(await say('c1', w.shared, 'actions 2 done')).toContain('is now done');
    expect(await say('c1', w.shared, 'irritants 1 fixed')).toContain('is now fixed');
    t.bot.clock.advance(30 * DAY);
    await say('dana', w.internal, 'start rating round');

    // The round's card itself carries it (a channel too large for each member's own view sees only this card).
    await w.drain();
    const posted = JSON.stringify(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity);
    expect(posted).toContain('- Weekly delivery call (done by us)');
    expect(posted).not.toContain('Escalate inside finance');
    // The card again (`rate`), as a channel too large for refresh asks for it, carries it too.
    const again = await say('c1', w.shared, 'rate');
    expect(again).toContain('- Weekly delivery call (done by us)');
    expect(again).not.toContain('Escalate inside finance');
    const client = (await act(w.m.c1!.id, w.shared, 'rating.view', {})).text;
    expect(client).toContain('You said, we did: since the last round');
    expect(client).toContain('- Weekly delivery call (done by us)');
    expect(client).toContain('- Fixed: Invoices arrive late');
    expect(client).toContain('- Send the forecast monthly (done by you)');
    expect(client).not.toContain('Escalate inside finance');
    expect(client).not.toContain('Still to do');
    const team = (await act(w.m.dana!.id, w.internal, 'rating.view', {})).text;
    expect(team).toContain('- Escalate inside finance (done by us)');
  });

  it('When nothing was done since the last round, then the card has no such section; what was done before it is not repeated', async () => {
    await closeRoundWithComment();
    t.bot.clock.advance(DAY);
    await weeklyCall();
    await say('dana', w.internal, 'actions 1 done');
    // A second round closes after it: the action belongs to that round's "we did", not the third's.
    t.bot.clock.advance(DAY);
    await say('dana', w.internal, 'start rating round');
    expect((await act(w.m.c1!.id, w.shared, 'rating.view', {})).text).toContain('Weekly delivery call');
    await t.bot.app.services.rounds.close(w.northwind);
    t.bot.clock.advance(30 * DAY);
    await say('dana', w.internal, 'start rating round');
    const card = (await act(w.m.c1!.id, w.shared, 'rating.view', {})).text;
    expect(card).toContain('Rate how we perform');
    expect(card).not.toContain('You said, we did');
  });
});
