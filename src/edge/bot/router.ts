import type { CardAttachment } from '../../features/cards/render-card.ts';
import { answerSubmission, type CardAnswer } from './answer-submission.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import { isPulseError, PulseError } from '../../core/pulse-error.ts';
import { cardResponse, errorResponse, messageResponse } from './invoke-response.ts';
import type { BotServices } from './bot-services.ts';
import type { CommandHelp } from '../../features/cards/help-card.ts';
import { cleanText } from '../../core/domain/clean-text.ts';
import { actionKeyOf } from './action-key.ts';
import type { BotEvent, InvokeAnswer, Turn } from './turn.ts';

/** A handler: validate, call one use case, reply. */
type Handler = (turn: Turn, services: BotServices) => Promise<void>;

/**
 * A card action: gets the action's data (inputs merged) and its key (`actionKeyOf`: the same for each delivery of
 * the activity, for a write that must happen once), returns the card that replaces the one clicked.
 */
type CardActionHandler = (
  turn: Turn,
  services: BotServices,
  data: Record<string, unknown>,
  actionKey: string | undefined,
) => Promise<CardAttachment>;

/** An invoke other than a card action (e.g. `application/search` for a typeahead): it returns the invoke response. */
type InvokeHandler = (turn: Turn, services: BotServices) => Promise<InvokeAnswer>;

/** A route declared twice: a programming error, reported at start-up rather than at the first message. */
class DuplicateRouteError extends Error {
  readonly code = 'DUPLICATE_ROUTE';
}

/** What a user typed, as commands read it: the bot's @mention removed, cleaned (`cleanText`), spaces folded. */
export function typedText(turn: Turn): string {
  return cleanText(turn.text).replace(/\s+/g, ' ').trim();
}

/** What a user typed, normalised to match a command: `typedText` in lower case. */
export const commandText = (turn: Turn): string => typedText(turn).toLowerCase();

/** Refuses, politely, what shows a person's own accounts anywhere but their 1:1 chat with the bot. */
function refuseOutsidePersonalChat(turn: Turn, what: string): void {
  if (turn.place.conversationType === 'personal') return;
  throw new PulseError(
    'PERSONAL_CHAT_ONLY',
    `Use ${what} in our 1:1 chat: it shows your own key accounts, which are not for a channel.`,
  );
}

/**
 * Routes by declaration: one line per command and event. For a message, every `messageReceived` handler runs
 * first, then the longest command that prefixes the text, else the fallback.
 */
export class Router {
  private readonly commands = new Map<
    string,
    {
      description: string;
      handler: Handler;
      forClient?: string;
      personalOnly?: boolean;
      channelOnly?: boolean;
      notInMenu?: boolean;
    }
  >();
  private readonly events = new Map<BotEvent, Handler[]>();
  private fallbackHandler: Handler | undefined;
  private readonly cardActions = new Map<string, { handler: CardActionHandler; personalOnly?: boolean }>();
  private readonly invokes = new Map<string, InvokeHandler>();

  /** Declares the handler of an invoke by its name (`application/search`, ...). */
  invoke(name: string, handler: InvokeHandler): this {
    if (this.invokes.has(name) || name === 'adaptiveCard/action')
      throw new DuplicateRouteError(`The invoke "${name}" is declared twice`);
    this.invokes.set(name, handler);
    return this;
  }

  /**
   * Declares the handler of an Action.Execute verb (and its Action.Submit fallback, which carries `verb` in its data).
   * `personalOnly`: the card holds the person's own accounts, so it is refused anywhere but their 1:1 chat.
   */
  cardAction(verb: string, handler: CardActionHandler, options: { personalOnly?: boolean } = {}): this {
    if (this.cardActions.has(verb)) throw new DuplicateRouteError(`The card verb "${verb}" is declared twice`);
    this.cardActions.set(verb, { handler, personalOnly: options.personalOnly });
    return this;
  }

  /**
   * Declares a command typed in a chat (or after an @mention in a channel). `forClient` is how the help describes
   * it to the client's people in the channel shared with them; a command without it is never listed there.
   * `personalOnly`: it shows the person's own accounts, so in a channel (where everyone, the client's people in a
   * shared one included, would read the answer) it is refused and pointed to the 1:1 chat. `channelOnly`: it is
   * about the channel it is typed in (its link, its rounds), so the 1:1 chat's command menu leaves it out.
   */
  command(
    name: string,
    description: string,
    handler: Handler,
    options: { forClient?: string; personalOnly?: boolean; channelOnly?: boolean; notInMenu?: boolean } = {},
  ): this {
    const key = name.toLowerCase().trim();
    if (this.commands.has(key)) throw new DuplicateRouteError(`The command "${key}" is declared twice`);
    this.commands.set(key, { description, handler, ...options });
    return this;
  }

  /** Declares a handler for an event; several may listen to one event and run in declaration order. */
  on(event: BotEvent, handler: Handler): this {
    this.events.set(event, [...(this.events.get(event) ?? []), handler]);
    return this;
  }

  /** Declares what answers text that matches no command. */
  fallback(handler: Handler): this {
    if (this.fallbackHandler) throw new DuplicateRouteError('The fallback is declared twice');
    this.fallbackHandler = handler;
    return this;
  }

  /** The declared commands, for help texts. */
  commandList(): CommandHelp[] {
    return [...this.commands].map(([name, c]) => ({
      name,
      description: c.description,
      ...(c.personalOnly ? { personalOnly: true } : {}),
      ...(c.channelOnly ? { channelOnly: true } : {}),
      ...(c.notInMenu ? { notInMenu: true } : {}),
    }));
  }

  /** The commands the client's people may use in the channel shared with them, as the help describes them there. */
  clientCommandList(): CommandHelp[] {
    return [...this.commands].flatMap(([name, c]) => (c.forClient ? [{ name, description: c.forClient }] : []));
  }

  /** Runs the handlers for one turn. */
  async dispatch(turn: Turn, services: BotServices): Promise<void> {
    const event = turn.event;
    if (!event) {
      services.log.debug({ activityType: turn.activityType, conversationId: turn.place.conversationId }, 'no route');
      return;
    }
    for (const handler of this.events.get(event) ?? []) await handler(turn, services);
    if (event === 'cardActionReceived') return this.dispatchCardAction(turn, services);
    if (event === 'invokeReceived') {
      const handler = this.invokes.get(turn.invokeName ?? '');
      await turn.answerInvoke(handler ? await handler(turn, services) : { status: 501 });
      return;
    }
    if (event !== 'messageReceived') return;
    const text = commandText(turn);
    const match = [...this.commands.keys()]
      .filter((name) => text === name || text.startsWith(`${name} `))
      .sort((a, b) => b.length - a.length)[0];
    const command = match ? this.commands.get(match) : undefined;
    const handler = command ? command.handler : this.fallbackHandler;
    if (!handler) return;
    try {
      if (command?.personalOnly) refuseOutsidePersonalChat(turn, match!);
      await handler(turn, services);
    } catch (error) {
      // A refusal (PulseError) is the reply; anything else is a fault for the turn error handler.
      if (!isPulseError(error)) throw error;
      services.log.info({ command: match ?? 'fallback', code: error.code }, 'command refused');
      await turn.reply(error.userText);
    }
  }

  private async dispatchCardAction(turn: Turn, services: BotServices): Promise<void> {
    const { verb, data } = turn.cardAction ?? { verb: '', data: {} };
    const route = this.cardActions.get(verb);
    const handler = route?.handler;
    let response: InvokeAnswer;
    let answer: CardAnswer;
    if (!handler) {
      services.log.warn({ verb: verb.slice(0, 60), activityId: turn.activityId }, 'unknown card verb');
      answer = { kind: 'fixed', text: 'This card is out of date. Type help to start again.' };
      response = errorResponse(400, 'BadRequest', answer.text);
    } else {
      try {
        if (route?.personalOnly) refuseOutsidePersonalChat(turn, 'this card');
        const key = turn.activityId
          ? actionKeyOf({ id: turn.activityId, from: turn.from, conversation: { id: turn.place.conversationId } })
          : undefined;
        answer = { kind: 'card', card: await handler(turn, services, data, key) };
        response = cardResponse(answer.card.content);
      } catch (error) {
        if (isPulseError(error)) {
          services.log.info({ verb, code: error.code, reason: error.userText }, 'card action refused');
          answer = { kind: 'refusal', text: error.userText };
          response = messageResponse(answer.text);
        } else {
          services.log.error({ verb, activityId: turn.activityId, error: describeError(error) }, 'card action failed');
          const text = `Something went wrong on our side and nothing was changed. (Reference: ${turn.activityId ?? 'unknown'})`;
          answer = { kind: 'fixed', text };
          response = errorResponse(500, 'ServerError', text);
        }
      }
    }
    if (turn.answersPrivately) {
      await turn.answerInvoke(response);
      return;
    }
    // Action.Submit fallback (clients without Universal Actions): everyone in the conversation reads its answer.
    await answerSubmission(turn, services, answer);
  }
}
