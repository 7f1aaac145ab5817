import type { CardAttachment } from '../../features/cards/render-card.ts';
import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import type { TeamsUser } from '../../adapters/store/users-store.ts';
import type { ConversationRef } from '../../core/ports/conversation-ref.ts';

/** Readable names for the Teams events we route; the bot layer maps the wire's names to them. */
export type BotEvent =
  | 'botInstalled'
  | 'botUninstalled'
  | 'messageReceived'
  | 'cardActionReceived'
  | 'invokeReceived'
  /** A channel was shared with, or unshared from, other teams (`channelShared` / `channelUnshared`). */
  | 'channelSharingChanged';

/** The answer to an invoke, as Teams reads it: an HTTP status and a body. */
export interface InvokeAnswer {
  status: number;
  body?: unknown;
}

/** Where a turn happens: the conversation, and for a team channel, the channel and its team. */
interface TurnPlace {
  conversationId: string;
  /** `personal` (the 1:1 chat), `groupChat` or `channel`; undefined when Teams sent none. */
  conversationType: string | undefined;
  /** The team channel (Teams' `channelData.channel.id`); undefined outside channels. */
  channelId: string | undefined;
  teamId: string | undefined;
  /** The Entra tenant the activity comes from (ours, once the allow-list let it in). */
  tenantId: string | undefined;
}

/** A page of a team's roster, as the roster reader returns it. */
interface TeamMembersPage {
  members: TeamsUser[];
  continuationToken: string | undefined;
}

/**
 * One incoming activity as handlers see it: who, where, what they typed or submitted, and what the handler may do
 * back (reply, update the card, read the roster). Ours, not an SDK's: the bot layer (`botbuilder/turn-of-context.ts`)
 * builds it, so handlers and the router never name the SDK and a successor replaces only that file.
 */
export interface Turn {
  /** The activity's id: the reference a user is given, and what tells a redelivered copy apart; may be missing. */
  readonly activityId: string | undefined;
  /** The event routed, or undefined when nothing here handles this activity. */
  readonly event: BotEvent | undefined;
  /** The activity's wire type (`message`, `invoke`, ...), for logs. */
  readonly activityType: string;
  /** The invoke's name (`application/search`, ...) for `invokeReceived`. */
  readonly invokeName: string | undefined;
  /** The card action's verb and data (inputs merged), for `cardActionReceived`. */
  readonly cardAction: { verb: string; data: Record<string, unknown> } | undefined;
  /** True when the answer reaches the asker only (an `adaptiveCard/action` invoke); false for Action.Submit. */
  readonly answersPrivately: boolean;
  /** The sender, as the activity names them. */
  readonly from: { id: string; aadObjectId: string | undefined; name: string | undefined };
  readonly place: TurnPlace;
  /** What the user typed, the bot's @mention removed (not yet cleaned). */
  readonly text: string;
  /** The invoke's or message's value (an invoke's own payload, such as a typeahead's query). */
  readonly value: unknown;
  /** Teams' channelData (a sharing event's details), unparsed: handlers validate what they read. */
  readonly channelData: unknown;
  /** The message a card action came from (the card to replace), when Teams names it. */
  readonly replyToId: string | undefined;
  /** How to reach this conversation later (proactive messages), in our own stored shape. */
  reference(): ConversationRef;
  /** Posts a message: text (Markdown), or cards with an optional text. */
  reply(message: string | { text?: string; cards: CardAttachment[] }): Promise<void>;
  /** Replaces an earlier message of the bot's with a card. */
  update(activityId: string, card: CardAttachment): Promise<void>;
  /** Answers the invoke (only once per invoke). */
  answerInvoke(answer: InvokeAnswer): Promise<void>;
  /** The channels' rosters in this turn's team (or chat), read with the turn's own credentials. */
  roster(): ChannelRoster;
  /** True when anyone in the channel belongs to another tenant than the turn's, or is a guest or anonymous. */
  channelHasExternalMembers(channelId: string): Promise<boolean>;
  /** The sender (or anyone) as the conversation's roster describes them: e-mail, UPN, tenant. */
  member(userId: string): Promise<TeamsUser>;
  /** A page of the team's whole roster. */
  teamMembers(teamId: string, pageSize: number, continuationToken: string | undefined): Promise<TeamMembersPage>;
}

/** What the HTTP layer sends back for one POST /api/messages. */
export interface BotResponse {
  status: number;
  body?: unknown;
}
