import type { TurnContext } from 'botbuilder';
import type { BotServices } from '../bot-services.ts';
import { commandText } from '../router.ts';

/** Text that matches no command: say so briefly and point to `help`. */
export async function replyUnknown(context: TurnContext, services: BotServices): Promise<void> {
  const typed = commandText(context);
  const names = services
    .commands()
    .map((c) => `**${c.name}**`)
    .join(', ');
  const opening = typed ? `I don't know "${typed.slice(0, 60)}".` : "I didn't find a command in that message.";
  await context.sendActivity(`${opening} Commands I understand: ${names}. Type **help** to see what I do.`);
}
