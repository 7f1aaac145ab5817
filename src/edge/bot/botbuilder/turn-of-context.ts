import { ActivityTypes, TeamsInfo, TurnContext, type Activity, type TeamsChannelAccount } from 'botbuilder';
import type { TeamsUser } from '../../../adapters/store/users-store.ts';
import type { ConnectorClient } from 'botframework-connector';
import { tenantOf } from '../../../adapters/teams/tenant-of.ts';
import { connectorRoster } from '../../../adapters/teams/connector-roster.ts';
import { channelHasExternalMembers } from '../../../adapters/teams/teams-channel-audience.ts';
import { refOfActivity } from '../../../adapters/teams/bot-reference.ts';
import type { BotEvent, Turn } from '../turn.ts';

function botIsAmong(members: readonly { id: string }[] | undefined, botId: string): boolean {
  return (members ?? []).some((m) => m.id === botId);
}

/** Maps a wire activity to the event we route, or undefined when nothing here handles it. */
function eventOf(a: Activity): BotEvent | undefined {
  switch (a.type) {
    case ActivityTypes.Message:
      return typeof (a.value as { verb?: unknown } | undefined)?.verb === 'string' && !a.text
        ? 'cardActionReceived'
        : 'messageReceived';
    case ActivityTypes.Invoke:
      return a.name === 'adaptiveCard/action' ? 'cardActionReceived' : 'invokeReceived';
    case ActivityTypes.InstallationUpdate:
      if (a.action === 'add' || a.action === 'add-upgrade') return 'botInstalled';
      if (a.action === 'remove' || a.action === 'remove-upgrade') return 'botUninstalled';
      return undefined;
    case ActivityTypes.ConversationUpdate:
      if (botIsAmong(a.membersAdded, a.recipient.id)) return 'botInstalled';
      if (botIsAmong(a.membersRemoved, a.recipient.id)) return 'botUninstalled';
      // botbuilder has no handler for these: Teams names them in channelData.eventType (PLATFORM.md).
      if (['channelShared', 'channelUnshared'].includes(String((a.channelData as { eventType?: unknown })?.eventType)))
        return 'channelSharingChanged';
      return undefined;
    default:
      return undefined;
  }
}

/**
 * A card action's verb and data: an `adaptiveCard/action` invoke carries them in `value.action`; the Action.Submit
 * fallback (clients without Universal Actions) sends the card's data, `verb` included, as the message's value.
 */
function cardActionOf(a: Activity): Turn['cardAction'] {
  const action =
    a.type === ActivityTypes.Invoke
      ? ((a.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action ?? {})
      : { verb: (a.value as { verb?: unknown } | undefined)?.verb, data: a.value };
  const data = action.data && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
  return { verb: typeof action.verb === 'string' ? action.verb : '', data };
}

/** A roster entry as the users store keeps it. */
const teamsUserOf = (m: TeamsChannelAccount): TeamsUser => ({
  id: m.id,
  aadObjectId: m.aadObjectId ?? null,
  tenantId: m.tenantId ?? null,
  name: m.name ?? null,
  email: m.email ?? null,
  upn: m.userPrincipalName ?? null,
});

/** The turn's connector client, which botbuilder created with the credentials for this activity's service URL. */
const connectorOf = (context: TurnContext) =>
  context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient;

/** botbuilder's TurnContext as our `Turn`: the one place handlers' needs meet the SDK. */
export function turnOf(context: TurnContext): Turn {
  const a = context.activity;
  const event = eventOf(a);
  const channelData = a.channelData as { channel?: { id?: unknown }; team?: { id?: unknown } } | undefined;
  const idOf = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    activityId: a.id,
    event,
    activityType: a.type,
    invokeName: a.type === ActivityTypes.Invoke ? a.name : undefined,
    cardAction: event === 'cardActionReceived' ? cardActionOf(a) : undefined,
    answersPrivately: a.type === ActivityTypes.Invoke,
    from: { id: a.from.id, aadObjectId: a.from.aadObjectId, name: a.from.name },
    place: {
      conversationId: a.conversation.id,
      conversationType: a.conversation.conversationType,
      channelId: idOf(channelData?.channel?.id),
      teamId: idOf(channelData?.team?.id),
      tenantId: tenantOf(a),
    },
    text: TurnContext.removeRecipientMention(a) ?? a.text ?? '',
    value: a.value,
    channelData: a.channelData,
    replyToId: a.replyToId,
    reference: () => refOfActivity(a),
    async reply(message) {
      if (typeof message === 'string') await context.sendActivity(message);
      else await context.sendActivity({ text: message.text, attachments: message.cards });
    },
    async update(activityId, card) {
      await context.updateActivity({ type: 'message', id: activityId, attachments: [card] });
    },
    async answerInvoke(answer) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: answer });
    },
    roster: () => connectorRoster(connectorOf(context), tenantOf(a)),
    channelHasExternalMembers: (channelId) => channelHasExternalMembers(connectorOf(context), channelId, tenantOf(a)),
    async member(userId) {
      return teamsUserOf(await TeamsInfo.getMember(context, userId));
    },
    async teamMembers(teamId, pageSize, continuationToken) {
      const page = await TeamsInfo.getPagedTeamMembers(context, teamId, pageSize, continuationToken);
      return {
        members: page.members.map(teamsUserOf),
        continuationToken: page.continuationToken,
      };
    },
  };
}
