import type { Turn } from '../turn.ts';
import type { BotServices } from '../bot-services.ts';
import { PulseError } from '../../../core/pulse-error.ts';
import { channelOf } from './channel-links.ts';
import { typedText } from '../router.ts';

/** The words after the command, as typed (case kept for names): the mention removed, cleaned, spaces folded. */
function argsAfter(turn: Turn, command: string): string[] {
  return typedText(turn).slice(command.length).trim().split(' ').filter(Boolean);
}

/** The account and side of the asker in this channel, decided from the channel and the roster. */
async function asker(turn: Turn, services: BotServices) {
  return services.ratings.who(channelOf(turn).channelId, turn.from.id, turn.roster());
}

const teamOnly = () =>
  new PulseError(
    'TEAM_ONLY',
    'Thank you: the account team edits the elements. You can propose one with elements propose <name>.',
  );

/** `elements [propose|add|rename|retire|accept|decline ...]`: shows the elements; the account team edits them. */
export async function elements(turn: Turn, services: BotServices): Promise<void> {
  const { accountId, side } = await asker(turn, services);
  const [verb, ...rest] = argsAfter(turn, 'elements');
  const b = services.backlog;
  if (!verb)
    return void (await turn.reply(
      `${await b.showElements(accountId)}\n\n${await services.rounds.cadenceText(accountId)}`,
    ));
  // Anyone who may rate here (usually the client) proposes an element; only the account team edits the list.
  if (verb.toLowerCase() === 'propose') return void (await turn.reply(await b.propose(accountId, rest.join(' '))));
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
  await turn.reply(text);
}

/** `irritants [<n> open|in progress|fixed | <n> owner <name>]`: both sides see the backlog and update it. */
export async function irritants(turn: Turn, services: BotServices): Promise<void> {
  const { accountId } = await asker(turn, services);
  const [n, ...rest] = argsAfter(turn, 'irritants');
  const b = services.backlog;
  await turn.reply(
    !n
      ? await b.showIrritants(accountId)
      : rest[0]?.toLowerCase() === 'owner'
        ? await b.setIrritantOwner(accountId, n, rest.slice(1).join(' '))
        : await b.setIrritant(accountId, n, rest.join(' ').toLowerCase()),
  );
}
