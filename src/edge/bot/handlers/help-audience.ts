import type { Turn } from '../turn.ts';
import type { BotServices } from '../bot-services.ts';
import type { CommandHelp } from '../../../features/cards/help-card.ts';

import { conversationChannelId, otherOrganisationsRead } from './channel-guard.ts';
import { describeError } from '../../../platform/log/describe-error.ts';

/**
 * Who reads a help text given in this conversation. Everyone in a channel sees the reply, whoever asked: in the
 * channel shared with the client (linked so, or readable by another tenant) that is the client's people, so
 * the help lists only what they may use there; `askerIsOurs` when someone of our tenant asked.
 */
type HelpAudience = { clientReads: false } | { clientReads: true; askerIsOurs: boolean };

/**
 * Decides the audience from the link and the channel's roster, never from what the message says; where that cannot be
 * read, the client is taken to read (nothing internal is shown).
 */
export async function helpAudience(turn: Turn, services: BotServices): Promise<HelpAudience> {
  if (!(await otherOrganisationsRead(turn, services))) return { clientReads: false };
  try {
    const asker = await turn.roster().member(conversationChannelId(turn), turn.from.id);
    const host = turn.place.tenantId?.toLowerCase();
    return { clientReads: true, askerIsOurs: !!asker && !!host && asker.tenantId.toLowerCase() === host };
  } catch (error) {
    // The asker could not be looked up (throttled, the app not enabled there): the help shows nothing internal anyway.
    services.log.warn({ error: describeError(error) }, 'channel audience unknown; help answered as for the client');
    return { clientReads: true, askerIsOurs: false };
  }
}

/** The commands that audience may be told of. */
export const commandsFor = (audience: HelpAudience, services: BotServices): readonly CommandHelp[] =>
  audience.clientReads ? services.clientCommands() : services.commands();
