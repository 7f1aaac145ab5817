import type { ConnectorClient } from 'botframework-connector';

/** A channel's roster, page by page, as the Bot Connector returns it (the channel's own members, with tenants). */
export async function* rosterPages(
  connector: ConnectorClient,
  channelId: string,
): AsyncGenerator<{ id?: string; aadObjectId?: string; tenantId?: string; userRole?: string }[]> {
  let token: string | undefined;
  do {
    // The typings demand a continuation token even on the first page, where the wire format has none.
    const page = await connector.conversations.getConversationPagedMembers(channelId, {
      pageSize: 500,
      ...(token ? { continuationToken: token } : {}),
    } as { pageSize: number; continuationToken: string });
    yield page.members as { tenantId?: string; userRole?: string }[];
    token = page.continuationToken;
  } while (token);
}

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
  for await (const members of rosterPages(connector, channelId))
    if (
      members.some(
        (m) => (m.tenantId && m.tenantId !== hostTenantId) || m.userRole === 'guest' || m.userRole === 'anonymous',
      )
    )
      return true;
  return false;
}
