import type { Clock } from '../../core/domain/clock.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { InstallationsStore } from '../../adapters/store/installations-store.ts';
import type { UsersStore } from '../../adapters/store/users-store.ts';
import type { KnownChats } from './known-chats.ts';
import type { CommandHelp } from '../../features/cards/help-card.ts';
import type { Checkin } from '../../features/cycle/checkin.ts';
import type { ChannelLinks } from '../../features/channels/channel-links.ts';
import type { ShowScorecards } from '../../features/scorecards/show-scorecards.ts';
import type { Ratings } from '../../features/ratings/rate.ts';
import type { RatingRounds } from '../../features/ratings/rating-rounds.ts';
import type { RatingBacklog } from '../../features/ratings/rating-backlog.ts';
import type { ActionPlan } from '../../features/ratings/action-plan.ts';
import type { ElementTargets } from '../../features/ratings/element-targets.ts';

/**
 * What handlers may use: the use cases (each decides who is asking and what they may do) and the installation
 * records the bot keeps; never a database. The composition root builds it.
 */
export interface BotServices {
  log: Logger;
  /** What "now" is: the month a command is about. */
  now: Clock;
  users: UsersStore;
  installations: InstallationsStore;
  /** The personal chats lately seen installed, so a 1:1 turn does not read its installation every time. */
  knownChats: KnownChats;
  /** The monthly check-in: list, form, save, log a meeting, status. */
  checkin: Checkin;
  /** Linking team channels to key accounts or leadership. */
  channels: ChannelLinks;
  /** Internal scorecards: a linked channel's, or my accounts'. */
  scorecards: ShowScorecards;
  /** Client and internal ratings: the rater's form, saving a rating, the response rate. */
  ratings: Ratings;
  /** Opening and closing rating rounds (by command here; by the cadence and `npm run ratings` elsewhere). */
  rounds: RatingRounds;
  /** The elements rated, the client's proposals, and the irritant backlog. */
  backlog: RatingBacklog;
  /** The joint action plan: actions for priorities and irritants, owned on either side. */
  actions: ActionPlan;
  /** Targets per element for the next round: proposed by the account team, agreed by the client. */
  targets: ElementTargets;
  /** The commands the routes declare, for help texts. */
  commands(): readonly CommandHelp[];
  /** The commands the client's people may use in the channel shared with them, for help texts there. */
  clientCommands(): readonly CommandHelp[];
}
