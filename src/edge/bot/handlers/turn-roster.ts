import { tenantOf } from '../../../adapters/teams/tenant-of.ts';
import type { TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

import { connectorRoster } from '../../../adapters/teams/connector-roster.ts';
import type { ChannelRoster } from '../../../core/ports/channel-roster.ts';

/** The roster of channels in this turn's team, read with the turn's connector client. */
export function turnRoster(context: TurnContext): ChannelRoster {
  return connectorRoster(
    context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient,
    tenantOf(context.activity),
  );
}
