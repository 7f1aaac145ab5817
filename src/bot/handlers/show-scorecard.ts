import type { TurnContext } from 'botbuilder';
import type { BotServices } from '../bot-services.ts';
import { channelLinksStore } from '../../store/channel-links-store.ts';
import { returnsStore } from '../../store/returns-store.ts';
import { buildScorecard } from '../../scorecards/build-scorecard.ts';
import { scorecardCard } from '../../cards/scorecard-card.ts';
import { accountManagerFor, CheckinRefusal } from '../../cycle/checkin.ts';
import { lastEndedPeriod, periodLabel } from '../../domain/period.ts';
import { channelHasExternalMembers } from './channel-guard.ts';

/**
 * `scorecard`: in an account's linked (internal) channel, that account's scorecard for the month that just ended;
 * in the 1:1 chat, my key accounts with their status. Never in a channel with members from another tenant.
 */
export async function showScorecard(context: TurnContext, services: BotServices): Promise<void> {
  const period = lastEndedPeriod(new Date());
  const deps = { db: services.checkin.db, scoringSettings: services.scoringSettings };
  const channelId = (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  if (context.activity.conversation.conversationType === 'channel' && channelId) {
    const link = await channelLinksStore(services.checkin.db).byChannel(channelId);
    if (link?.purpose !== 'account')
      return void (await context.sendActivity(
        'This channel is not linked to a key account. Type **link** to link it.',
      ));
    if (await channelHasExternalMembers(context)) {
      services.log.warn(
        { channelId, accountId: link.accountId },
        'refused to show an internal scorecard in a channel with external members',
      );
      return void (await context.sendActivity(
        'This channel has members from outside our organisation, so I will not show the internal scorecard here.',
      ));
    }
    const card = await buildScorecard(deps, period, link.accountId!);
    if (!card) return void (await context.sendActivity('That account is no longer a key account in Salesforce.'));
    return void (await context.sendActivity({ attachments: [scorecardCard(card)] }));
  }
  let me;
  try {
    me = await accountManagerFor(services.checkin, context.activity.from.id);
  } catch (error) {
    if (error instanceof CheckinRefusal) return void (await context.sendActivity(error.message));
    throw error;
  }
  const accounts = await returnsStore(services.checkin.db).keyAccountsOf(me.sfUserId);
  if (!accounts.length) return void (await context.sendActivity('You own no key accounts in Salesforce.'));
  const lines = [];
  for (const a of accounts) {
    const s = await buildScorecard(deps, period, a.id);
    if (s) lines.push(`- **${a.name}**: ${s.status}; ${s.hours.thisMonth === null ? 'no return' : s.verdictText}`);
  }
  await context.sendActivity(`Your key accounts, ${periodLabel(period)}:\n\n${lines.join('\n')}`);
}
