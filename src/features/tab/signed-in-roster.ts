import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import type { SignedInIdentity } from './tab-viewer.ts';

/**
 * The roster as the token sees it: the member must be the token's user in the token's own tenant. An Entra object
 * id is unique, but a member the roster places in another tenant than the token's is not this person here. The tab's
 * rating form and its joint view both decide who is in the channel through it, as the card does through the turn's.
 */
export function signedInRoster(roster: ChannelRoster, identity: SignedInIdentity): ChannelRoster {
  return {
    async member(channelId, userId) {
      const m = await roster.member(channelId, userId);
      return m && m.tenantId.toLowerCase() === identity.tenantId.toLowerCase() ? m : undefined;
    },
    members: (channelId) => roster.members(channelId),
  };
}
