import { z } from 'zod';
import { conversationRef, type ConversationRef } from '../../core/ports/conversation-ref.ts';

/** Where a delivery goes: a conversation we have a reference for, or a user to open a 1:1 chat with. */
const deliveryTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conversation'), reference: conversationRef }),
  /** A user to open a 1:1 chat with: by Teams user id (`29:...`) when known, else by Entra object id. */
  z.object({
    kind: z.literal('user'),
    teamsUserId: z.string().min(1).optional(),
    aadObjectId: z.string().min(1),
    tenantId: z.string().min(1),
    serviceUrl: z.string().url(),
  }),
  /** A new post in a team channel: `reference` is the team's, `channelId` the channel to start a thread in. */
  z.object({ kind: z.literal('channel'), reference: conversationRef, channelId: z.string().min(1) }),
]);

/** One queued Teams message (the outbox payload of target 'teams'). */
export const teamsDelivery = z
  .object({
    to: deliveryTarget,
    /** The message: text and/or attachments (Adaptive Cards). */
    activity: z.record(z.string(), z.unknown()),
    /**
     * Internal-only data (revenue, status, risks, internal ratings): in a channel, sent only while every member
     * belongs to `tenantId`, checked against the channel's roster right before the send.
     */
    internalOnly: z.boolean().optional(),
    /**
     * Built only from client-safe types (`ClientSafeScorecard`, the rating card, counts-free text): the only kind of
     * message the engine sends to a channel linked as shared with the client.
     */
    clientSafe: z.literal(true).optional(),
    /** Set to update a message already sent (e.g. a scorecard whose numbers changed) instead of sending a new one. */
    replaceActivityId: z.string().min(1).optional(),
    /** Rate-limit keys: the thread (conversation or user) and the tenant. */
    threadKey: z.string().min(1),
    tenantId: z.string().min(1),
  })
  .refine((d) => !(d.internalOnly && d.clientSafe), 'a message cannot be both internal-only and client-safe');

/** A queued Teams message. */
export type TeamsDelivery = z.infer<typeof teamsDelivery>;

/** What Teams answered for a delivered message: where it landed, for later updates in place. */
export interface Delivered {
  activityId: string | undefined;
  conversationId: string;
  reference: ConversationRef;
}

/**
 * Why a delivery did not go through, in the terms the engine acts on; `cause` keeps the connector's (or the bot's)
 * original error for the logs.
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'throttled' | 'unreachable' | 'transient' | 'permanent',
    message: string,
    readonly retryAfterMs?: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}
