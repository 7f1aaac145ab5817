import type { Clock } from '../../core/domain/clock.ts';
import type { Database } from '../../adapters/store/database.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { AlreadyLinkedError, channelLinksStore } from '../../adapters/store/channel-links-store.ts';
import { accountManagerFor } from '../people/account-manager-for.ts';
import { PulseError } from '../../core/pulse-error.ts';
import { plainName } from '../../core/domain/plain-text.ts';
import { cleanText, truncateText } from '../../core/domain/clean-text.ts';

/** What the channel-link use cases need. */
interface ChannelLinkDeps {
  db: Database;
  log: Logger;
  /** When a link is made (the rating cadence counts from it). */
  now: Clock;
}

/** A team channel, as plain ids (read from the activity, or the tab's context, by the caller). */
export interface ChannelPlace {
  channelId: string;
  teamId: string | null;
  tenantId: string | null;
}

/** Asks Teams whether anyone in the channel belongs to another tenant; the edge that can read the roster answers. */
export type AudienceCheck = () => Promise<boolean>;

/** A key account someone may link (owner, or on its account team in Salesforce). */
interface LinkableAccount {
  id: string;
  name: string;
}

/** How a link request ended: linked, or not, with the accounts the user may choose from instead. */
type LinkOutcome =
  | { linked: true; accountName: string }
  | { linked: false; reason: string; accounts: LinkableAccount[] };

/**
 * The rules of linking a Teams channel to a key account (its scorecard is then posted there) or making it the
 * leadership channel: only the account's team links or unlinks an account channel, only a sales leader the
 * leadership channel, and never a channel with members from another tenant.
 */
export function channelLinks(deps: ChannelLinkDeps) {
  const links = channelLinksStore(deps.db);
  return {
    /** The key accounts the asker may link (refuses someone not mapped to Salesforce). */
    async linkableAccounts(teamsUserId: string): Promise<LinkableAccount[]> {
      const me = await accountManagerFor(deps.db, teamsUserId);
      return links.accountsOnTeamOf(me.sfUserId);
    },

    /** The typeahead: key accounts on the asker's team whose name contains `text` (cleaned); none for someone unmapped. */
    async searchLinkableAccounts(teamsUserId: string, text: string): Promise<LinkableAccount[]> {
      const me = await accountManagerFor(deps.db, teamsUserId).catch(() => undefined);
      return me ? links.accountsOnTeamOf(me.sfUserId, truncateText(cleanText(text), 100), 25) : [];
    },

    /** Links the channel to `accountId` (undefined: nothing was chosen), for someone on that account's team. */
    async linkAccount(
      place: ChannelPlace,
      teamsUserId: string,
      accountId: string | undefined,
      hasExternalMembers: AudienceCheck,
    ): Promise<LinkOutcome> {
      const me = await accountManagerFor(deps.db, teamsUserId);
      const mine = await links.accountsOnTeamOf(me.sfUserId);
      if (!accountId) return { linked: false, reason: 'Choose an account.', accounts: mine };
      if (await hasExternalMembers()) {
        throw new PulseError(
          'EXTERNAL_MEMBERS',
          'This channel has members from outside our organisation, so internal scorecards never go here: link ' +
            "the account's internal channel for those. The account's team can link this one as the channel " +
            'shared with the client (client-safe content only).',
        );
      }
      if (!(await links.isOnAccountTeam(me.sfUserId, accountId))) {
        deps.log.warn(
          { sfUserId: me.sfUserId, accountId },
          'refused to link an account the user is not on the team of',
        );
        throw new PulseError(
          'NOT_ON_ACCOUNT_TEAM',
          'Only the account team (the owner, and the account team in Salesforce) can link that account.',
        );
      }
      try {
        await links.linkAccount({ ...place, accountId, linkedBy: teamsUserId, linkedAt: deps.now() });
      } catch (error) {
        if (error instanceof AlreadyLinkedError) return { linked: false, reason: error.message, accounts: mine };
        throw error;
      }
      const link = (await links.byChannel(place.channelId))!;
      return { linked: true, accountName: link.accountName ?? accountId };
    },

    /**
     * Links a channel shared with the client as the account's shared channel (only client-safe content is posted
     * there): for someone on the account's team, with the client tenants read from the channel's roster by the
     * caller (never from card data), after the linking user confirmed them.
     */
    async linkShared(
      place: ChannelPlace,
      teamsUserId: string,
      accountId: string,
      clientTenantIds: readonly string[],
    ): Promise<string> {
      const me = await accountManagerFor(deps.db, teamsUserId);
      if (!(await links.isOnAccountTeam(me.sfUserId, accountId))) {
        deps.log.warn({ sfUserId: me.sfUserId, accountId }, 'refused to link a shared channel of another team');
        throw new PulseError(
          'NOT_ON_ACCOUNT_TEAM',
          'Only the account team (the owner, and the account team in Salesforce) can link that account.',
        );
      }
      const host = place.tenantId?.toLowerCase();
      const clients = [...new Set(clientTenantIds.map((t) => t.toLowerCase()))].filter((t) => t !== host);
      if (!clients.length)
        throw new PulseError(
          'NOT_SHARED',
          "Nobody from the client's organisation is in this channel yet: share it with the client first (see the admin steps in the docs).",
        );
      await links.linkShared({
        ...place,
        accountId,
        clientTenantIds: clients,
        linkedBy: teamsUserId,
        linkedAt: deps.now(),
      });
      deps.log.info({ accountId, channelId: place.channelId, clientTenants: clients.length }, 'shared channel linked');
      const link = (await links.byChannel(place.channelId))!;
      return (
        `This channel is now the channel shared with the client for ` +
        `${plainName(link.accountName ?? accountId)}. Only client-safe content is posted here: the rating ` +
        `card and the joint scorecard.`
      );
    },

    /** Teams says the channel is now shared with these tenants' teams: offered when the channel is linked. */
    async channelShared(channelId: string, tenantIds: readonly string[]): Promise<void> {
      await links.setSharedWith(channelId, tenantIds, true);
    },

    /** Whether the channel is linked as an account's channel shared with the client (client-safe content only). */
    async isSharedWithClient(channelId: string): Promise<boolean> {
      return (await links.byChannel(channelId))?.purpose === 'shared';
    },

    /** The tenants Teams said the channel is shared with (besides those the roster shows). */
    sharedWithTenants: (channelId: string) => links.sharedWith(channelId),

    /** A channel's sharing with other tenants ended: those tenants' members can no longer rate there. */
    async channelUnshared(channelId: string, tenantIds: readonly string[]): Promise<void> {
      await links.setSharedWith(channelId, tenantIds, false);
      const link = await links.byChannel(channelId);
      if (link?.purpose !== 'shared') return;
      const gone = new Set(tenantIds.map((t) => t.toLowerCase()));
      const left = link.clientTenantIds.filter((t) => !gone.has(t.toLowerCase()));
      if (left.length === link.clientTenantIds.length) return;
      if (left.length) await links.linkShared({ ...link, accountId: link.accountId!, clientTenantIds: left });
      else await links.unlink(channelId);
      deps.log.info({ channelId, tenantsLeft: left.length }, 'a shared channel was unshared from a client tenant');
    },

    /**
     * What the channel is linked to, in words, including why nothing internal is posted there now; for a shared link,
     * which organisations rate as the client (`clientTenants` describes them as the roster shows them).
     */
    async describeLink(
      channelId: string,
      hasExternalMembers: AudienceCheck,
      clientTenants: (tenantIds: readonly string[]) => Promise<string[]> = async (ids) => [...ids],
    ): Promise<string> {
      const link = await links.byChannel(channelId);
      if (!link)
        return 'This channel is not linked. Type **link** (with an @mention of me) to link it to a key account.';
      if (link.purpose === 'shared') {
        const clients = await clientTenants(link.clientTenantIds);
        return (
          `This channel is shared with the client for **${plainName(link.accountName ?? link.accountId!)}**: ` +
          `only client-safe content (the rating card, the joint scorecard) is posted here. The people of ` +
          `${clients.length === 1 ? 'this organisation rate' : 'these organisations rate'} as the client: ` +
          `${clients.join('; ')}. If one is not the client's (a consultant's, say), the account team types ` +
          `unlink, then link, and ticks only the client's.`
        );
      }
      const what =
        link.purpose === 'leadership'
          ? 'This is the leadership channel: the quarterly portfolio summary is posted here.'
          : `This channel is linked to **${plainName(link.accountName ?? link.accountId!)}**.`;
      // Internal data is never posted where someone from another tenant can read it: say so, rather than go quiet.
      if (await hasExternalMembers())
        return `${what} But it now has members from outside our organisation, so nothing internal is posted here until they leave (or link another channel).`;
      return what;
    },

    /** Removes the channel's link: the account's team may, or for the leadership channel a sales leader. */
    async unlink(channelId: string, teamsUserId: string): Promise<string> {
      const me = await accountManagerFor(deps.db, teamsUserId);
      const link = await links.byChannel(channelId);
      if (!link) return 'This channel is not linked.';
      const allowed =
        link.purpose === 'leadership'
          ? await links.leadsAccountManagers(me.sfUserId)
          : await links.isOnAccountTeam(me.sfUserId, link.accountId!);
      if (!allowed)
        throw new PulseError(
          'NOT_ALLOWED_TO_UNLINK',
          link.purpose === 'leadership'
            ? 'Only a sales leader can unlink the leadership channel.'
            : 'Only the account team can unlink this channel.',
        );
      await links.unlink(channelId);
      return link.purpose === 'leadership'
        ? 'This channel is no longer the leadership channel.'
        : `This channel is no longer linked to ${plainName(link.accountName ?? link.accountId!)}.`;
    },

    /** Makes the channel the leadership channel, for a sales leader (someone whose reports own key accounts). */
    async linkLeadership(place: ChannelPlace, teamsUserId: string, hasExternalMembers: AudienceCheck): Promise<string> {
      const me = await accountManagerFor(deps.db, teamsUserId);
      if (!(await links.leadsAccountManagers(me.sfUserId)))
        throw new PulseError(
          'NOT_A_SALES_LEADER',
          'Only a sales leader (someone whose team owns key accounts in Salesforce) can choose the leadership channel.',
        );
      // The portfolio summary names every key account: never where another tenant reads.
      if (await hasExternalMembers())
        throw new PulseError(
          'EXTERNAL_MEMBERS',
          'This channel has members from outside our organisation, so it cannot be the leadership channel: choose an internal one.',
        );
      await deps.db.transaction((tx) =>
        channelLinksStore(tx).linkLeadership({ ...place, linkedBy: teamsUserId, linkedAt: deps.now() }),
      );
      return 'This is now the leadership channel: the quarterly portfolio summary will be posted here.';
    },
  };
}

/** The channel-link use cases. */
export type ChannelLinks = ReturnType<typeof channelLinks>;
