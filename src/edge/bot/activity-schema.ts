import { z } from 'zod';

/**
 * One entry of `activity.entities`. botbuilder's mention helpers (run on every message) read `type.toLowerCase()`
 * of each entry and `mentioned.id` and `text` of each mention unchecked: a malformed one would fail the turn.
 */
const entitySchema = z
  .object({ type: z.string().min(1, 'each entity needs a type') })
  .loose()
  .superRefine((entity, ctx) => {
    if (entity.type.toLowerCase() !== 'mention') return;
    const mention = z.object({ mentioned: z.object({ id: z.string() }).loose(), text: z.string() }).safeParse(entity);
    if (!mention.success)
      ctx.addIssue({ code: 'custom', message: 'a mention needs mentioned.id and text, both strings' });
  });

/**
 * The part of an incoming Bot Framework activity we rely on before any handler runs. Anything else passes
 * through untouched; a body without these fields is a 400, not a crash.
 */
export const incomingActivitySchema = z
  .object({
    type: z.string().min(1, 'activity.type is required'),
    id: z.string().optional(),
    channelId: z.string().min(1, 'activity.channelId is required'),
    serviceUrl: z.string().url('activity.serviceUrl must be a URL'),
    conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional() }).loose(),
    from: z.object({ id: z.string().min(1) }).loose(),
    recipient: z.object({ id: z.string().min(1) }).loose(),
    channelData: z
      .object({ tenant: z.object({ id: z.string() }).loose().optional() })
      .loose()
      .optional(),
    entities: z.array(entitySchema, 'activity.entities must be a list').optional(),
    // removeRecipientMention calls text.replace when the bot is mentioned; every handler reads it as a string.
    text: z.string('activity.text must be a string').optional(),
  })
  .loose()
  .superRefine((activity, ctx) => {
    // Two places name the tenant (see tenantOf); Teams fills both alike, so a difference is forged or broken, and
    // the allow-list check must not read one while a handler reads the other.
    const fromChannelData = activity.channelData?.tenant?.id;
    const fromConversation = activity.conversation.tenantId;
    if (fromChannelData !== undefined && fromConversation !== undefined && fromChannelData !== fromConversation)
      ctx.addIssue({
        code: 'custom',
        path: ['channelData', 'tenant', 'id'],
        message: 'differs from conversation.tenantId; an activity comes from one tenant',
      });
  });

/**
 * The path of the first string (value or key) holding a NUL character, if any. PostgreSQL text cannot hold
 * U+0000 and Teams never sends it, so such an activity is refused at the door rather than failing in a query.
 */
export function nulCharacterPath(value: unknown, path = 'body', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path} (a key)`;
    const found = nulCharacterPath(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
