import type { Turn } from '../turn.ts';
import type { BotServices } from '../bot-services.ts';
import { isBusy, rosterUnavailable } from '../../../adapters/teams/connector-roster.ts';
import { describeError } from '../../../platform/log/describe-error.ts';

/** The channel this turn came from (a chat's conversation id outside channels), whose roster and link decide. */
export const conversationChannelId = (turn: Turn): string => turn.place.channelId ?? turn.place.conversationId;

/** True when anyone in the channel this turn came from belongs to another tenant (see teams-channel-audience). */
export async function channelHasExternalMembers(turn: Turn): Promise<boolean> {
  try {
    return await turn.channelHasExternalMembers(conversationChannelId(turn));
  } catch (error) {
    // Throttled or down: the person is asked to try again (nothing is decided), not answered with a fault.
    if (isBusy((error as { statusCode?: number }).statusCode)) throw rosterUnavailable(error);
    throw error;
  }
}

/**
 * True when people of another tenant can read this channel: one of them is in it (by the roster), or Teams said it
 * is shared with another tenant's team before any of its members joined (they will read its history). A channel
 * shared with another team of our own tenant is still internal.
 */
export async function channelReachesOtherTenants(turn: Turn, services: BotServices): Promise<boolean> {
  const host = turn.place.tenantId?.toLowerCase();
  const channelId = conversationChannelId(turn);
  return (
    (await channelHasExternalMembers(turn)) ||
    (await services.channels.sharedWithTenants(channelId)).some((t) => t.toLowerCase() !== host)
  );
}

/**
 * True when people outside our organisation read what is posted in this conversation, or may: it is linked as an
 * account's channel shared with the client (whoever is in it now), or another tenant reads it (see above). A 1:1 chat
 * is the asker's own. When that cannot be known (the roster unreadable), it is true: what is posted stays client-safe.
 */
export async function otherOrganisationsRead(turn: Turn, services: BotServices): Promise<boolean> {
  if (turn.place.conversationType === 'personal') return false;
  try {
    return (
      (await services.channels.isSharedWithClient(conversationChannelId(turn))) ||
      (await channelReachesOtherTenants(turn, services))
    );
  } catch (error) {
    services.log.warn({ error: describeError(error) }, 'who reads this channel is unknown; answered as for the client');
    return true;
  }
}
