import { randomUUID } from 'node:crypto';
import type { Turn } from '../turn.ts';
import type { BotServices } from '../bot-services.ts';
import type { CardAttachment } from '../../../features/cards/render-card.ts';
import { actionFormCard } from '../../../features/cards/action-cards.ts';
import { refusalCard } from '../../../features/cards/rating-cards.ts';
import { isPulseError } from '../../../core/pulse-error.ts';
import { channelOf } from './channel-links.ts';
import { typedText } from '../router.ts';

/**
 * `actions`: the plan as this channel may show it; `actions add`: the form; `actions <n> done | reopen | drop |
 * accept | decline | due <date>`: a change, as the asker's side may make it; `actions digest [weekly | monthly]`: how
 * often the shared channel gets the plan's digest (the account team changes it).
 */
export async function actions(turn: Turn, services: BotServices): Promise<void> {
  const roster = turn.roster();
  const r = await services.actions.asker(channelOf(turn).channelId, turn.from.id, roster);
  const [first, verb, arg] = typedText(turn).slice('actions'.length).trim().split(' ').filter(Boolean);
  if (first?.toLowerCase() === 'add')
    return void (await turn.reply({ cards: [actionFormCard(await services.actions.form(r, roster))] }));
  if (first?.toLowerCase() === 'digest') return void (await turn.reply(await services.actions.digest(r, verb)));
  await turn.reply(first ? await services.actions.change(r, first, verb, arg) : await services.actions.list(r));
}

/**
 * `action.form` (Add an action, on a round's results card): the form, as the asker's own view. An Action.Submit
 * fallback would replace the results card for everyone in the channel, so there the answer is how to reach the form.
 */
export async function openActionForm(turn: Turn, services: BotServices): Promise<CardAttachment> {
  const roster = turn.roster();
  try {
    const r = await services.actions.asker(channelOf(turn).channelId, turn.from.id, roster);
    if (!turn.answersPrivately) return refusalCard('Type actions add to add an action here.');
    return actionFormCard(await services.actions.form(r, roster));
  } catch (error) {
    if (isPulseError(error)) return refusalCard(error.userText);
    throw error;
  }
}

/** `action.save`: adds the action once per card action and answers with the form and what happened. */
export async function saveAction(
  turn: Turn,
  services: BotServices,
  data: Record<string, unknown>,
  actionKey: string | undefined,
): Promise<CardAttachment> {
  const roster = turn.roster();
  let r: Awaited<ReturnType<BotServices['actions']['asker']>>;
  try {
    r = await services.actions.asker(channelOf(turn).channelId, turn.from.id, roster);
  } catch (error) {
    if (isPulseError(error)) return refusalCard(error.userText);
    throw error;
  }
  const form = await services.actions.form(r, roster);
  try {
    // Teams retries an invoke it got no answer to with the same activity: the key makes the second add nothing. An
    // activity without an id cannot be told from its copy, so it gets a key of its own.
    const text = await services.actions.add(r, roster, data, actionKey ?? randomUUID());
    return actionFormCard(form, { text, ok: true });
  } catch (error) {
    if (isPulseError(error)) return actionFormCard(form, { text: error.userText, ok: false });
    throw error;
  }
}

/** `targets`: the targets for the next round; `targets <n> <score>`: the team proposes; `targets agree`: the client agrees. */
export async function targets(turn: Turn, services: BotServices): Promise<void> {
  const r = await services.actions.asker(channelOf(turn).channelId, turn.from.id, turn.roster());
  const [first, score] = typedText(turn).slice('targets'.length).trim().split(' ').filter(Boolean);
  await turn.reply(
    !first
      ? await services.targets.list(r)
      : first.toLowerCase() === 'agree'
        ? await services.targets.agree(r)
        : await services.targets.propose(r, first, score),
  );
}
