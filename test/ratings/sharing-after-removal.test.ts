/**
 * What Teams said of a channel's sharing (channelShared / channelUnshared, before any of the client's people joined)
 * holds while the bot is there to hear it change. Removed from the channel, or from its team, the bot hears no
 * unshare: it forgets what it was told, and added again it reads the roster as in any channel shared before it came.
 * An unlink keeps it: the bot is still there and the channel still shared. Against the Bot Connector stand-in (see
 * ratings-world; PLATFORM.md, shared channels: an app is added to a shared channel as a membersAdded of the bot).
 */
import { describe, expect, it } from 'vitest';
import { useRatingsWorld } from '../support/ratings-world.ts';
import { ids } from '../support/start-test-bot.ts';
import { channelEvents } from '../stand-ins/teams/channel-events.ts';
import { channelLinksStore } from '../../src/store/channel-links-store.ts';
import type { Conversation } from '../stand-ins/teams/teams-state.ts';

const w = useRatingsWorld();
const { t, m, act, say } = w;
const TEAM = '19:accounts@thread.tacv2';

describe('What Teams said of sharing, when the bot is removed', () => {
  const links = () => channelLinksStore(t.tdb.db);
  const bot = (channel: Conversation, change: 'membersAdded' | 'membersRemoved') =>
    t.bot.teams.deliver(
      t.bot.teams.activity(channel, m.dana!.id, { type: 'conversationUpdate', [change]: [{ id: `28:${ids.appId}` }] }),
    );
  const sharedChannel = async (id: string) => {
    const channel = t.bot.teams.state.addChannel(TEAM, { id, memberIds: [m.dana!.id] });
    await bot(channel, 'membersAdded');
    await t.bot.teams.deliver(channelEvents(t.bot.teams).shared(channel, m.dana!.id, ids.clientTenant));
    expect(await links().sharedWith(channel.id)).toEqual([ids.clientTenant]);
    return channel;
  };

  it('When the bot is removed from a shared channel, unshared while it is away, and added again, then it forgets the sharing and the channel links as internal', async () => {
    const channel = await sharedChannel('19:away-shared@thread.skype');
    await bot(channel, 'membersRemoved');
    expect(await links().sharedWith(channel.id)).toEqual([]);
    // Meanwhile the client's team unshares the channel: Teams tells a bot that is not there nothing.
    await bot(channel, 'membersAdded');
    const linked = await act(m.dana!.id, channel, 'channel.link', { accountId: w.northwind });
    expect(linked.text).toContain('This channel is now linked to Northwind Logistics');
    expect(await links().byChannel(channel.id)).toMatchObject({ purpose: 'account' });
  });

  it('When a shared channel is unlinked, then the sharing is kept: linking it again offers the client tenant, though none of its people joined yet', async () => {
    const channel = await sharedChannel('19:relinked-shared@thread.skype');
    await act(m.dana!.id, channel, 'channel.link-shared', { accountId: w.northwind, tenants: ids.clientTenant });
    expect(await links().byChannel(channel.id)).toMatchObject({ purpose: 'shared' });
    expect(await say('dana', channel, 'unlink')).toContain('no longer linked to Northwind Logistics');
    expect(await links().sharedWith(channel.id)).toEqual([ids.clientTenant]);
    const again = await act(m.dana!.id, channel, 'channel.link', { accountId: w.northwind });
    expect(again.text).toContain('Link it as the channel shared with the client of Northwind Logistics');
    expect(again.text).toContain(ids.clientTenant);
  });

  it('When the bot is removed from the team, then it forgets the sharing of every channel of the team, and of no other team', async () => {
    const channel = await sharedChannel('19:team-gone-shared@thread.skype');
    const elsewhere = t.bot.teams.state.addTeam({
      id: '19:other@thread.tacv2',
      name: 'Other',
      tenantId: ids.homeTenant,
      memberIds: [m.dana!.id],
    });
    const kept = t.bot.teams.state.addChannel(elsewhere.id, { id: '19:other-shared@thread.skype' });
    await t.bot.teams.deliver(channelEvents(t.bot.teams).shared(kept, m.dana!.id, ids.clientTenant));
    await bot(t.bot.teams.state.conversation(TEAM)!, 'membersRemoved');
    expect(await links().sharedWith(channel.id)).toEqual([]);
    expect(await links().sharedWith(kept.id)).toEqual([ids.clientTenant]);
  });
});
