import type { Turn } from '../turn.ts';
import type { BotServices } from '../bot-services.ts';
import { helpCard, sharedChannelHelpCard } from '../../../features/cards/help-card.ts';
import { commandsFor, helpAudience } from './help-audience.ts';

/**
 * `help`: what the bot does and the commands it understands; in the channel shared with the client, only what the
 * client's people may use there (everyone there reads the card, whoever asked).
 */
export async function showHelp(turn: Turn, services: BotServices): Promise<void> {
  const audience = await helpAudience(turn, services);
  const commands = commandsFor(audience, services);
  const card = audience.clientReads ? sharedChannelHelpCard(commands, audience.askerIsOurs) : helpCard(commands);
  await turn.reply({ cards: [card] });
}
