import type { Turn } from '../turn.ts';
import type { BotServices } from '../bot-services.ts';
import { lastEndedPeriod, periodLabel } from '../../../core/domain/period.ts';
import { logMeetingCard } from '../../../features/cards/log-meeting-card.ts';
import { plainName } from '../../../core/domain/plain-text.ts';

/**
 * `status`: my key accounts this period (answered / pending), and, for a manager, where each of their account
 * managers stands, including anyone the bot could not reach and why.
 */
export async function showStatus(turn: Turn, services: BotServices): Promise<void> {
  const period = lastEndedPeriod(services.now());
  const { card, opened, team } = await services.checkin.status(turn.from.id, period);
  if (card)
    await turn.reply({
      text: opened ? undefined : `The ${periodLabel(period)} check-in has not opened yet.`,
      cards: [card],
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
    await turn.reply(`Your account managers, ${periodLabel(period)}:\n\n${lines.join('\n')}`);
  }
  if (!card && !team.length)
    await turn.reply('You own no key accounts in Salesforce, and nobody who does reports to you.');
}

/** `log meeting`: the quick card to record a meeting Salesforce lacks. */
export async function showLogMeeting(turn: Turn, services: BotServices): Promise<void> {
  const { accounts, today } = await services.checkin.logMeetingForm(turn.from.id);
  if (!accounts.length) return void (await turn.reply('You own no key accounts in Salesforce.'));
  await turn.reply({ cards: [logMeetingCard(accounts, today)] });
}

/** `meeting.log`: validate and record the meeting, once per action, then show the card again with the outcome. */
export async function submitLoggedMeeting(
  turn: Turn,
  services: BotServices,
  data: Record<string, unknown>,
  actionKey: string | undefined,
) {
  const { text, ok, accounts, today } = await services.checkin.logMeeting(turn.from.id, data, actionKey);
  return logMeetingCard(accounts, today, { text, ok });
}
