/**
 * What a rating comment is about is the rater's choice, never a default: a card that preselected the first element
 * filed a comment about meetings under "Strategic alignment", in the backlog the client reads. And each side is
 * told whose importance it gives (the account team: the client's).
 */
import { describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { inputValues } from '../support/card-client.ts';
import { channelEvents } from '../../src/stand-ins/teams/channel-events.ts';

const w = useRatingsWorld();
const { t, m, say, act, rate, responses } = w;

/** Links Northwind's internal and shared channels and opens a round. */
async function openRound() {
  await act(m.dana!.id, w.internal, 'channel.link', { accountId: w.northwind });
  await t.bot.teams.deliver(channelEvents(t.bot.teams).shared(w.shared, m.dana!.id, ids.clientTenant, ['29:c1']));
  await act(m.dana!.id, w.shared, 'channel.link-shared', { accountId: w.northwind, tenants: ids.clientTenant });
  await say('dana', w.internal, 'start rating round');
}

describe('The rating form: the comment and the importance question (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When a rater opens the form, then no element is chosen for the comment; saved without one, it is about none', async () => {
    await openRound();
    const internal = await act(m.dana!.id, w.internal, 'rating.view', { roundId: '' });
    expect(inputValues(internal.card).commentElementId ?? '').toBe('');
    // The account team gives the client's importance; the client their own. The labels are one length, so the
    // two drop-downs of a row line up; the intro says whose importance it is.
    expect(internal.text).toContain('how important each is to the client');
    expect(internal.text).not.toContain('to you');
    const client = await act('29:c1', w.shared, 'rating.view', { roundId: '' });
    expect(client.text).toContain('how important each is to you');
    expect(inputValues(client.card).commentElementId ?? '').toBe('');

    // The card sends the untouched box as an empty value.
    await rate('c1', w.shared, [[RESPONSIVENESS, 2, 5]], { comment: 'Meetings start late', commentElementId: '' });
    expect((await responses()).map((r) => r.rater_key)).toContain('aad-c1');
    const stored = await t.tdb.db.query(
      `SELECT comment, comment_element_id FROM rating_responses WHERE rater_key = 'aad-c1'`,
    );
    expect(stored).toEqual([{ comment: 'Meetings start late', comment_element_id: null }]);
  });
});
