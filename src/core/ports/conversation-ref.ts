import { z } from 'zod';

/**
 * How the bot reaches a conversation later (a proactive message, a card update, a roster read outside a turn), as
 * we store it: our own shape, not an SDK's, so a successor to botbuilder reads the same rows. The Bot Connector
 * needs only these: where to call (`serviceUrl`), which conversation, in which tenant, as which bot.
 */
export interface ConversationRef {
  conversationId: string;
  /** `personal`, `groupChat` or `channel`; undefined when Teams did not say (treated as not personal). */
  conversationType?: string;
  tenantId?: string;
  serviceUrl: string;
  /** The bot's id in the conversation (`28:<app id>`). */
  botId: string;
  /** Outside group conversations (a 1:1 chat), the user it is with (Teams user id): personal data, erased on request. */
  userId?: string;
}

const text = z.string().min(1).max(1000);

const ours = z.object({
  conversationId: text,
  conversationType: text.optional(),
  tenantId: text.optional(),
  serviceUrl: z.string().url().max(1000),
  botId: text,
  userId: text.optional(),
});

/** botbuilder's `ConversationReference`, as rows stored before this shape existed hold it (migration 015 converts). */
const botbuilders = z
  .object({
    conversation: z.object({ id: text, conversationType: text.optional(), tenantId: text.optional() }),
    serviceUrl: z.string().url().max(1000),
    bot: z.object({ id: text }),
    user: z.object({ id: text }).optional(),
  })
  .transform(
    (r): ConversationRef => ({
      conversationId: r.conversation.id,
      ...(r.conversation.conversationType ? { conversationType: r.conversation.conversationType } : {}),
      ...(r.conversation.tenantId ? { tenantId: r.conversation.tenantId } : {}),
      serviceUrl: r.serviceUrl,
      botId: r.bot.id,
      ...(r.user && !['channel', 'groupChat'].includes(r.conversation.conversationType ?? '')
        ? { userId: r.user.id }
        : {}),
    }),
  );

/** A stored reference, ours or botbuilder's (queued before the change), read as ours. */
export const conversationRef: z.ZodType<ConversationRef, unknown> = z.union([ours.strict(), botbuilders]);

/** The same conversation, another thread in it: a channel post's thread (`<channel>;messageid=<root id>`). */
export const inThread = (ref: ConversationRef, threadId: string): ConversationRef => ({
  ...ref,
  conversationId: threadId,
  conversationType: 'channel',
});
