import type { InvokeAnswer, Turn } from '../turn.ts';
import { z } from 'zod';
import type { BotServices } from '../bot-services.ts';
import { ACCOUNTS_DATASET, linkChannelCard, linkSharedCard } from '../../../features/cards/link-channel-card.ts';
import { describeTenant, otherTenantsOf, type OtherTenant } from '../../../core/domain/other-tenants.ts';
import type { ChannelPlace } from '../../../features/channels/channel-links.ts';
import { PulseError } from '../../../core/pulse-error.ts';
import { channelHasExternalMembers, channelReachesOtherTenants } from './channel-guard.ts';

import { salesforceIdSchema } from '../../../core/domain/salesforce-id.ts';
import { plainName } from '../../../core/domain/plain-text.ts';

/** The team channel a message or action came from, or a refusal outside team channels. */
export function channelOf(turn: Turn): ChannelPlace {
  const { channelId, teamId, tenantId, conversationType } = turn.place;
  if (conversationType !== 'channel' || !channelId) {
    throw new PulseError('NOT_IN_A_CHANNEL', 'Use this in a team channel, with an @mention of me.');
  }
  return {
    channelId,
    teamId: teamId ?? null,
    tenantId: tenantId ?? null,
  };
}

/**
 * In a channel with members of another tenant, a client's member who asks to link, unlink or make it the
 * leadership channel gets the polite refusal (not an answer about our Salesforce that is no business of theirs).
 */
async function refuseClientMember(turn: Turn, services: BotServices, place: ChannelPlace): Promise<void> {
  if (await channelHasExternalMembers(turn)) await otherTenants(turn, services, place);
}

/**
 * `link`: the card to choose one of the key accounts whose team I am on. Where another tenant reads the channel, the
 * card lists none (they are other clients' names): the asker searches them by name (Teams' typeahead answers only
 * the person typing).
 */
export async function startLink(turn: Turn, services: BotServices): Promise<void> {
  const place = channelOf(turn);
  await refuseClientMember(turn, services, place);
  const accounts = await services.channels.linkableAccounts(turn.from.id);
  if (!accounts.length)
    return void (await turn.reply(
      'You are not on the team of any key account in Salesforce (as owner or account team member), so there is nothing you can link here.',
    ));
  if (await channelReachesOtherTenants(turn, services))
    return void (await turn.reply({
      cards: [
        linkChannelCard(
          [],
          "People of another organisation read this channel, so your accounts are not listed here: type the account's name in the box to find it.",
        ),
      ],
    }));
  await turn.reply({ cards: [linkChannelCard(accounts)] });
}

const linkData = z.object({ accountId: salesforceIdSchema() });

/**
 * The other tenants in this channel, from its roster (with how many people and their sign-in domains) and from Teams' channelShared
 * events (a tenant whose people have not joined yet); a client's member asking is refused politely (linking is the
 * account team's). Guests of our own tenant count as no other tenant.
 */
async function otherTenants(turn: Turn, services: BotServices, place: ChannelPlace): Promise<OtherTenant[]> {
  const host = place.tenantId?.toLowerCase();
  const members = await turn.roster().members(place.channelId);
  const asker = members.find((m) => m.teamsUserId === turn.from.id);
  if (asker && asker.tenantId.toLowerCase() !== host)
    throw new PulseError(
      'CLIENT_CANNOT_LINK',
      "Thank you for asking. Linking this channel is done by the account team on our side, so I can't do it for you.",
    );
  return otherTenantsOf(members, place.tenantId, await services.channels.sharedWithTenants(place.channelId));
}

/**
 * `channel.link`: only someone on the account's team links it; the channel then gets its scorecard. In a channel
 * with members of another tenant, the link becomes the account's shared channel with the client, after the user
 * confirms the client tenants the roster shows.
 */
export async function submitLink(turn: Turn, services: BotServices, data: Record<string, unknown>) {
  const parsed = linkData.safeParse(data);
  const place = channelOf(turn);
  const external = () => channelReachesOtherTenants(turn, services);
  if (parsed.success && (await external())) {
    const tenants = await otherTenants(turn, services, place);
    const account = (await services.channels.linkableAccounts(turn.from.id)).find(
      (a) => a.id === parsed.data.accountId,
    );
    if (tenants.length && account)
      return linkSharedCard(
        { accountId: account.id, accountName: account.name, tenants },
        `${
          tenants.length === 1
            ? 'This channel has members from another organisation.'
            : `This channel has members from ${tenants.length} other organisations: tick only the client's, ` +
              "since a consultant's or partner's people must not rate as the client."
        } ` +
          `Link it as the channel shared with the client of ${plainName(account.name)}? Only client-safe ` +
          `content is posted here (the rating card, the joint scorecard); the internal scorecard stays in the ` +
          `account's internal channel.`,
      );
  }
  const outcome = await services.channels.linkAccount(
    channelOf(turn),
    turn.from.id,
    parsed.success ? parsed.data.accountId : undefined,
    external,
  );
  // Where another organisation reads the channel, its card never lists the asker's accounts (other clients' names).
  if (!outcome.linked) return linkChannelCard((await external()) ? [] : outcome.accounts, outcome.reason);
  return linkChannelCard(
    [],
    `This channel is now linked to ${plainName(outcome.accountName)}. Its monthly scorecard will be posted here.`,
    true,
  );
}

/** The confirm card's data: the account, and the client tenants ticked on the card (Teams sends them comma-separated). */
const linkSharedData = linkData.extend({ tenants: z.string().min(1).max(2000) });

/**
 * `channel.link-shared`: the confirmed link of a channel shared with the client. The tenants are re-read from the
 * roster and kept only where the user ticked them: a tenant whose people joined after the card was shown (a third
 * party, say) never becomes a client tenant by someone's click on an older card, nor does one left unticked.
 */
export async function submitLinkShared(turn: Turn, services: BotServices, data: Record<string, unknown>) {
  const parsed = linkSharedData.safeParse(data);
  if (!parsed.success)
    throw new PulseError(
      'BAD_LINK',
      "Tick the client's organisation on the card, or, if the card is out of date, type link to start again.",
    );
  const place = channelOf(turn);
  const ticked = new Set(parsed.data.tenants.split(',').map((t) => t.trim().toLowerCase()));
  const tenants = (await otherTenants(turn, services, place))
    .map((t) => t.tenantId)
    .filter((t) => ticked.has(t.toLowerCase()));
  const text = await services.channels.linkShared(place, turn.from.id, parsed.data.accountId, tenants);
  return linkSharedCard({ accountId: parsed.data.accountId, accountName: '', tenants: [] }, text, true);
}

/** `linked`: what this channel is linked to. */
export async function showLink(turn: Turn, services: BotServices): Promise<void> {
  const place = channelOf(turn);
  // The client organisations of a shared link, as its people sign in: so the team sees a consultant linked by mistake.
  const clientTenants = async (tenantIds: readonly string[]) => {
    const members = await turn.roster().members(place.channelId);
    const ids = new Set(tenantIds.map((t) => t.toLowerCase()));
    return otherTenantsOf(members, place.tenantId, tenantIds)
      .filter((t) => ids.has(t.tenantId))
      .map(describeTenant);
  };
  await turn.reply(
    await services.channels.describeLink(place.channelId, () => channelHasExternalMembers(turn), clientTenants),
  );
}

/** `unlink`: the account's team (or, for the leadership channel, a sales leader) removes the link. */
export async function removeLink(turn: Turn, services: BotServices): Promise<void> {
  const place = channelOf(turn);
  await refuseClientMember(turn, services, place);
  const { channelId } = place;
  await turn.reply(await services.channels.unlink(channelId, turn.from.id));
}

/** `link leadership`: a sales leader (someone whose reports own key accounts) makes this the leadership channel. */
export async function linkLeadership(turn: Turn, services: BotServices): Promise<void> {
  await refuseClientMember(turn, services, channelOf(turn));
  await turn.reply(
    await services.channels.linkLeadership(channelOf(turn), turn.from.id, () =>
      channelReachesOtherTenants(turn, services),
    ),
  );
}

/** `application/search` for the account typeahead: key accounts on my team whose name contains the text. */
export async function searchAccounts(turn: Turn, services: BotServices): Promise<InvokeAnswer> {
  const value = turn.value as { queryText?: unknown; dataset?: unknown } | undefined;
  if (value?.dataset !== ACCOUNTS_DATASET)
    return { status: 200, body: { type: 'application/vnd.microsoft.search.searchResponse', value: { results: [] } } };
  const text = typeof value.queryText === 'string' ? value.queryText : '';
  const accounts = await services.channels.searchLinkableAccounts(turn.from.id, text);
  return {
    status: 200,
    body: {
      type: 'application/vnd.microsoft.search.searchResponse',
      value: { results: accounts.map((a) => ({ title: plainName(a.name), value: a.id })) },
    },
  };
}
