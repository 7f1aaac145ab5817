/**
 * A linked channel keeps its link until someone who may unlink it does: before, a link over a link replaced it
 * (an upsert), checking the linker's rights on the new account only. Marco (Contoso's team) could turn Northwind's
 * shared channel into Contoso's, so Northwind's client rated Contoso; a sales leader could make it the leadership
 * channel, whose portfolio summary names every key account. Against the Bot Connector stand-in (see ratings-world).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { useRatingsWorld } from '../support/ratings-world.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';

// Each test has a world of its own: the third moves the shared link the first two expect on Northwind.
const w = useRatingsWorld({ perTest: true });
const { t, m, act, say } = w;
const linkOf = async (channelId: string) => channelLinksStore(t.tdb.db).byChannel(channelId);

beforeEach(async () => {
  await w.linkBoth();
  w.shared.memberIds.push(m.marco!.id, m.sam!.id);
});

describe('Linking over a link', () => {
  it(
    "When Marco (Contoso's team) links Northwind's shared or internal channel to Contoso, then he is " +
      'told what it is linked to and the links stay',
    async () => {
      const shared = await act(m.marco!.id, w.shared, 'channel.link-shared', {
        accountId: w.contoso,
        tenants: ids.clientTenant,
      });
      expect(shared.text).toContain(
        'This channel is already the channel shared with the client for Northwind Logistics',
      );
      expect(await linkOf(w.shared.id)).toMatchObject({ purpose: 'shared', accountId: w.northwind });

      const internal = await act(m.marco!.id, w.internal, 'channel.link', { accountId: w.contoso });
      expect(internal.text).toContain('This channel is already linked to Northwind Logistics');
      expect(await linkOf(w.internal.id)).toMatchObject({ purpose: 'account', accountId: w.northwind });
    },
  );

  it('When Sam (a sales leader) types link leadership in the shared channel, then it is refused and the shared link stays', async () => {
    const reply = await say('sam', w.shared, 'link leadership');
    expect(reply).toMatch(/members from outside our organisation|already the channel shared with the client/);
    expect(await linkOf(w.shared.id)).toMatchObject({ purpose: 'shared', accountId: w.northwind });
    // An internal channel linked to an account is not turned into the leadership channel either.
    expect(await say('sam', w.internal, 'link leadership')).toContain('This channel is already linked to Northwind');
    expect(await linkOf(w.internal.id)).toMatchObject({ purpose: 'account' });
  });

  it(
    'When Dana links the shared channel again to Northwind (the same link), then it is refreshed; after ' +
      'unlink she may link it to another account',
    async () => {
      const again = await act(m.dana!.id, w.shared, 'channel.link-shared', {
        accountId: w.northwind,
        tenants: ids.clientTenant,
      });
      expect(again.text).toContain('now the channel shared with the client for Northwind Logistics');
      expect(await say('dana', w.shared, 'unlink')).toContain('no longer linked');
      const moved = await act(m.marco!.id, w.shared, 'channel.link-shared', {
        accountId: w.contoso,
        tenants: ids.clientTenant,
      });
      expect(moved.text).toContain('now the channel shared with the client');
      expect(await linkOf(w.shared.id)).toMatchObject({ purpose: 'shared', accountId: w.contoso });
    },
  );

  it(
    'When Sam moves the leadership channel to another channel, then the mark moves; onto a channel ' +
      'linked to an account, it is refused and stays where it was',
    async () => {
      const [a, b] = ['19:leaders-a@thread.tacv2', '19:leaders-b@thread.tacv2'].map((id) =>
        t.bot.teams.state.addChannel('19:accounts@thread.tacv2', { id, memberIds: [m.sam!.id] }),
      );
      expect(await say('sam', a!, 'link leadership')).toContain('now the leadership channel');
      expect(await say('sam', b!, 'link leadership')).toContain('now the leadership channel');
      expect(await linkOf(a!.id)).toBeUndefined();
      expect(await linkOf(b!.id)).toMatchObject({ purpose: 'leadership' });
      expect(await say('sam', w.internal, 'link leadership')).toContain('This channel is already linked to Northwind');
      expect(await linkOf(b!.id)).toMatchObject({ purpose: 'leadership' });
    },
  );
});
