/**
 * Who is rating is read from the channel's roster, one member at a time (`GET /v3/conversations/{id}/members/{id}`).
 * When Teams throttles that call (429 with Retry-After: https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit),
 * the bot must not page the whole roster instead, which multiplies the calls Teams asked it to slow down; the rater
 * is told to try again and nothing is stored. Against the Bot Connector stand-in (see ratings-world).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';

const w = useRatingsWorld();
const { t, say, rate, responses, linkBoth } = w;

beforeAll(async () => {
  await linkBoth();
  expect(await say('dana', w.internal, 'start rating round')).toContain('is open until');
});

describe('A throttled roster', () => {
  it(
    'When Teams answers 429 to the single-member lookup, then the roster is not paged instead, the rater ' +
      'is asked to try again, nothing is saved, and the next try saves',
    async () => {
      const teams = t.bot.teams;
      const before = teams.calls.length;
      // More 429s than the Bot Connector client's own retries (it honours Retry-After) wait out.
      teams.faults.push({ op: 'member', status: 429, retryAfterSeconds: 0, conversationId: w.shared.id, times: 20 });
      const refused = await rate('c1', w.shared, [[RESPONSIVENESS, 4, 5]]);
      const calls = teams.calls.slice(before).map((c) => `${c.op} ${c.status}`);
      expect(calls).toContain('member 429');
      expect(calls.filter((c) => c.startsWith('pagedMembers') || c.startsWith('members '))).toEqual([]);
      expect(refused.text).toContain('Teams is busy right now');
      expect(refused.text).not.toContain('your answers are saved');
      expect(await responses()).toEqual([]);
      teams.faults.length = 0;

      expect((await rate('c1', w.shared, [[RESPONSIVENESS, 4, 5]])).text).toContain('your answers are saved');
      expect(await responses()).toEqual([{ rater_key: 'aad-c1', side: 'client' }]);
    },
  );

  it('When the paged roster stays throttled while Dana links a channel, then she is asked to try again (no fault answer) and nothing is linked', async () => {
    const teams = t.bot.teams;
    const channel = teams.state.addChannel('19:accounts@thread.tacv2', {
      id: '19:northwind-throttled@thread.skype',
      memberIds: [w.m.dana!.id, '29:c1'],
    });
    teams.faults.push({
      op: ['members', 'pagedMembers'],
      status: 429,
      retryAfterSeconds: 0,
      conversationId: channel.id,
      times: 50,
    });
    try {
      const res = await w.act(w.m.dana!.id, channel, 'channel.link', { accountId: w.northwind });
      expect(res.text).toContain('Teams is busy right now');
      expect(res.text).not.toContain('Something went wrong');
    } finally {
      teams.faults.length = 0;
    }
    expect(await channelLinksStore(t.tdb.db).byChannel(channel.id)).toBeUndefined();
  });
});
