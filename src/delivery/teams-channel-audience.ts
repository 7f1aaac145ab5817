import type { ConnectorClient } from 'botframework-connector';

/**
 * True when anyone in the channel belongs to another tenant than the host (a shared channel with the client, or
 * guests): internal-only data (scorecards, links) must never be posted where they can read it. The channel's own
 * roster is read from the connector: botbuilder's TeamsInfo.getPagedMembers returns the team's roster in a
 * channel, and a shared channel has members the team does not.
 */
export async function channelHasExternalMembers(
  connector: ConnectorClient,
  channelId: string,
  hostTenantId: string | undefined,
): Promise<boolean> {
  let token: string | undefined;
  do {
    // The typings demand a continuation token even on the first page, where the wire format has none.
    const page = await connector.conversations.getConversationPagedMembers(channelId, {
      pageSize: 500,
      ...(token ? { continuationToken: token } : {}),
    } as { pageSize: number; continuationToken: string });
    const members = page.members as { tenantId?: string; userRole?: string }[];
    if (
      members.some(
        (m) => (m.tenantId && m.tenantId !== hostTenantId) || m.userRole === 'guest' || m.userRole === 'anonymous',
      )
    )
      return true;
    token = page.continuationToken;
  } while (token);
  return false;
}
