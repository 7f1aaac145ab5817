import type { TurnContext, InvokeResponse } from 'botbuilder';
import { z } from 'zod';
import type { BotServices } from '../bot-services.ts';
import { accountManagerFor, CheckinRefusal } from '../../cycle/checkin.ts';
import { AlreadyLinkedError, channelLinksStore } from '../../store/channel-links-store.ts';
import { ACCOUNTS_DATASET, linkChannelCard } from '../../cards/link-channel-card.ts';
import type { MappedUser } from '../../store/people-store.ts';
import { channelHasExternalMembers } from './channel-guard.ts';
import { salesforceIdSchema } from '../../domain/salesforce-id.ts';

/** The team channel a message or action came from, or a refusal outside team channels. */
function channelOf(context: TurnContext) {
  const data = context.activity.channelData as
    | { channel?: { id?: string }; team?: { id?: string }; tenant?: { id?: string } }
    | undefined;
  if (context.activity.conversation.conversationType !== 'channel' || !data?.channel?.id) {
    throw new CheckinRefusal('Use this in a team channel, with an @mention of me.');
  }
  return {
    channelId: data.channel.id,
    teamId: data.team?.id ?? null,
    tenantId: data.tenant?.id ?? context.activity.conversation.tenantId ?? null,
  };
}

/**
 * Who may link: a Salesforce user of the host tenant (someone from a client's tenant maps to no Salesforce user,
 * so they are refused here).
 */
async function linker(context: TurnContext, services: BotServices): Promise<MappedUser> {
  return accountManagerFor(services.checkin, context.activity.from.id);
}

async function say(context: TurnContext, fn: () => Promise<string | undefined>): Promise<void> {
  try {
    const text = await fn();
    if (text) await context.sendActivity(text);
  } catch (error) {
    if (error instanceof CheckinRefusal || error instanceof AlreadyLinkedError)
      await context.sendActivity(error.message);
    else throw error;
  }
}

/** `link`: the card to choose one of the key accounts whose team I am on. */
export async function startLink(context: TurnContext, services: BotServices): Promise<void> {
  await say(context, async () => {
    channelOf(context);
    const me = await linker(context, services);
    const accounts = await channelLinksStore(services.checkin.db).accountsOnTeamOf(me.sfUserId);
    if (!accounts.length)
      return 'You are not on the team of any key account in Salesforce (as owner or account team member), so there is nothing you can link here.';
    await context.sendActivity({ attachments: [linkChannelCard(accounts)] });
    return undefined;
  });
}

const linkData = z.object({ accountId: salesforceIdSchema() });

/** `channel.link`: only someone on the account's team links it; the channel then gets its scorecard. */
export async function submitLink(context: TurnContext, services: BotServices, data: Record<string, unknown>) {
  const where = channelOf(context);
  const me = await linker(context, services);
  const parsed = linkData.safeParse(data);
  const links = channelLinksStore(services.checkin.db);
  const mine = await links.accountsOnTeamOf(me.sfUserId);
  if (!parsed.success) return linkChannelCard(mine, 'Choose an account.');
  if (await channelHasExternalMembers(context)) {
    throw new CheckinRefusal(
      "This channel has members from outside our organisation: link the account's internal channel instead (the client-safe scorecard for shared channels comes separately).",
    );
  }
  if (!(await links.isOnAccountTeam(me.sfUserId, parsed.data.accountId))) {
    services.log.warn(
      { sfUserId: me.sfUserId, accountId: parsed.data.accountId },
      'refused to link an account the user is not on the team of',
    );
    throw new CheckinRefusal(
      'Only the account team (the owner, and the account team in Salesforce) can link that account.',
    );
  }
  try {
    await links.linkAccount({ ...where, accountId: parsed.data.accountId, linkedBy: context.activity.from.id });
  } catch (error) {
    if (error instanceof AlreadyLinkedError) return linkChannelCard(mine, error.message);
    throw error;
  }
  const link = (await links.byChannel(where.channelId))!;
  return linkChannelCard(
    [],
    `This channel is now linked to ${link.accountName}. Its monthly scorecard will be posted here.`,
    true,
  );
}

/** `linked`: what this channel is linked to. */
export async function showLink(context: TurnContext, services: BotServices): Promise<void> {
  await say(context, async () => {
    const { channelId } = channelOf(context);
    const link = await channelLinksStore(services.checkin.db).byChannel(channelId);
    if (!link) return 'This channel is not linked. Type **link** (with an @mention of me) to link it to a key account.';
    const what =
      link.purpose === 'leadership'
        ? 'This is the leadership channel: the quarterly portfolio summary is posted here.'
        : `This channel is linked to **${link.accountName ?? link.accountId}**.`;
    // Internal data is never posted where someone from another tenant can read it: say so, rather than go quiet.
    if (await channelHasExternalMembers(context))
      return `${what} But it now has members from outside our organisation, so nothing internal is posted here until they leave (or link another channel).`;
    return what;
  });
}

/** `unlink`: the account's team (or, for the leadership channel, a sales leader) removes the link. */
export async function removeLink(context: TurnContext, services: BotServices): Promise<void> {
  await say(context, async () => {
    const { channelId } = channelOf(context);
    const me = await linker(context, services);
    const links = channelLinksStore(services.checkin.db);
    const link = await links.byChannel(channelId);
    if (!link) return 'This channel is not linked.';
    const allowed =
      link.purpose === 'leadership'
        ? await links.leadsAccountManagers(me.sfUserId)
        : await links.isOnAccountTeam(me.sfUserId, link.accountId!);
    if (!allowed)
      return link.purpose === 'leadership'
        ? 'Only a sales leader can unlink the leadership channel.'
        : 'Only the account team can unlink this channel.';
    await links.unlink(channelId);
    return link.purpose === 'leadership'
      ? 'This channel is no longer the leadership channel.'
      : `This channel is no longer linked to ${link.accountName ?? link.accountId}.`;
  });
}

/** `link leadership`: a sales leader (someone whose reports own key accounts) makes this the leadership channel. */
export async function linkLeadership(context: TurnContext, services: BotServices): Promise<void> {
  await say(context, async () => {
    const where = channelOf(context);
    const me = await linker(context, services);
    const links = channelLinksStore(services.checkin.db);
    if (!(await links.leadsAccountManagers(me.sfUserId)))
      return 'Only a sales leader (someone whose team owns key accounts in Salesforce) can choose the leadership channel.';
    await links.linkLeadership({ ...where, linkedBy: context.activity.from.id });
    return 'This is now the leadership channel: the quarterly portfolio summary will be posted here.';
  });
}

/** `application/search` for the account typeahead: key accounts on my team whose name contains the text. */
export async function searchAccounts(context: TurnContext, services: BotServices): Promise<InvokeResponse> {
  const value = context.activity.value as { queryText?: unknown; dataset?: unknown } | undefined;
  if (value?.dataset !== ACCOUNTS_DATASET)
    return { status: 200, body: { type: 'application/vnd.microsoft.search.searchResponse', value: { results: [] } } };
  const me = await accountManagerFor(services.checkin, context.activity.from.id).catch(() => undefined);
  const text = typeof value.queryText === 'string' ? value.queryText.slice(0, 100) : '';
  const accounts = me ? await channelLinksStore(services.checkin.db).accountsOnTeamOf(me.sfUserId, text, 25) : [];
  return {
    status: 200,
    body: {
      type: 'application/vnd.microsoft.search.searchResponse',
      value: { results: accounts.map((a) => ({ title: a.name, value: a.id })) },
    },
  };
}
