import { tenantOf } from './tenant-of.ts';
import type { CloudAdapter } from 'botbuilder';
import type { ConversationRef } from '../../core/ports/conversation-ref.ts';
import { botReferenceOf } from './bot-reference.ts';
import type { ConnectorClient } from 'botframework-connector';

import type { ChannelMember, ChannelRoster } from '../../core/ports/channel-roster.ts';
import { connectorRoster } from './connector-roster.ts';

/**
 * A channel roster outside a turn (the cadence, `npm run ratings`): continues the team's stored conversation to get
 * a connector client, then reads the roster as in a turn.
 */
export function adapterRoster(adapter: CloudAdapter, appId: string): (teamReference: ConversationRef) => ChannelRoster {
  return (teamReference) => {
    const inTurn = async <T>(fn: (roster: ChannelRoster) => Promise<T>): Promise<T> => {
      let result: { value: T } | undefined;
      let failure: unknown;
      await adapter.continueConversationAsync(appId, botReferenceOf(teamReference), async (context) => {
        try {
          const connector = context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient;
          result = { value: await fn(connectorRoster(connector, tenantOf(context.activity))) };
        } catch (error) {
          failure = error;
        }
      });
      if (failure !== undefined) throw failure;
      if (!result) throw new Error('the team conversation could not be continued to read a roster');
      return result.value;
    };
    return {
      member: (channelId, userId) => inTurn((r) => r.member(channelId, userId)),
      members: (channelId): Promise<ChannelMember[]> => inTurn((r) => r.members(channelId)),
    };
  };
}
