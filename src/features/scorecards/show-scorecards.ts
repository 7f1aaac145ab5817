import type { Logger } from '../../platform/log/logger.ts';
import { channelLinksStore } from '../../adapters/store/channel-links-store.ts';
import { returnsStore } from '../../adapters/store/returns-store.ts';
import type { Period } from '../../core/domain/period.ts';
import type { InternalScorecard } from '../../core/scoring/scorecard.ts';
import { accountManagerFor } from '../people/account-manager-for.ts';
import { PulseError } from '../../core/pulse-error.ts';
import type { AudienceCheck } from '../channels/channel-links.ts';
import { buildScorecard, type ScorecardDeps } from './build-scorecard.ts';

/** One line of "my key accounts": the account and its scorecard for the period. */
interface MyScorecard {
  accountName: string;
  scorecard: InternalScorecard;
}

/**
 * Who may see which internal scorecard: the account's linked internal channel sees its account's, an account
 * manager sees their own accounts', and nobody sees one in a channel with members from another tenant.
 */
export function showScorecards(deps: ScorecardDeps & { log: Logger }) {
  return {
    /** The scorecard of the account linked to `channelId`, or a refusal saying why it is not shown there. */
    async forChannel(period: Period, channelId: string, hasExternalMembers: AudienceCheck) {
      const link = await channelLinksStore(deps.db).byChannel(channelId);
      if (link?.purpose === 'shared')
        throw new PulseError(
          'SHARED_CHANNEL',
          'This channel is shared with the client: the joint scorecard is posted here when a rating round ' +
            "closes, and the channel's tab shows it at any time. The internal scorecard stays in the account " +
            "team's own channel.",
        );
      if (link?.purpose !== 'account')
        throw new PulseError('NOT_LINKED', 'This channel is not linked to a key account. Type **link** to link it.');
      if (await hasExternalMembers()) {
        deps.log.warn(
          { channelId, accountId: link.accountId },
          'refused to show an internal scorecard in a channel with external members',
        );
        throw new PulseError(
          'EXTERNAL_MEMBERS',
          'This channel has members from outside our organisation, so I will not show the internal scorecard here.',
        );
      }
      const card = await buildScorecard(deps, period, link.accountId!);
      if (!card) throw new PulseError('NOT_A_KEY_ACCOUNT', 'That account is no longer a key account in Salesforce.');
      return card;
    },

    /** The asker's key accounts with their scorecards (refuses someone unmapped or owning no key account). */
    async mine(period: Period, teamsUserId: string): Promise<MyScorecard[]> {
      const me = await accountManagerFor(deps.db, teamsUserId);
      const accounts = await returnsStore(deps.db).keyAccountsOf(me.sfUserId);
      if (!accounts.length) throw new PulseError('NO_KEY_ACCOUNTS', 'You own no key accounts in Salesforce.');
      const mine: MyScorecard[] = [];
      for (const a of accounts) {
        const scorecard = await buildScorecard(deps, period, a.id);
        if (scorecard) mine.push({ accountName: a.name, scorecard });
      }
      return mine;
    },
  };
}

/** The scorecard-viewing use cases. */
export type ShowScorecards = ReturnType<typeof showScorecards>;
