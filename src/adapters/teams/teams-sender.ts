import { tenantOf } from './tenant-of.ts';
import type { ConversationParameters, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { channelHasExternalMembers } from './teams-channel-audience.ts';
import type { CloudAdapter } from 'botbuilder';
import { DeliveryError, type Delivered, type TeamsDelivery } from './teams-delivery.ts';
import { classifyConnectorError } from './connector-errors.ts';
import { inThread, type ConversationRef } from '../../core/ports/conversation-ref.ts';
import { botReferenceOf, refOfActivity } from './bot-reference.ts';

/** Sends one delivery to Teams; the port the delivery engine drives, so tests can count what it sends. */
export interface TeamsSender {
  send(delivery: TeamsDelivery): Promise<Delivered>;
}

interface PipelineLike {
  getOrderedPolicies(): { name: string }[];
  removePolicy(options: { name: string }): unknown;
}

/**
 * Removes the retry policies of the turn's connector client (its @azure pipeline resends a POST after a 5xx or
 * 429 on its own, and a Teams send is not idempotent): the delivery engine alone decides what is resent.
 * botbuilder does not pass retry options through to that pipeline, so this is the one place to do it. The client
 * is this proactive turn's own: only incoming requests' clients are shared (`ClientReusingAuthentication`).
 */
function withoutRetries(context: TurnContext): void {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as
    | { client?: { pipeline?: PipelineLike } }
    | undefined;
  const pipeline = connector?.client?.pipeline;
  for (const policy of pipeline?.getOrderedPolicies() ?? [])
    if (/retry/i.test(policy.name)) pipeline!.removePolicy({ name: policy.name });
}

/**
 * Internal-only data goes to a channel only while everyone in it belongs to the host tenant: a linked channel
 * can be shared with the client, or gain a guest, after it was linked. Checked right before each send.
 */
async function refuseOutsiders(context: TurnContext, channelId: string, hostTenantId: string): Promise<void> {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient;
  if (await channelHasExternalMembers(connector, channelId, hostTenantId)) {
    throw new DeliveryError(
      'permanent',
      'not posted: the channel now has members from another tenant, and this message is internal-only',
    );
  }
}

/**
 * The botbuilder sender: continues a stored conversation, or opens the 1:1 chat with a user by Teams user id
 * (`29:...`, learned from a roster) or else Entra object id (Teams accepts either as `members[].id`; the field
 * `aadObjectId` there is refused), then sends the activity.
 */
export function botbuilderSender(adapter: CloudAdapter, appId: string): TeamsSender {
  const sendIn = async (
    reference: ConversationRef,
    activity: Record<string, unknown>,
    replaceActivityId?: string,
    internalOnlyFor?: string,
  ): Promise<Delivered> => {
    let delivered: Delivered | undefined;
    let failure: unknown;
    await adapter.continueConversationAsync(appId, botReferenceOf(reference), async (context) => {
      // Caught here, not thrown: the adapter would hand it to onTurnError, which cannot tell the caller.
      try {
        withoutRetries(context);
        const conversation = context.activity.conversation;
        // Anything but a 1:1 chat is checked (a reference without conversationType too): internal data fails closed.
        if (internalOnlyFor !== undefined && conversation.conversationType !== 'personal')
          await refuseOutsiders(context, conversation.id.split(';')[0]!, internalOnlyFor);
        const response = replaceActivityId
          ? await context
              .updateActivity({
                ...activity,
                id: replaceActivityId,
                conversation: context.activity.conversation,
              } as never)
              .then(() => ({ id: replaceActivityId }))
          : await context.sendActivity(activity);
        delivered = {
          activityId: response?.id,
          conversationId: context.activity.conversation.id,
          reference: refOfActivity(context.activity, reference),
        };
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== undefined) throw failure;
    if (!delivered) throw new DeliveryError('transient', 'the conversation could not be continued');
    return delivered;
  };
  /**
   * A new thread in a channel (a continued conversation would make it a reply to the continuation's made-up id).
   * The post is the create-conversation call itself, made with the turn's connector client once its retry
   * policies are gone: botbuilder's `TeamsInfo.sendMessageToTeamsChannel` creates its own client (with retries)
   * and, without an app id (local mode), calls an API CloudAdapter does not have.
   */
  const postInChannel = async (
    teamReference: ConversationRef,
    channelId: string,
    activity: Record<string, unknown>,
    internalOnlyFor?: string,
  ): Promise<Delivered> => {
    let delivered: Delivered | undefined;
    let failure: unknown;
    await adapter.continueConversationAsync(appId, botReferenceOf(teamReference), async (context) => {
      try {
        withoutRetries(context);
        if (internalOnlyFor !== undefined) await refuseOutsiders(context, channelId, internalOnlyFor);
        const connector = context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient;
        const tenantId = tenantOf(context.activity);
        const created = await connector.conversations.createConversation({
          isGroup: true,
          bot: context.activity.recipient,
          channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
          activity: activity as never,
        } as ConversationParameters);
        // Teams answers with the new thread, `<channel>;messageid=<root activity id>`, and the root activity's id.
        const threadId = created.id!;
        delivered = {
          activityId: created.activityId ?? threadId.split(';messageid=')[1],
          conversationId: threadId,
          reference: inThread(refOfActivity(context.activity, teamReference), threadId),
        };
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== undefined) throw failure;
    if (!delivered) throw new DeliveryError('transient', 'the channel post could not be made');
    return delivered;
  };
  return {
    async send(d) {
      try {
        const internalOnlyFor = d.internalOnly ? d.tenantId : undefined;
        if (d.to.kind === 'conversation')
          return await sendIn(d.to.reference, d.activity, d.replaceActivityId, internalOnlyFor);
        if (d.to.kind === 'channel')
          return await postInChannel(d.to.reference, d.to.channelId, d.activity, internalOnlyFor);
        const to = d.to;
        const parameters = {
          isGroup: false,
          bot: { id: `28:${appId}`, name: 'Partnership Pulse' },
          members: [{ id: to.teamsUserId ?? to.aadObjectId, name: '' }],
          tenantId: to.tenantId,
          channelData: { tenant: { id: to.tenantId } },
        } as ConversationParameters;
        let reference: ConversationRef | undefined;
        await adapter.createConversationAsync(
          appId,
          'msteams',
          to.serviceUrl,
          'https://api.botframework.com',
          parameters,
          async (context) => {
            // botbuilder leaves the created conversation's type unset; a chat opened with one member is a 1:1 chat.
            reference = { ...refOfActivity(context.activity), conversationType: 'personal' };
          },
        );
        return await sendIn({ ...reference!, userId: to.teamsUserId ?? to.aadObjectId }, d.activity);
      } catch (error) {
        throw classifyConnectorError(error);
      }
    },
  };
}
