import type { TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { tenantOf } from '../activity-schema.ts';
import { channelHasExternalMembers as rosterHasExternalMembers } from '../../delivery/teams-channel-audience.ts';

/** True when anyone in the channel this turn came from belongs to another tenant (see teams-channel-audience). */
export async function channelHasExternalMembers(context: TurnContext): Promise<boolean> {
  const host = tenantOf(context.activity);
  const channelId =
    (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ??
    context.activity.conversation.id;
  return rosterHasExternalMembers(
    context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient,
    channelId,
    host,
  );
}
