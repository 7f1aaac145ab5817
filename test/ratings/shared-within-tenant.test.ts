/**
 * A shared channel can be shared with another team of the host's own tenant (Teams sends the same channelShared event,
 * naming that team's tenant: ours; PLATFORM.md, shared channels). Such a channel has no one from outside: the
 * account team links it as the account's internal channel. Against the Bot Connector stand-in (see ratings-world).
 */
import { describe, expect, it } from 'vitest';
import { useRatingsWorld } from '../support/ratings-world.ts';
import { ids } from '../support/start-test-bot.ts';
import { channelEvents } from '../../src/stand-ins/teams/channel-events.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';

const w = useRatingsWorld();
const { t, m, act } = w;

describe('A channel shared within our own tenant', () => {
  it('When the channel is shared with a team of our tenant, then linking it makes it the internal channel, not a shared one', async () => {
    await t.bot.teams.deliver(channelEvents(t.bot.teams).shared(w.internal, m.dana!.id, ids.homeTenant));
    const linked = await act(m.dana!.id, w.internal, 'channel.link', { accountId: w.northwind });
    expect(JSON.stringify(linked)).toContain('This channel is now linked to Northwind Logistics');
    expect(await channelLinksStore(t.tdb.db).byChannel(w.internal.id)).toMatchObject({ purpose: 'account' });
  });
});
