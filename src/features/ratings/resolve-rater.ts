import type { Queryable } from '../../adapters/store/database.ts';
import { channelLinksStore, type ChannelLink } from '../../adapters/store/channel-links-store.ts';
import { tabStore } from '../../adapters/store/tab-store.ts';
import { PulseError } from '../../core/pulse-error.ts';
import type { ChannelMember, ChannelRoster } from '../../core/ports/channel-roster.ts';

/** Who is rating, as the server decided it: the account, the side, and the key the answers are stored under. */
export interface Rater {
  accountId: string;
  accountName: string;
  side: 'client' | 'internal';
  /** The rater's Entra object id: the same from the bot and from the tab; never shown. */
  raterKey: string;
  /** The channel the rater is in, and the account's shared channel (where the client's answers come from). */
  channel: ChannelLink;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** The polite refusal for anyone who may not rate here; nothing is stored. */
function notARater(): PulseError {
  return new PulseError(
    'NOT_A_RATER',
    "Thank you for wanting to rate. Only the client's people in this shared channel and the account team can rate this account, so nothing was saved.",
  );
}

/**
 * The side a member of a linked channel is on, by the rater rule: the client's, for a member of the shared channel
 * whose tenant is one of the account's client tenants; ours, for a host-tenant member on the account's team in
 * Salesforce; undefined for anyone else (another account's team, a third tenant).
 */
export async function sideOfMember(
  db: Queryable,
  channel: ChannelLink,
  member: ChannelMember,
): Promise<Rater['side'] | undefined> {
  if (!channel.accountId) return undefined;
  if (channel.purpose === 'shared' && channel.clientTenantIds.some((t) => same(t, member.tenantId))) return 'client';
  if (!same(member.tenantId, channel.tenantId)) return undefined;
  const sf = await tabStore(db).salesforceUserFor(member.login, member.aadObjectId, member.tenantId);
  return sf && (await channelLinksStore(db).isOnAccountTeam(sf.sfUserId, channel.accountId)) ? 'internal' : undefined;
}

/**
 * Decides who is rating from the conversation and the roster only: a client rater is a member of the account's
 * shared channel whose tenant is one of the account's client tenants; an internal rater is a host-tenant member of
 * the channel who is on the account's team in Salesforce. Anyone else (someone on another account's team, a third
 * tenant, an id the roster does not know, a member removed from the channel) is refused.
 */
export async function resolveRater(
  db: Queryable,
  roster: ChannelRoster,
  channelId: string,
  userId: string,
): Promise<Rater> {
  const links = channelLinksStore(db);
  const channel = await links.byChannel(channelId);
  if (!channel || channel.purpose === 'leadership' || !channel.accountId)
    throw new PulseError(
      'NOT_A_RATING_CHANNEL',
      "Ratings happen in the channel shared with the client, or in the account's internal channel.",
    );
  const member = await roster.member(channelId, userId);
  if (!member) throw notARater();
  const side = await sideOfMember(db, channel, member);
  if (side)
    return {
      accountId: channel.accountId,
      accountName: channel.accountName ?? channel.accountId,
      channel,
      side,
      raterKey: member.aadObjectId,
    };
  throw notARater();
}
