import type { ConnectorClient } from 'botframework-connector';
import type { ChannelMember, ChannelRoster } from '../ratings/channel-roster.ts';
import { rosterPages } from './teams-channel-audience.ts';

interface WireMember {
  id?: string;
  aadObjectId?: string;
  tenantId?: string;
  userPrincipalName?: string;
  email?: string;
}

const toMember = (m: WireMember, hostTenantId: string | undefined): ChannelMember | undefined =>
  m.id && m.aadObjectId
    ? {
        teamsUserId: m.id,
        aadObjectId: m.aadObjectId,
        // A roster entry without a tenant (the Agents Playground's) is one of the host's own people.
        tenantId: m.tenantId ?? hostTenantId ?? '',
        login: m.userPrincipalName ?? m.email ?? null,
      }
    : undefined;

/**
 * A channel's roster read from the Bot Connector (`GET /v3/conversations/{channel}/members[/{id}]`, which in a
 * shared channel returns the channel's own members with each one's tenant), for the rating use cases.
 */
export function connectorRoster(connector: ConnectorClient, hostTenantId: string | undefined): ChannelRoster {
  return {
    async member(channelId, userId) {
      try {
        const m = (await connector.conversations.getConversationMember(channelId, userId)) as unknown as WireMember;
        return toMember(m, hostTenantId);
      } catch (error) {
        // 404 MemberNotFoundInConversation: not (or no longer) in the channel, so nobody we may count.
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        // A connector without the single-member route (the Agents Playground): look them up in the paged roster.
        const all = await this.members(channelId);
        return all.find((m) => m.teamsUserId === userId || m.aadObjectId === userId);
      }
    },
    async members(channelId) {
      const out: ChannelMember[] = [];
      for await (const page of rosterPages(connector, channelId))
        for (const m of page as WireMember[]) {
          const member = toMember(m, hostTenantId);
          if (member) out.push(member);
        }
      return out;
    },
  };
}
