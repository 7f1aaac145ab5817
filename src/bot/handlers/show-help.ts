import type { TurnContext } from 'botbuilder';
import type { BotServices } from '../bot-services.ts';
import { helpCard } from '../../cards/help-card.ts';

/** `help`: what the bot does and the commands it understands. */
export async function showHelp(context: TurnContext, services: BotServices): Promise<void> {
  await context.sendActivity({ attachments: [helpCard(services.commands())] });
}
