import type { Turn } from '../turn.ts';
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
 * `channelShared` / `channelUnshared` (conversationUpdate, `channelData.eventType`): a share is remembered and
 * offered as a client tenant when the account team links the channel (they confirm it); an unshare from a client's
 * tenant takes that tenant off the account's shared channel at once (its people can no longer rate).
 */
export async function sharingChanged(turn: Turn, services: BotServices): Promise<void> {
  const parsed = sharingEvent.safeParse(turn.channelData);
  if (!parsed.success) {
    services.log.warn({ issue: parsed.error.issues[0]?.message }, 'channel sharing event not understood');
    return;
  }
  const e = parsed.data;
  if (e.eventType === 'channelShared') {
    services.log.info({ channelId: e.channel.id, tenants: e.sharedWithTeams.length }, 'channel shared');
    await services.channels.channelShared(
      e.channel.id,
      e.sharedWithTeams.map((t) => t.tenantId),
    );
    return;
  }
  const tenants = [...e.unsharedFromTeams, ...e.sharedWithTeams].map((t) => t.tenantId);
  await services.channels.channelUnshared(e.channel.id, tenants);
}
