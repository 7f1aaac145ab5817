/**
 * `rate status` where the shared channel's roster cannot be read. Teams answers a roster read for a channel it no
 * longer knows (deleted, or one the Agents Playground never had) with 404 ConversationNotFound (Bot Connector REST
 * API, GET /v3/conversations/{conversationId}/pagedmembers:
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#get-conversation-paged-members).
 * That is an answer for the account team, not "something went wrong".
 */
import { describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { useRatingsWorld } from '../support/ratings-world.ts';
import { channelEvents } from '../../src/stand-ins/teams/channel-events.ts';

const w = useRatingsWorld();
const { t, m, say, act } = w;

describe('rate status when the shared channel cannot be read (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When the linked shared channel is gone from Teams, then rate status gives the counts it has and says why, without a fault', async () => {
    await act(m.dana!.id, w.internal, 'channel.link', { accountId: w.northwind });
    await t.bot.teams.deliver(channelEvents(t.bot.teams).shared(w.shared, m.dana!.id, ids.clientTenant, ['29:c1']));
    await act(m.dana!.id, w.shared, 'channel.link-shared', { accountId: w.northwind, tenants: ids.clientTenant });
    expect(await say('dana', w.internal, 'start rating round')).toContain(
      'A rating round for Northwind Logistics is open',
    );
    expect(await say('dana', w.internal, 'rate status')).toContain('0 of 1 client members have rated');

    t.bot.teams.state.conversations.delete(w.shared.id);
    const answer = await say('dana', w.internal, 'rate status');
    expect(answer).toContain('0 client members have rated; 0 of the account team');
    expect(answer).toContain('Teams does not know that channel now');
    expect(answer).not.toContain('Sorry, something went wrong');
    expect(t.bot.logs.lines.filter((l) => l.msg === 'turn failed')).toEqual([]);
  });
});
