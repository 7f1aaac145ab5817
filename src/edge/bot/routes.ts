import { Router } from './router.ts';
import { recordInstallation, recordUninstallation, rememberPersonalChat } from './handlers/record-installation.ts';
import { showHelp } from './handlers/show-help.ts';
import { replyUnknown } from './handlers/reply-unknown.ts';
import { openReturn, showReturnList, submitReturn } from './handlers/checkin-actions.ts';
import { VERBS } from '../../features/cards/verbs.ts';
import { showLogMeeting, showStatus, submitLoggedMeeting } from './handlers/my-accounts.ts';
import { showScorecard } from './handlers/show-scorecard.ts';
import {
  linkLeadership,
  removeLink,
  searchAccounts,
  showLink,
  startLink,
  submitLink,
  submitLinkShared,
} from './handlers/channel-links.ts';
import {
  RATING_CADENCE,
  ratingCadence,
  saveRating,
  showRatingCard,
  startRatingRound,
  viewRating,
} from './handlers/ratings.ts';
import { sharingChanged } from './handlers/channel-sharing.ts';
import { elements, irritants } from './handlers/rating-backlog.ts';
import { actions, openActionForm, saveAction, targets } from './handlers/actions.ts';

/** Every command and event the bot answers, one line each; a duplicate fails at start-up. */
export function buildRoutes(): Router {
  return new Router()
    .on('botInstalled', recordInstallation)
    .on('botUninstalled', recordUninstallation)
    .on('messageReceived', rememberPersonalChat)
    .on('cardActionReceived', rememberPersonalChat)
    .cardAction(VERBS.listReturns, showReturnList, { personalOnly: true })
    .cardAction(VERBS.openReturn, openReturn, { personalOnly: true })
    .cardAction(VERBS.saveReturn, submitReturn, { personalOnly: true })
    .cardAction(VERBS.logMeeting, submitLoggedMeeting, { personalOnly: true })
    .on('channelSharingChanged', sharingChanged)
    .cardAction(VERBS.linkChannel, submitLink)
    .cardAction(VERBS.linkShared, submitLinkShared)
    .cardAction(VERBS.viewRating, viewRating)
    .cardAction(VERBS.saveRating, saveRating)
    .cardAction(VERBS.openActionForm, openActionForm)
    .cardAction(VERBS.saveAction, saveAction)
    .invoke('application/search', searchAccounts)
    .command('help', 'What I do and the commands I understand', showHelp, {
      forClient: 'What I do in this channel and the commands you can use here',
    })
    .command('status', 'My key accounts this month: answered or pending (and my team, for managers)', showStatus, {
      personalOnly: true,
    })
    .command('log meeting', 'Record a meeting with a client that Salesforce does not have', showLogMeeting, {
      personalOnly: true,
    })
    .command(
      'scorecard',
      "In a linked channel: the account's scorecard; in our chat: my accounts' status",
      showScorecard,
    )
    .command('link', 'In a team channel: link it to a key account, whose scorecard is then posted there', startLink, {
      channelOnly: true,
    })
    .command(
      'link leadership',
      'In a team channel: make it the leadership channel (portfolio summary)',
      linkLeadership,
      {
        channelOnly: true,
      },
    )
    .command('linked', 'In a team channel: show what it is linked to', showLink, { channelOnly: true, notInMenu: true })
    .command('unlink', 'In a team channel: remove its link', removeLink, { channelOnly: true, notInMenu: true })
    .command(
      'start rating round',
      "In an account's internal channel: open a rating round (the card goes to the channel shared with the client)",
      startRatingRound,
      { channelOnly: true },
    )
    .command(
      RATING_CADENCE,
      "In an account's internal channel: how often rating rounds open on their own (rating cadence monthly | quarterly)",
      ratingCadence,
      { channelOnly: true },
    )
    .command(
      'elements',
      'In a rated channel: what matters most (the team adds, renames, retires; the client proposes)',
      elements,
      {
        forClient: 'What matters most in our work with you; propose another with elements propose <name>',
        channelOnly: true,
      },
    )
    .command(
      'irritants',
      'In a rated channel: the irritant backlog (irritants <n> open | in progress | fixed)',
      irritants,
      {
        forClient:
          'What irritates you in our work, and where each fix stands (irritants <n> open | in progress | fixed, irritants <n> owner <name>)',
        channelOnly: true,
      },
    )
    .command(
      'actions',
      'In a rated channel: the action plan (actions add; actions <n> done | reopen | drop | accept | decline | due <date>)',
      actions,
      {
        forClient:
          'Our joint action plan: add your own actions or propose ours (actions add), and close yours (actions <n> done)',
        channelOnly: true,
      },
    )
    .command(
      'targets',
      'In a rated channel: targets per element for the next round (targets <n> <score>; the client agrees)',
      targets,
      {
        forClient: 'The targets proposed for the next round, and agree them with targets agree',
        channelOnly: true,
      },
    )
    .command(
      'rate',
      "In a rated channel: the open round's card again; rate status in the internal channel: the response rate",
      showRatingCard,
      { forClient: "The open rating round's card again, to rate how we work with you", channelOnly: true },
    )
    .fallback(replyUnknown);
}
