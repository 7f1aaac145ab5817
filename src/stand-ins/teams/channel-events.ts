import type { TeamsStandIn } from './teams-stand-in.ts';
import type { Conversation } from './teams-state.ts';

/**
 * Shared-channel events as Teams sends them (conversationUpdate with `channelData.eventType`; PLATFORM.md, shared
 * channels; Microsoft's sample OfficeDev/Microsoft-Teams-Samples samples/bot-shared-channel-events): sharing a
 * channel with another tenant's team, unsharing it, and a member added or removed with `membershipSource`.
 * Each also changes the stand-in's state the way Teams would, so the roster answers accordingly.
 */
export function channelEvents(teams: TeamsStandIn) {
  const event = (channel: Conversation, fromId: string, channelData: Record<string, unknown>, extra = {}) => {
    const base = teams.activity(channel, fromId, { type: 'conversationUpdate', ...extra });
    return { ...base, channelData: { ...(base.channelData as object), ...channelData } };
  };
  return {
    /** `channelShared`: the channel is shared with a team of `tenantId` (its members join the roster). */
    shared(channel: Conversation, byId: string, tenantId: string, memberIds: readonly string[] = []) {
      for (const id of memberIds) if (!channel.memberIds.includes(id)) channel.memberIds.push(id);
      return event(channel, byId, {
        eventType: 'channelShared',
        sharedWithTeams: [{ id: `19:team-${tenantId}@thread.tacv2`, name: 'Client team', tenantId }],
      });
    },
    /** `channelUnshared`: the sharing with `tenantId`'s team ends (its members leave the roster). */
    unshared(channel: Conversation, byId: string, tenantId: string) {
      channel.memberIds = channel.memberIds.filter((id) => teams.state.members.get(id)?.tenantId !== tenantId);
      return event(channel, byId, {
        eventType: 'channelUnshared',
        unsharedFromTeams: [{ id: `19:team-${tenantId}@thread.tacv2`, name: 'Client team', tenantId }],
      });
    },
    /** `channelMemberRemoved` with its `membershipSource` (the member's own tenant): they leave the roster. */
    memberRemoved(channel: Conversation, byId: string, memberId: string) {
      const m = teams.state.members.get(memberId)!;
      channel.memberIds = channel.memberIds.filter((id) => id !== memberId);
      return event(
        channel,
        byId,
        {
          eventType: 'channelMemberRemoved',
          membershipSource: { sourceType: 'channel', id: channel.id, membershipType: 'direct', tenantId: m.tenantId },
        },
        { membersRemoved: [{ id: m.id, aadObjectId: m.aadObjectId }] },
      );
    },
  };
}
