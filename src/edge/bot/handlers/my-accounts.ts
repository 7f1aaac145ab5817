import type { TurnContext } from 'botbuilder';
import type { BotServices } from '../bot-services.ts';
import { lastEndedPeriod, periodLabel } from '../../../core/domain/period.ts';
import { logMeetingCard } from '../../../features/cards/log-meeting-card.ts';
import { plainName } from '../../../core/domain/plain-text.ts';

/**
 * `status`: my key accounts this period (answered / pending), and, for a manager, where each of their account
 * managers stands, including anyone the bot could not reach and why.
 */
export async function showStatus(context: TurnContext, services: BotServices): Promise<void> {
  const period = lastEndedPeriod(services.now());
  const { card, opened, team } = await services.checkin.status(context.activity.from.id, period);
  if (card)
    await context.sendActivity({
      text: opened ? undefined : `The ${periodLabel(period)} check-in has not opened yet.`,
      attachments: [card],
    });
  if (team.length) {
    const lines = team.map((t) => {
      const where =
        t.status === 'unreachable'
          ? `could not be reached: ${t.reason ?? 'no reason recorded'}`
          : t.status === 'unknown'
            ? 'prompt may not have arrived (a send was interrupted); the reminder follows'
            : t.status === 'not asked'
              ? 'not asked yet'
              : `${t.answered} of ${t.accounts} returns in`;
      return `- **${plainName(t.name)}**: ${where}`;
    });
    await context.sendActivity(`Your account managers, ${periodLabel(period)}:\n\n${lines.join('\n')}`);
  }
  if (!card && !team.length)
    await context.sendActivity('You own no key accounts in Salesforce, and nobody who does reports to you.');
}

/** `log meeting`: the quick card to record a meeting Salesforce lacks. */
export async function showLogMeeting(context: TurnContext, services: BotServices): Promise<void> {
  const accounts = await services.checkin.keyAccounts(context.activity.from.id);
  if (!accounts.length) return void (await context.sendActivity('You own no key accounts in Salesforce.'));
  await context.sendActivity({ attachments: [logMeetingCard(accounts, services.now())] });
}

/** `meeting.log`: validate and record the meeting, once per action, then show the card again with the outcome. */
export async function submitLoggedMeeting(
  context: TurnContext,
  services: BotServices,
  data: Record<string, unknown>,
  actionKey: string | undefined,
) {
  const { text, ok, accounts } = await services.checkin.logMeeting(context.activity.from.id, data, actionKey);
  return logMeetingCard(accounts, services.now(), { text, ok });
}
