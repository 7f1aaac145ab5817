import type { Turn } from '../turn.ts';
import type { BotServices } from '../bot-services.ts';
import { scorecardCard } from '../../../features/cards/scorecard-card.ts';
import { lastEndedPeriod, periodLabel } from '../../../core/domain/period.ts';
import { channelHasExternalMembers } from './channel-guard.ts';
import { plainName } from '../../../core/domain/plain-text.ts';
import { PulseError } from '../../../core/pulse-error.ts';

/**
 * `scorecard`: in an account's linked (internal) channel, that account's scorecard for the month that just ended;
 * in the 1:1 chat, my key accounts with their status; in a group chat, neither. Never in a channel with members from
 * another tenant.
 */
export async function showScorecard(turn: Turn, services: BotServices): Promise<void> {
  const period = lastEndedPeriod(services.now());
  const channelId = turn.place.channelId;
  if (turn.place.conversationType === 'channel' && channelId) {
    const card = await services.scorecards.forChannel(period, channelId, () => channelHasExternalMembers(turn));
    return void (await turn.reply({ cards: [scorecardCard(card)] }));
  }
  // A group chat (a client's people may be in it) gets no one's accounts: those are for the 1:1 chat.
  if (turn.place.conversationType !== 'personal')
    throw new PulseError(
      'PERSONAL_CHAT_ONLY',
      "Use scorecard in our 1:1 chat (your accounts' status) or in an account's linked channel (its scorecard).",
    );
  const lines = (await services.scorecards.mine(period, turn.from.id)).map(
    ({ accountName, scorecard: s }) =>
      `- **${plainName(accountName)}**: ${s.status}; ${s.hours.thisMonth === null ? 'no return' : s.verdictText}`,
  );
  await turn.reply(`Your key accounts, ${periodLabel(period)}:\n\n${lines.join('\n')}`);
}
