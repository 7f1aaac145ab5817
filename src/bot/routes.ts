import { Router } from './router.ts';
import { recordInstallation, recordUninstallation, rememberPersonalChat } from './handlers/record-installation.ts';
import { showHelp } from './handlers/show-help.ts';
import { replyUnknown } from './handlers/reply-unknown.ts';
import { openReturn, showReturnList, submitReturn } from './handlers/checkin-actions.ts';
import { VERBS } from '../cards/verbs.ts';
import { showLogMeeting, showStatus, submitLoggedMeeting } from './handlers/my-accounts.ts';

/** Every command and event the bot answers, one line each; a duplicate fails at start-up. */
export function buildRoutes(): Router {
  return new Router()
    .on('botInstalled', recordInstallation)
    .on('botUninstalled', recordUninstallation)
    .on('messageReceived', rememberPersonalChat)
    .on('cardActionReceived', rememberPersonalChat)
    .cardAction(VERBS.listReturns, showReturnList)
    .cardAction(VERBS.openReturn, openReturn)
    .cardAction(VERBS.saveReturn, submitReturn)
    .cardAction(VERBS.logMeeting, submitLoggedMeeting)
    .command('help', 'What I do and the commands I understand', showHelp)
    .command('status', 'My key accounts this month: answered or pending (and my team, for managers)', showStatus)
    .command('log meeting', 'Record a meeting with a client that Salesforce does not have', showLogMeeting)
    .fallback(replyUnknown);
}
