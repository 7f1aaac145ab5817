import { promptsStore } from '../../adapters/store/prompts-store.ts';
import type { Queryable } from '../../adapters/store/database.ts';
import type { OutboxItem } from '../../adapters/store/outbox-store.ts';
import { installationsStore } from '../../adapters/store/installations-store.ts';
import type { OutcomeRecorder } from '../../adapters/teams/drain-teams-outbox.ts';
import { parseTeamsMessage } from '../../adapters/teams/teams-messages.ts';

/**
 * What a delivered (or refused) prompt means for the cycle: the account manager is marked reached or unreachable
 * with the reason operators see in `status`; a 1:1 chat Teams opened for us is remembered for next time.
 */
export const recordPromptOutcome: OutcomeRecorder = async (db: Queryable, item: OutboxItem, outcome): Promise<void> => {
  const message = parseTeamsMessage(item.object, item.key);
  if (message?.kind !== 'prompt' && message?.kind !== 'reminder') return;
  const { period, sfUserId } = message;
  if (outcome.status === 'delivered') {
    if (item.object === 'prompt')
      await promptsStore(db).markPrompt(period, sfUserId, {
        status: 'sent',
        activityId: outcome.delivered.activityId ?? null,
        reference: outcome.delivered.reference,
      });
    // A chat Teams opened for us (we had no reference) is remembered for next time.
    const ref = outcome.delivered.reference;
    const sentTo = (item.payload as { to?: { kind?: string } }).to?.kind;
    const prompt = sentTo === 'user' ? await promptsStore(db).prompt(period, sfUserId) : undefined;
    if (
      prompt?.teamsUserId &&
      ref.conversationId &&
      ref.serviceUrl &&
      !(await installationsStore(db).personalChatOf(prompt.teamsUserId))
    ) {
      await installationsStore(db).save({
        conversationId: ref.conversationId,
        scope: 'personal',
        tenantId: ref.tenantId ?? null,
        teamId: null,
        channelId: null,
        userId: prompt.teamsUserId,
        serviceUrl: ref.serviceUrl,
        reference: outcome.delivered.reference,
        installedBy: null,
      });
    }
  } else if (outcome.status === 'unknown') {
    if (item.object === 'prompt')
      await promptsStore(db).markPrompt(period, sfUserId, { status: 'unknown', reason: outcome.reason });
  } else if (outcome.status === 'unreachable' || outcome.status === 'failed') {
    await promptsStore(db).markPrompt(period, sfUserId, { status: 'unreachable', reason: outcome.reason });
  }
};
