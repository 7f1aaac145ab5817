import type { TurnContext } from 'botbuilder';
import type { BotServices } from '../bot-services.ts';
import { accountManagerFor, listCard, logMeeting, myKeyAccounts, CheckinRefusal } from '../../cycle/checkin.ts';
import { returnsStore } from '../../store/returns-store.ts';
import { lastEndedPeriod, periodLabel } from '../../domain/period.ts';
import { logMeetingCard } from '../../cards/log-meeting-card.ts';

async function meOrExplain(context: TurnContext, services: BotServices) {
  try {
    return await accountManagerFor(services.checkin, context.activity.from.id);
  } catch (error) {
    if (error instanceof CheckinRefusal) {
      await context.sendActivity(error.message);
      return undefined;
    }
    throw error;
  }
}

/**
 * `status`: my key accounts this period (answered / pending), and, for a manager, where each of their account
 * managers stands, including anyone the bot could not reach and why.
 */
export async function showStatus(context: TurnContext, services: BotServices): Promise<void> {
  const me = await meOrExplain(context, services);
  if (!me) return;
  const period = lastEndedPeriod(new Date());
  const store = returnsStore(services.checkin.db);
  const state = await store.periodStatus(period);
  const accounts = await myKeyAccounts(services.checkin, me);
  if (accounts.length)
    await context.sendActivity({
      text: state ? undefined : `The ${periodLabel(period)} check-in has not opened yet.`,
      attachments: [await listCard(services.checkin, period, me)],
    });
  const team = await store.teamStatus(period, me.sfUserId);
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
      return `- **${t.name}**: ${where}`;
    });
    await context.sendActivity(`Your account managers, ${periodLabel(period)}:\n\n${lines.join('\n')}`);
  }
  if (!accounts.length && !team.length)
    await context.sendActivity('You own no key accounts in Salesforce, and nobody who does reports to you.');
}

/** `log meeting`: the quick card to record a meeting Salesforce lacks. */
export async function showLogMeeting(context: TurnContext, services: BotServices): Promise<void> {
  const me = await meOrExplain(context, services);
  if (!me) return;
  const accounts = await myKeyAccounts(services.checkin, me);
  if (!accounts.length) return void (await context.sendActivity('You own no key accounts in Salesforce.'));
  await context.sendActivity({ attachments: [logMeetingCard(accounts)] });
}

/** `meeting.log`: validate and record the meeting, then show the card again with the outcome. */
export async function submitLoggedMeeting(context: TurnContext, services: BotServices, data: Record<string, unknown>) {
  const me = await accountManagerFor(services.checkin, context.activity.from.id);
  const text = await logMeeting(services.checkin, me, data);
  return logMeetingCard(await myKeyAccounts(services.checkin, me), { text, ok: text.startsWith('Logged') });
}
