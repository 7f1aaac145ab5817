import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { BotServices } from '../bot-services.ts';

const sharingEvent = z.object({
  eventType: z.enum(['channelShared', 'channelUnshared']),
  channel: z.object({ id: z.string().min(1) }),
  team: z.object({ id: z.string().min(1) }).optional(),
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
export async function sharingChanged(context: TurnContext, services: BotServices): Promise<void> {
  const parsed = sharingEvent.safeParse(context.activity.channelData);
  if (!parsed.success) {
    services.log.warn({ issue: parsed.error.issues[0]?.message }, 'channel sharing event not understood');
    return;
  }
  const e = parsed.data;
  if (e.eventType === 'channelShared') {
    services.log.info({ channelId: e.channel.id, tenants: e.sharedWithTeams.length }, 'channel shared');
    await services.channels.channelShared(
      { channelId: e.channel.id, teamId: e.team?.id ?? null },
      e.sharedWithTeams.map((t) => t.tenantId),
    );
    return;
  }
  const tenants = [...e.unsharedFromTeams, ...e.sharedWithTeams].map((t) => t.tenantId);
  await services.channels.channelUnshared(e.channel.id, tenants);
}

const removalPlace = z.object({
  team: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
});

/**
 * The bot was removed from a team channel (membersRemoved of the bot, or installationUpdate remove): from a shared
 * channel it was added to, or from the whole team (the event comes in the team's conversation, whose id is the
 * team's). It hears no more channelShared / channelUnshared there, so what they said is forgotten.
 */
export async function forgetSharingOnRemoval(context: TurnContext, services: BotServices): Promise<void> {
  if (context.activity.conversation.conversationType !== 'channel') return;
  const parsed = removalPlace.safeParse(context.activity.channelData);
  if (!parsed.success) {
    services.log.warn({ issue: parsed.error.issues[0]?.message }, 'bot removal without its team not understood');
    return;
  }
  const { team, channel } = parsed.data;
  const channelId = channel?.id ?? context.activity.conversation.id;
  await services.channels.botRemoved(channelId === team.id ? { teamId: team.id } : { channelId });
}
