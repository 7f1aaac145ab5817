import type { TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { tenantOf } from '../activity-schema.ts';
import { connectorRoster } from '../../delivery/connector-roster.ts';
import type { ChannelRoster } from '../../ratings/channel-roster.ts';

/** The roster of channels in this turn's team, read with the turn's connector client. */
export function turnRoster(context: TurnContext): ChannelRoster {
  return connectorRoster(
    context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient,
    tenantOf(context.activity),
  );
}
