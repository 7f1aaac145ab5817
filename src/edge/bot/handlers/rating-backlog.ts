import type { TurnContext } from 'botbuilder';
import type { BotServices } from '../bot-services.ts';
import { PulseError } from '../../../core/pulse-error.ts';
import { channelOf } from './channel-links.ts';
import { turnRoster } from './turn-roster.ts';
import { typedText } from '../router.ts';

/** The words after the command, as typed (case kept for names): the mention removed, cleaned, spaces folded. */
function argsAfter(context: TurnContext, command: string): string[] {
  return typedText(context).slice(command.length).trim().split(' ').filter(Boolean);
}

/** The account and side of the asker in this channel, decided from the channel and the roster. */
async function asker(context: TurnContext, services: BotServices) {
  return services.ratings.who(channelOf(context).channelId, context.activity.from.id, turnRoster(context));
}

const teamOnly = () =>
  new PulseError(
    'TEAM_ONLY',
    'Thank you: the account team edits the elements. You can propose one with elements propose <name>.',
  );

/** `elements [propose|add|rename|retire|accept|decline ...]`: shows the elements; the account team edits them. */
export async function elements(context: TurnContext, services: BotServices): Promise<void> {
  const { accountId, side } = await asker(context, services);
  const [verb, ...rest] = argsAfter(context, 'elements');
  const b = services.backlog;
  if (!verb)
    return void (await context.sendActivity(
      `${await b.showElements(accountId)}\n\n${await services.rounds.cadenceText(accountId)}`,
    ));
  // Anyone who may rate here (usually the client) proposes an element; only the account team edits the list.
  if (verb.toLowerCase() === 'propose')
    return void (await context.sendActivity(await b.propose(accountId, rest.join(' '))));
  if (side !== 'internal') throw teamOnly();
  const v = verb.toLowerCase();
  const text =
    v === 'add'
      ? await b.addElement(accountId, rest[0]?.toLowerCase(), rest.slice(1).join(' '))
      : v === 'rename'
        ? await b.renameElement(accountId, rest[0], rest.slice(1).join(' '))
        : v === 'retire'
          ? await b.retireElement(accountId, rest[0])
          : v === 'accept'
            ? await b.decide(accountId, rest[0], true, rest[1]?.toLowerCase())
            : v === 'decline'
              ? await b.decide(accountId, rest[0], false)
              : 'Use: elements, elements add <level> <name>, elements rename <n> <name>, elements retire <n>, ' +
                'elements accept P<n> <level>, elements decline P<n>.';
  await context.sendActivity(text);
}

/** `irritants [<n> open|in progress|fixed | <n> owner <name>]`: both sides see the backlog and update it. */
export async function irritants(context: TurnContext, services: BotServices): Promise<void> {
  const { accountId } = await asker(context, services);
  const [n, ...rest] = argsAfter(context, 'irritants');
  const b = services.backlog;
  await context.sendActivity(
    !n
      ? await b.showIrritants(accountId)
      : rest[0]?.toLowerCase() === 'owner'
        ? await b.setIrritantOwner(accountId, n, rest.slice(1).join(' '))
        : await b.setIrritant(accountId, n, rest.join(' ').toLowerCase()),
  );
}
