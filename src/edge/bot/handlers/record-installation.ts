import type { Turn } from '../turn.ts';
import { describeError } from '../../../platform/log/describe-error.ts';
import type { InstallationScope } from '../../../adapters/store/installations-store.ts';
import type { TeamsUser } from '../../../adapters/store/users-store.ts';
import type { BotServices } from '../bot-services.ts';
import { helpCard } from '../../../features/cards/help-card.ts';

/** Teams' conversationType mapped to where the bot is installed. */
function scopeOf(turn: Turn): InstallationScope {
  const type = turn.place.conversationType;
  if (type === 'channel') return 'team';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

/** The sender as stored, enriched from the roster (e-mail, UPN, tenant) when Teams answers. */
async function senderOf(turn: Turn, services: BotServices): Promise<TeamsUser> {
  const from = turn.from;
  const tenantId = turn.place.tenantId ?? null;
  let member: Partial<TeamsUser> = {};
  try {
    member = await turn.member(from.id);
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
    upn: member.upn ?? null,
  };
}

/**
 * Stores the conversation (with its reference for proactive messages) and the sender; true when the bot is newly
 * installed there.
 */
async function saveInstallation(turn: Turn, services: BotServices): Promise<boolean> {
  const scope = scopeOf(turn);
  const user = await senderOf(turn, services);
  await services.users.upsert(user);
  const reference = turn.reference();
  const { conversationId } = turn.place;
  const isNew = await services.installations.save({
    conversationId,
    scope,
    tenantId: user.tenantId,
    teamId: turn.place.teamId ?? null,
    channelId: turn.place.channelId ?? null,
    userId: scope === 'personal' ? user.id : null,
    serviceUrl: reference.serviceUrl,
    reference,
    installedBy: user.id,
  });
  services.log.info({ conversationId, scope, isNew }, 'installation recorded');
  return isNew;
}

/**
 * Learns everyone on a team's roster (Entra object id, e-mail, UPN), so account managers who never opened the app
 * can still be mapped to Salesforce and reached in a 1:1 chat (the app is installed for them with the team).
 */
async function learnTeamRoster(turn: Turn, services: BotServices): Promise<number> {
  const teamId = turn.place.teamId;
  if (!teamId) return 0;
  let learned = 0;
  let token: string | undefined;
  try {
    do {
      const page = await turn.teamMembers(teamId, 500, token);
      for (const m of page.members) {
        await services.users.upsert(m);
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
export async function recordInstallation(turn: Turn, services: BotServices): Promise<void> {
  const isNew = await saveInstallation(turn, services);
  if (isNew && scopeOf(turn) === 'personal') await turn.reply({ cards: [helpCard(services.commands())] });
  if (isNew && scopeOf(turn) === 'team')
    services.log.info({ learned: await learnTeamRoster(turn, services) }, 'team roster learned');
}

/** Marks the conversation uninstalled, so nothing proactive is sent there again. */
export async function recordUninstallation(turn: Turn, services: BotServices): Promise<void> {
  services.knownChats.forget(turn.place.conversationId);
  await services.installations.markUninstalled(turn.place.conversationId);
  services.log.info({ conversationId: turn.place.conversationId }, 'installation removed');
}

/**
 * Keeps the personal chat's reference fresh on every 1:1 message, so a bot installed before this database
 * existed (or whose install event was missed) can still reach the user proactively. A chat seen installed lately
 * (`knownChats`) is not read again.
 */
export async function rememberPersonalChat(turn: Turn, services: BotServices): Promise<void> {
  if (scopeOf(turn) !== 'personal') return;
  const conversationId = turn.place.conversationId;
  if (services.knownChats.has(conversationId)) return;
  const known = await services.installations.byConversation(conversationId);
  if (!known || known.uninstalledAt) await saveInstallation(turn, services);
  services.knownChats.add(conversationId);
}
