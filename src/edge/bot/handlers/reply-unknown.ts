import type { Turn } from '../turn.ts';
import type { BotServices } from '../bot-services.ts';
import { commandText } from '../router.ts';
import { plainText } from '../../../core/domain/plain-text.ts';
import { commandsFor, helpAudience } from './help-audience.ts';

/** Text that matches no command: say so briefly, name the commands this audience may use, and point to `help`. */
export async function replyUnknown(turn: Turn, services: BotServices): Promise<void> {
  const typed = commandText(turn);
  const names = commandsFor(await helpAudience(turn, services), services)
    .map((c) => `**${c.name}**`)
    .join(', ');
  // Echoed as plain text: in a channel, a Markdown link or mention typed at the bot must not come back as one.
  const echoed = plainText(typed, 60);
  const opening = echoed ? `I don't know "${echoed}".` : "I didn't find a command in that message.";
  await turn.reply(`${opening} Commands I understand: ${names}. Type **help** to see what I do.`);
}
