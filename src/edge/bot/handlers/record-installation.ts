import { tenantOf } from '../../../adapters/teams/tenant-of.ts';
import { TeamsInfo, TurnContext, type TeamsChannelAccount } from 'botbuilder';
import { describeError } from '../../../platform/log/describe-error.ts';
import type { InstallationScope } from '../../../adapters/store/installations-store.ts';
import type { TeamsUser } from '../../../adapters/store/users-store.ts';
import type { BotServices } from '../bot-services.ts';
import { helpCard } from '../../../features/cards/help-card.ts';

/** Teams' conversationType mapped to where the bot is installed. */
function scopeOf(context: TurnContext): InstallationScope {
  const type = context.activity.conversation.conversationType;
  if (type === 'channel') return 'team';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

/** The sender as stored, enriched from the roster (e-mail, UPN, tenant) when Teams answers. */
async function senderOf(context: TurnContext, services: BotServices): Promise<TeamsUser> {
  const from = context.activity.from;
  const tenantId = tenantOf(context.activity) ?? null;
  let member: Partial<TeamsChannelAccount> = {};
  try {
    member = await TeamsInfo.getMember(context, from.id);
  } catch (error) {
    // The user is still recorded from the activity alone; the roster is asked again at their next install event.
    services.log.warn({ userId: from.id, error: describeError(error) }, 'could not read the member from the roster');
  }
  return {
    id: from.id,
    aadObjectId: member.aadObjectId ?? from.aadObjectId ?? null,
    tenantId: member.tenantId ?? tenantId,
    name: member.name ?? from.name ?? null,
    email: member.email ?? null,
    upn: member.userPrincipalName ?? null,
  };
}

/**
 * Stores the conversation (with its reference for proactive messages) and the sender; true when the bot is newly
 * installed there.
 */
async function saveInstallation(context: TurnContext, services: BotServices): Promise<boolean> {
  const activity = context.activity;
  const scope = scopeOf(context);
  const user = await senderOf(context, services);
  await services.users.upsert(user);
  const isNew = await services.installations.save({
    conversationId: activity.conversation.id,
    scope,
    tenantId: user.tenantId,
    teamId: activity.channelData?.team?.id ?? null,
    channelId: activity.channelData?.channel?.id ?? null,
    userId: scope === 'personal' ? user.id : null,
    serviceUrl: activity.serviceUrl,
    reference: TurnContext.getConversationReference(activity) as Record<string, unknown>,
    installedBy: user.id,
  });
  services.log.info({ conversationId: activity.conversation.id, scope, isNew }, 'installation recorded');
  return isNew;
}

/**
 * Learns everyone on a team's roster (Entra object id, e-mail, UPN), so account managers who never opened the app
 * can still be mapped to Salesforce and reached in a 1:1 chat (the app is installed for them with the team).
 */
async function learnTeamRoster(context: TurnContext, services: BotServices): Promise<number> {
  const teamId = context.activity.channelData?.team?.id as string | undefined;
  if (!teamId) return 0;
  let learned = 0;
  let token: string | undefined;
  try {
    do {
      const page = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, token);
      for (const m of page.members) {
        await services.users.upsert({
          id: m.id,
          aadObjectId: m.aadObjectId ?? null,
          tenantId: m.tenantId ?? null,
          name: m.name ?? null,
          email: m.email ?? null,
          upn: m.userPrincipalName ?? null,
        });
        learned += 1;
      }
      token = page.continuationToken;
    } while (token);
  } catch (error) {
    // The install is recorded all the same; members are learned one by one as they use the app.
    services.log.warn({ teamId, learned, error: describeError(error) }, 'could not read the team roster');
  }
  return learned;
}

/** On install: record it; welcome the user in a new personal chat; learn a new team's roster. */
export async function recordInstallation(context: TurnContext, services: BotServices): Promise<void> {
  const isNew = await saveInstallation(context, services);
  if (isNew && scopeOf(context) === 'personal')
    await context.sendActivity({ attachments: [helpCard(services.commands())] });
  if (isNew && scopeOf(context) === 'team')
    services.log.info({ learned: await learnTeamRoster(context, services) }, 'team roster learned');
}

/** Marks the conversation uninstalled, so nothing proactive is sent there again. */
export async function recordUninstallation(context: TurnContext, services: BotServices): Promise<void> {
  services.knownChats.forget(context.activity.conversation.id);
  await services.installations.markUninstalled(context.activity.conversation.id);
  services.log.info({ conversationId: context.activity.conversation.id }, 'installation removed');
}

/**
 * Keeps the personal chat's reference fresh on every 1:1 message, so a bot installed before this database
 * existed (or whose install event was missed) can still reach the user proactively. A chat seen installed lately
 * (`knownChats`) is not read again.
 */
export async function rememberPersonalChat(context: TurnContext, services: BotServices): Promise<void> {
  if (scopeOf(context) !== 'personal') return;
  const conversationId = context.activity.conversation.id;
  if (services.knownChats.has(conversationId)) return;
  const known = await services.installations.byConversation(conversationId);
  if (!known || known.uninstalledAt) await saveInstallation(context, services);
  services.knownChats.add(conversationId);
}
