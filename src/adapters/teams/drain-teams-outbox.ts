import type { Logger } from '../../platform/log/logger.ts';
import { outboxStore, type OutboxItem } from '../store/outbox-store.ts';
import type { Database, Queryable } from '../store/database.ts';
import { backoffMs } from '../../platform/scheduling/backoff.ts';
import { DeliveryError, teamsDelivery, type Delivered, type TeamsDelivery } from './teams-delivery.ts';
import type { TeamsSender } from './teams-sender.ts';
import type { TeamsLimiter } from './teams-limiter.ts';
import { channelLinksStore } from '../store/channel-links-store.ts';

/** The channel a delivery posts in (a thread's channel for a continued conversation), or undefined for a 1:1 chat. */
function channelOf(d: TeamsDelivery): string | undefined {
  if (d.to.kind === 'channel') return d.to.channelId;
  if (d.to.kind === 'user') return undefined;
  const { conversationType, conversationId } = d.to.reference;
  if (conversationType === 'personal') return undefined;
  return conversationId.split(';')[0];
}

/** How one delivery ended, for the use case that queued it (e.g. to record an unreachable account manager). */
export type DeliveryOutcome =
  | { status: 'delivered'; delivered: Delivered }
  | { status: 'retrying'; reason: string }
  | { status: 'unreachable' | 'failed' | 'unknown'; reason: string };

/** After this many transient failures a message is parked as failed. */
const MAX_DELIVERY_ATTEMPTS = 12;

/** What one drain did. */
interface TeamsDrainStats {
  delivered: number;
  retrying: number;
  unreachable: number;
  failed: number;
  /** Sends a crashed process had started: maybe delivered, never repeated, reported. */
  unknown: number;
}

/** How many Bot Connector requests a delivery makes: the send, plus opening the chat, plus an internal-only roster read. */
function requestsOf(d: TeamsDelivery): number {
  return 1 + (d.to.kind === 'user' ? 1 : 0) + (d.internalOnly && d.to.kind !== 'user' ? 1 : 0);
}

/** Records what a delivery's outcome means for the use case that queued it, inside the engine's transaction. */
export type OutcomeRecorder = (tx: Queryable, item: OutboxItem, outcome: DeliveryOutcome) => Promise<void>;

/**
 * The delivery engine every outbound Teams message goes through: leases due messages from the outbox, paces them
 * under Teams' limits, sends each thread's messages in order, several threads at once, and records the outcome.
 * 429 holds the tenant back for Retry-After; 5xx/412 retry with backoff; 403/404 mark the recipient unreachable
 * (not retried forever). A crash leaves messages leased; they are sent after the lease expires. A message's final
 * state and what it means for its use case (`onOutcome`) are written in one transaction, so a crash between the
 * two cannot leave, say, a delivered prompt still marked as queued.
 */
export async function drainTeamsOutbox(
  deps: { db: Database; sender: TeamsSender; limiter: TeamsLimiter; log: Logger; onOutcome?: OutcomeRecorder },
  options: { batchSize?: number; leaseMs?: number; concurrency?: number } = {},
): Promise<TeamsDrainStats> {
  const stats: TeamsDrainStats = { delivered: 0, retrying: 0, unreachable: 0, failed: 0, unknown: 0 };
  const outbox = outboxStore(deps.db);
  /** Moves the message to its next state and records what that means, together. */
  const settle = async (
    item: OutboxItem,
    outcome: DeliveryOutcome,
    move: (o: ReturnType<typeof outboxStore>) => Promise<unknown>,
  ) => {
    await deps.db.transaction(async (tx) => {
      await move(outboxStore(tx));
      await deps.onOutcome?.(tx, item, outcome);
    });
    stats[outcome.status] += 1;
  };

  const leaseMs = options.leaseMs ?? 120_000;
  /**
   * Returns the delay when the item is to be retried, so the rest of its thread waits behind it; 'lost' when this
   * claim ran out and another replica holds the item now (then it holds the rest of the lane too).
   */
  const deliver = async (item: OutboxItem): Promise<number | 'lost' | undefined> => {
    const parsed = teamsDelivery.safeParse(item.payload);
    if (!parsed.success) {
      await settle(item, { status: 'failed', reason: 'invalid delivery payload' }, (o) =>
        o.fail(item, `invalid delivery: ${parsed.error.issues[0]?.message ?? 'unknown'}`),
      );
      return undefined;
    }
    const d = parsed.data;
    // A channel shared with the client gets client-safe messages only, whatever queued them.
    const channelId = channelOf(d);
    if (!d.clientSafe && channelId && (await channelLinksStore(deps.db).byChannel(channelId))?.purpose === 'shared') {
      deps.log.warn({ key: item.key }, 'refused: a message not marked client-safe was queued for a shared channel');
      await settle(item, { status: 'failed', reason: 'not client-safe' }, (o) =>
        o.fail(item, 'REFUSED: the channel is shared with the client and this message is not marked client-safe'),
      );
      return undefined;
    }
    // Sends are not idempotent: mark the start durably, so a crash from here on is never answered with a resend.
    // The mark is fenced by the claim's token: a lease that ran out and was reclaimed elsewhere is not sent here.
    if (!(await outbox.markSendStarted(item, leaseMs))) {
      deps.log.warn(
        { key: item.key },
        'a Teams message was reclaimed by another replica before its send; not sent here',
      );
      return 'lost';
    }
    // The pacing slot is taken last, right before the request, so database latency cannot bunch requests up.
    const answered = await deps.limiter.acquire(d.threadKey, d.tenantId, requestsOf(d));
    try {
      // The slots are given back however the send ends, a synchronous throw included.
      const delivered = await Promise.resolve()
        .then(() => deps.sender.send(d))
        .finally(answered);
      await settle(item, { status: 'delivered', delivered }, (o) => o.complete(item, delivered));
      return undefined;
    } catch (error) {
      const e =
        error instanceof DeliveryError
          ? error
          : new DeliveryError('transient', (error as Error).message, undefined, { cause: error });
      if (e.kind === 'throttled') {
        const wait = e.retryAfterMs ?? backoffMs(item.attempts);
        deps.limiter.pause(d.tenantId, wait);
        await settle(item, { status: 'retrying', reason: e.message }, (o) => o.retryLater(item, wait, e.message));
        return wait;
      }
      if (e.kind === 'transient' && item.attempts < MAX_DELIVERY_ATTEMPTS) {
        const wait = e.retryAfterMs ?? backoffMs(item.attempts);
        deps.log.warn(
          { key: item.key, attempt: item.attempts, of: MAX_DELIVERY_ATTEMPTS, retryInMs: wait, reason: e.message },
          'a Teams message will be retried',
        );
        await settle(item, { status: 'retrying', reason: e.message }, (o) => o.retryLater(item, wait, e.message));
        return wait;
      }
      deps.log.warn({ key: item.key, kind: e.kind, reason: e.message }, 'a Teams message was not delivered');
      await settle(item, { status: e.kind === 'unreachable' ? 'unreachable' : 'failed', reason: e.message }, (o) =>
        o.fail(item, `${e.kind === 'unreachable' ? 'UNREACHABLE' : 'FAILED'}: ${e.message}`),
      );
      return undefined;
    }
  };

  await deps.db.transaction(async (tx) => {
    for (const item of await outboxStore(tx).parkAmbiguous('teams')) {
      deps.log.warn(
        { key: item.key },
        'a message whose send was interrupted by a crash is not resent; reported as unknown',
      );
      await deps.onOutcome?.(tx, item, {
        status: 'unknown',
        reason: 'the process stopped while this message was being sent; it may have arrived',
      });
      stats.unknown += 1;
    }
  });
  for (;;) {
    const batch = await outbox.claim('teams', options.batchSize ?? 100, leaseMs);
    if (!batch.length) return stats;
    // One lane per thread keeps a thread's messages in order; lanes run side by side.
    const lanes = new Map<string, OutboxItem[]>();
    for (const item of batch) {
      const thread = String((item.payload as { threadKey?: unknown }).threadKey ?? item.key);
      lanes.set(thread, [...(lanes.get(thread) ?? []), item]);
    }
    const queue = [...lanes.values()];
    const workers = Array.from({ length: Math.min(options.concurrency ?? 16, queue.length) }, async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const [i, item] of lane.entries()) {
          const wait = await deliver(item);
          if (wait === undefined) continue;
          if (wait === 'lost') break;
          // Keep the thread in order: what follows a message that must wait, waits with it.
          for (const later of lane.slice(i + 1)) await outbox.postpone(later, wait);
          break;
        }
      }
    });
    await Promise.all(workers);
  }
}
