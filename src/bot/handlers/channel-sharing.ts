import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { BotServices } from '../bot-services.ts';

const sharingEvent = z.object({
  eventType: z.enum(['channelShared', 'channelUnshared']),
  channel: z.object({ id: z.string().min(1) }),
  sharedWithTeams: z
    .array(z.object({ tenantId: z.string().min(1).max(100) }))
    .max(100)
    .default([]),
  unsharedFromTeams: z
    .array(z.object({ tenantId: z.string().min(1).max(100) }))
    .max(100)
    .default([]),
});

/**
 * `channelShared` / `channelUnshared` (conversationUpdate, `channelData.eventType`): an unshare from a client's
 * tenant takes that tenant off the account's shared channel at once (its people can no longer rate); a new share is
 * only logged, and becomes a client tenant when the account team confirms it with link.
 */
export async function sharingChanged(context: TurnContext, services: BotServices): Promise<void> {
  const parsed = sharingEvent.safeParse(context.activity.channelData);
  if (!parsed.success) {
    services.log.warn({ issue: parsed.error.issues[0]?.message }, 'channel sharing event not understood');
    return;
  }
  const e = parsed.data;
  if (e.eventType === 'channelShared') {
    services.log.info({ channelId: e.channel.id, tenants: e.sharedWithTeams.length }, 'channel shared');
    return;
  }
  const tenants = [...e.unsharedFromTeams, ...e.sharedWithTeams].map((t) => t.tenantId);
  await services.channels.channelUnshared(e.channel.id, tenants);
}
