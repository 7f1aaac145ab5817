import type { Turn } from './turn.ts';
import type { CardAttachment } from '../../features/cards/render-card.ts';
import type { BotServices } from './bot-services.ts';
import { otherOrganisationsRead } from './handlers/channel-guard.ts';

/**
 * What a card action answered, before it is shown: the handler's card or refusal, written for the asker (they may name
 * the asker's accounts), or one of the router's own fixed sentences (an unknown verb, a fault), which name nothing.
 */
export type CardAnswer =
  | { kind: 'card'; card: CardAttachment }
  | { kind: 'refusal'; text: string }
  | { kind: 'fixed'; text: string };

/** The whole answer to a submission where another organisation reads: it says nothing of what the handler did. */
export const CLIENT_SAFE_SUBMISSION_ANSWER =
  'Thank you. People of more than one organisation read this channel, and this version of Teams would show my answer ' +
  'to your click to all of them, so I do not post it here. Use the card in the current Teams (desktop, web or mobile), ' +
  'where my answer is shown to you alone.';

/**
 * Answers a card's Action.Submit fallback (clients without Universal Actions). Unlike an invoke's answer, which only
 * the asker sees, it is put in place of the clicked card, or posted, for everyone in the conversation. So where another
 * organisation reads (a shared channel, a channel with another tenant's people, one whose roster cannot be read), the
 * handler's card or refusal never goes out, whatever the verb: the general sentence does instead.
 */
export async function answerSubmission(turn: Turn, services: BotServices, answer: CardAnswer): Promise<void> {
  if (answer.kind !== 'fixed' && (await otherOrganisationsRead(turn, services))) {
    services.log.info({ activityId: turn.activityId }, 'card answer withheld: another organisation reads here');
    await turn.reply(CLIENT_SAFE_SUBMISSION_ANSWER);
    return;
  }
  if (answer.kind !== 'card') await turn.reply(answer.text);
  else if (turn.replyToId) await turn.update(turn.replyToId, answer.card);
  else await turn.reply({ cards: [answer.card] });
}
