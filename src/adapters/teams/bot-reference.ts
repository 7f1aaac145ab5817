import type { Activity, ConversationAccount, ConversationReference } from 'botbuilder';
import type { ConversationRef } from '../../core/ports/conversation-ref.ts';
import { tenantOf } from './tenant-of.ts';

/** Group conversations (a channel, a group chat) have no one user a reference is with. */
const isGroupType = (type: string | undefined) => type === 'channel' || type === 'groupChat';

/** Our stored reference as botbuilder's `continueConversationAsync` takes it. */
export function botReferenceOf(ref: ConversationRef): Partial<ConversationReference> {
  const conversation = {
    id: ref.conversationId,
    ...(ref.conversationType
      ? { conversationType: ref.conversationType, isGroup: isGroupType(ref.conversationType) }
      : {}),
    ...(ref.tenantId ? { tenantId: ref.tenantId } : {}),
  } as ConversationAccount;
  return {
    channelId: 'msteams',
    serviceUrl: ref.serviceUrl,
    bot: { id: ref.botId, name: '' },
    conversation,
    ...(ref.userId ? { user: { id: ref.userId, name: '' } } : {}),
  };
}

/**
 * The conversation an activity belongs to, in our stored shape: an incoming activity, or the one botbuilder builds
 * for a continued or created conversation (which may lack the sender or the type: `base`, the reference continued,
 * fills them in). The user is kept only outside group conversations.
 */
export function refOfActivity(a: Partial<Activity>, base?: ConversationRef): ConversationRef {
  const type = a.conversation?.conversationType ?? base?.conversationType;
  const tenantId = tenantOf(a) ?? base?.tenantId;
  const userId = isGroupType(type) ? undefined : (a.from?.id ?? base?.userId);
  return {
    conversationId: a.conversation?.id ?? base?.conversationId ?? '',
    ...(type ? { conversationType: type } : {}),
    ...(tenantId ? { tenantId } : {}),
    serviceUrl: a.serviceUrl ?? base?.serviceUrl ?? '',
    botId: a.recipient?.id ?? base?.botId ?? '',
    ...(userId ? { userId } : {}),
  };
}
